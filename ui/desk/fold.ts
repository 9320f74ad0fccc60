/** Accent-insensitive search of the procedure catalogue ("khai sinh", "khaisinh" find "Đăng ký khai sinh"). */
import type { Procedure } from './types.ts';

/** Lower case, without Vietnamese diacritics (đ → d), spaces collapsed. */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/\s+/g, ' ').trim();
}

const compact = (s: string) => s.replace(/[\s.\-_]/g, '');

/** The procedures matching `query` (name in either language, national code or id), best first. */
export function searchProcedures(list: Procedure[], query: string): Procedure[] {
  const q = fold(query);
  if (!q) return list;
  const qc = compact(q);
  const scored: Array<{ p: Procedure; score: number }> = [];
  for (const p of list) {
    const names = [fold(p.nameVi), fold(p.nameEn)];
    const code = fold(p.nationalCode ?? '');
    let score = 0;
    if (code && (code === q || compact(code) === qc)) score = 100;
    else if (code && (code.startsWith(q) || compact(code).startsWith(qc))) score = 80;
    else if (names.some((n) => n.startsWith(q))) score = 60;
    else if (names.some((n) => n.includes(q) || n.split(' ').some((w) => w.startsWith(q)))) score = 50;
    else if (qc.length >= 3 && names.some((n) => compact(n).includes(qc))) score = 40;
    else if (fold(p.field).includes(q) || p.id.includes(qc)) score = 20;
    if (score) scored.push({ p, score });
  }
  return scored.sort((a, b) => b.score - a.score || a.p.nameVi.localeCompare(b.p.nameVi, 'vi')).map((x) => x.p);
}
