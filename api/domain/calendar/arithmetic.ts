/**
 * Working-time arithmetic on a {@link Calendar}: only office intervals count (lunch break,
 * nights, weekly rest days and days off excluded). Instants are `Date`s; durations are
 * milliseconds of working time unless the name says hours or days.
 *
 * Conventions: an office interval is [start, end); adding a positive duration returns the
 * earliest instant at which that much working time has accrued, so a result can be exactly
 * an end of office hours (17:00), never the next morning's opening.
 */
import type { Calendar } from './calendar.ts';
import { HOUR_MS, localDayOf } from './time.ts';

/** Days scanned before concluding that a calendar has no working time left (10 years). */
const MAX_SCAN_DAYS = 3660;

function scanError(): never {
  throw new RangeError('No working time within 10 years / Không có thời gian làm việc trong 10 năm');
}

/** Epoch-ms form of {@link nextWorkingInstant}. */
export function nextWorkingMs(calendar: Calendar, t: number): number {
  const first = localDayOf(t);
  for (let day = first; day < first + MAX_SCAN_DAYS; day += 1) {
    for (const [s, e] of calendar.intervalsOn(day)) if (t < e) return Math.max(s, t);
  }
  return scanError();
}

/** The instant itself when it is within office hours, otherwise the next opening of the office. */
export function nextWorkingInstant(calendar: Calendar, at: Date): Date {
  return new Date(nextWorkingMs(calendar, at.getTime()));
}

/** Whether an instant is within office hours. */
export function isWorkingInstant(calendar: Calendar, at: Date): boolean {
  const t = at.getTime();
  return calendar.intervalsOn(localDayOf(t)).some(([s, e]) => s <= t && t < e);
}

/** Epoch-ms form of {@link addWorkingTime}. */
export function addWorkingMs(calendar: Calendar, t: number, duration: number): number {
  if (!Number.isFinite(duration) || duration < 0) throw new RangeError(`Invalid working duration: ${duration}`);
  if (duration === 0) return t;
  let left = duration;
  const first = localDayOf(t);
  for (let day = first; day < first + MAX_SCAN_DAYS; day += 1) {
    for (const [s, e] of calendar.intervalsOn(day)) {
      if (e <= t) continue;
      const start = Math.max(s, t);
      if (left <= e - start) return start + left;
      left -= e - start;
    }
  }
  return scanError();
}

/** Adds `durationMs` (≥ 0) of working time to an instant. Adding 0 returns the instant unchanged. */
export function addWorkingTime(calendar: Calendar, at: Date, durationMs: number): Date {
  return new Date(addWorkingMs(calendar, at.getTime(), durationMs));
}

/** Adds `hours` (≥ 0, fractions allowed) working hours, e.g. 16:00 + 2 h = 08:30 next working day. */
export function addWorkingHours(calendar: Calendar, at: Date, hours: number): Date {
  return addWorkingTime(calendar, at, Math.round(hours * HOUR_MS));
}

/** Epoch-ms form of {@link workingTimeBetween}. */
export function workingMsBetween(calendar: Calendar, a: number, b: number): number {
  if (b < a) return -workingMsBetween(calendar, b, a);
  let total = 0;
  for (let day = localDayOf(a); day <= localDayOf(b); day += 1) {
    for (const [s, e] of calendar.intervalsOn(day)) {
      const overlap = Math.min(e, b) - Math.max(s, a);
      if (overlap > 0) total += overlap;
    }
  }
  return total;
}

/** Working time in milliseconds from `from` to `to` (negative when `to` is earlier). */
export function workingTimeBetween(calendar: Calendar, from: Date, to: Date): number {
  return workingMsBetween(calendar, from.getTime(), to.getTime());
}

/** The first working day on or after a local day. */
export function workingDayOnOrAfter(calendar: Calendar, day: number): number {
  for (let d = day; d < day + MAX_SCAN_DAYS; d += 1) if (calendar.isWorkingDay(d)) return d;
  return scanError();
}

/** The last working day strictly before a local day. */
export function workingDayBefore(calendar: Calendar, day: number): number {
  for (let d = day - 1; d > day - MAX_SCAN_DAYS; d -= 1) if (calendar.isWorkingDay(d)) return d;
  return scanError();
}

/** The n-th working day strictly after a local day (n ≥ 1); n = 0 gives the first working day on or after it. */
export function nthWorkingDayAfter(calendar: Calendar, day: number, n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Invalid number of working days: ${n}`);
  let d = n === 0 ? workingDayOnOrAfter(calendar, day) : day;
  for (let i = 0; i < n; i += 1) d = workingDayOnOrAfter(calendar, d + 1);
  return d;
}

/** The end of office hours (close of the last interval) of a working day, as epoch ms. */
export function officeCloseMs(calendar: Calendar, day: number): number {
  const intervals = calendar.intervalsOn(day);
  if (intervals.length === 0) throw new RangeError(`Not a working day: ${day}`);
  return intervals[intervals.length - 1][1];
}

/** The opening of office hours (start of the first interval) of a working day, as epoch ms. */
export function officeOpenMs(calendar: Calendar, day: number): number {
  const intervals = calendar.intervalsOn(day);
  if (intervals.length === 0) throw new RangeError(`Not a working day: ${day}`);
  return intervals[0][0];
}

/**
 * Day arithmetic: the end of office hours of the n-th working day after the local day of `at`
 * (the day of `at` itself is not counted; n = 0 gives the close of the first working day on or
 * after it). No 15:00 rule here — see `dueAt` for dossier deadlines.
 */
export function addWorkingDays(calendar: Calendar, at: Date, n: number): Date {
  const day = nthWorkingDayAfter(calendar, localDayOf(at.getTime()), n);
  return new Date(officeCloseMs(calendar, day));
}
