/** Dates, times and money as Vietnamese officers read them (Asia/Ho_Chi_Minh, whatever the browser's zone). */
import { getLang } from './i18n.ts';

const TZ = 'Asia/Ho_Chi_Minh';
const locale = () => (getLang() === 'vi' ? 'vi-VN' : 'en-GB');

/** 14:05 30/11/2026 */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  const time = d.toLocaleTimeString(locale(), { timeZone: TZ, hour: '2-digit', minute: '2-digit', hour12: false });
  return `${time} ${date(iso)}`;
}

/** 30/11/2026 */
export function date(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleDateString('en-GB', { timeZone: TZ, day: '2-digit', month: '2-digit', year: 'numeric' });
}

/** 200.000 ₫ */
export function money(amount: number | null | undefined): string {
  if (amount === null || amount === undefined) return '—';
  return `${amount.toLocaleString('vi-VN')} ₫`;
}

/** "còn 3 giờ" / "quá 2 ngày" — wall-clock distance to a due time, for a glance (the SLA state is the authority). */
export function relative(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '';
  const ms = new Date(iso).getTime() - now;
  const abs = Math.abs(ms);
  const vi = getLang() === 'vi';
  const [n, unitVi, unitEn] = abs >= 86_400_000 ? [Math.floor(abs / 86_400_000), 'ngày', 'day'] : abs >= 3_600_000 ? [Math.floor(abs / 3_600_000), 'giờ', 'hour'] : [Math.max(1, Math.floor(abs / 60_000)), 'phút', 'minute'];
  if (vi) return ms >= 0 ? `còn ${n} ${unitVi}` : `quá ${n} ${unitVi}`;
  return ms >= 0 ? `${n} ${unitEn}${n > 1 ? 's' : ''} left` : `${n} ${unitEn}${n > 1 ? 's' : ''} late`;
}
