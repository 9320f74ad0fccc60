/**
 * Fixed-offset time helpers for Vietnam (Asia/Ho_Chi_Minh, UTC+7, no daylight saving time
 * since 1975). Every calendar computation works on two integer scales:
 * - an instant: milliseconds since the Unix epoch (a `Date` at the API boundary);
 * - a local day: the number of whole days since 1970-01-01 in local (UTC+7) time.
 */

/** The offset of Vietnam's time zone, in milliseconds (UTC+7). */
export const VN_OFFSET_MS = 7 * 3_600_000;
/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;
/** Milliseconds in a minute. */
export const MINUTE_MS = 60_000;
/** Milliseconds in an hour. */
export const HOUR_MS = 3_600_000;

/** The local (UTC+7) day number of an instant given in epoch milliseconds. */
export function localDayOf(ms: number): number {
  return Math.floor((ms + VN_OFFSET_MS) / DAY_MS);
}

/** The epoch milliseconds of local midnight (00:00 UTC+7) starting the given local day. */
export function startOfLocalDay(day: number): number {
  return day * DAY_MS - VN_OFFSET_MS;
}

/** Milliseconds elapsed since local midnight for an instant. */
export function msSinceLocalMidnight(ms: number): number {
  return ms - startOfLocalDay(localDayOf(ms));
}

/** The instant at `minutes` after local midnight of `day`. */
export function instantAt(day: number, minutes: number): number {
  return startOfLocalDay(day) + minutes * MINUTE_MS;
}

/** Day of the week of a local day: 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The local day number of a calendar date 'YYYY-MM-DD', or `null` when the text is not a
 * real date (e.g. '2026-02-30').
 */
export function dayFromIsoDate(text: string): number | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return dayFromYmd(y, mo, d);
}

/** The local day number of (year, month 1–12, day 1–31), or `null` if it is not a real date. */
export function dayFromYmd(year: number, month: number, day: number): number | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const ms = Date.UTC(year, month - 1, day);
  const probe = new Date(ms);
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1) return null;
  if (year >= 0 && year < 100) return null;
  return Math.round(ms / DAY_MS);
}

/** The calendar date of a local day as { year, month 1–12, day }. */
export function ymdOf(day: number): { year: number; month: number; day: number } {
  const d = new Date(day * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The local day formatted 'YYYY-MM-DD'. */
export function isoDateOf(day: number): string {
  const { year, month, day: d } = ymdOf(day);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(d, 2)}`;
}

/** The calendar year a local day belongs to. */
export function yearOf(day: number): number {
  return ymdOf(day).year;
}

/** Zero-pads a non-negative integer. */
export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

/** Minutes since midnight of 'HH:MM' (00:00–24:00), or `null` if malformed. */
export function minutesFromTimeOfDay(text: string): number | null {
  const m = TIME_OF_DAY.exec(text);
  if (!m) return null;
  if (text === '24:00') return 24 * 60;
  return Number(m[1]) * 60 + Number(m[2]);
}
