/**
 * Form 07: Sổ theo dõi hồ sơ (dossier register) for a period, A4 landscape.
 */
import { header, para, title } from './blocks.ts';
import { newDocument, toBuffer } from './pdf-document.ts';
import { REGISTER_COLUMNS, REGISTER_TITLE, type RegisterValue } from './register-columns.ts';
import { table } from './table.ts';
import type { Form07Input } from './types.ts';
import { vnShortDate, vnShortDateTime } from './vn-format.ts';

/** A register value as PDF text; times on two lines (date, then hour). */
export function registerText(v: RegisterValue): string {
  if (v === null) return '';
  if (v instanceof Date) return vnShortDateTime(v).replace(' ', '\n');
  return String(v);
}

/** Render form 07 (the register) as an A4 landscape PDF. */
export function renderForm07(f: Form07Input): Promise<Buffer> {
  const doc = newDocument({ title: REGISTER_TITLE, landscape: true });
  header(doc, f.agency, f.issuedAt);
  title(doc, REGISTER_TITLE, `Từ ngày ${vnShortDate(f.period.from)} đến ngày ${vnShortDate(f.period.to)}`);
  const columns = REGISTER_COLUMNS.map((c) => ({ header: c.pdfHeader ?? c.header, width: c.width, align: c.key === 'stt' || c.key === 'sets' ? 'center' as const : 'left' as const }));
  const rows = f.rows.map((r, i) => ({ cells: REGISTER_COLUMNS.map((c) => registerText(c.value(r, i))) }));
  table(doc, columns, rows, 7);
  doc.moveDown(0.5);
  para(doc, `Tổng số hồ sơ: ${f.rows.length}`, 'bold');
  return toBuffer(doc);
}
