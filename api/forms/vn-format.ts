/**
 * Vietnamese formatting of times and amounts, in UTC+7 (Asia/Ho_Chi_Minh has no DST). Pure.
 */

const OFFSET_MS = 7 * 3600 * 1000;
const p2 = (n: number): string => String(n).padStart(2, '0');

/** Calendar fields of an instant in UTC+7. */
export function vnParts(at: Date): { year: number; month: number; day: number; hour: number; minute: number } {
  const d = new Date(at.getTime() + OFFSET_MS);
  return {
    year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(),
    hour: d.getUTCHours(), minute: d.getUTCMinutes(),
  };
}

/** «ngày 24 tháng 02 năm 2026». */
export function vnDate(at: Date): string {
  const p = vnParts(at);
  return `ngày ${p2(p.day)} tháng ${p2(p.month)} năm ${p.year}`;
}

/** «17 giờ 00 phút, ngày 24 tháng 02 năm 2026». */
export function vnDateTime(at: Date): string {
  const p = vnParts(at);
  return `${p2(p.hour)} giờ ${p2(p.minute)} phút, ${vnDate(at)}`;
}

/** «24/02/2026». */
export function vnShortDate(at: Date): string {
  const p = vnParts(at);
  return `${p2(p.day)}/${p2(p.month)}/${p.year}`;
}

/** «24/02/2026 17:00». */
export function vnShortDateTime(at: Date): string {
  const p = vnParts(at);
  return `${vnShortDate(at)} ${p2(p.hour)}:${p2(p.minute)}`;
}

/** «Phước Long, ngày 24 tháng 02 năm 2026». */
export function vnPlaceDate(place: string, at: Date): string {
  return `${place}, ${vnDate(at)}`;
}

/** «1.250.000 đồng» (dot as thousands separator). */
export function vnd(amount: number): string {
  const digits = String(Math.round(Math.abs(amount))).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${amount < 0 ? '-' : ''}${digits} đồng`;
}

/** Two-digit count as on the forms: «02». */
export function count2(n: number): string {
  return p2(n);
}
