/** Shared helpers of the calendar tests. */
import { dayFromIsoDate, isoDateOf, weekdayOf } from '../../../api/domain/calendar/index.ts';

/** Local day number of 'YYYY-MM-DD' (throws on a bad date: test data must be right). */
export function day(iso: string): number {
  const d = dayFromIsoDate(iso);
  if (d === null) throw new Error(`bad date ${iso}`);
  return d;
}

/** Every local day of a year, in order. */
export function daysOfYear(year: number): number[] {
  const first = day(`${year}-01-01`);
  const last = day(`${year}-12-31`);
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** Weekday name for messages. */
export function label(d: number): string {
  return `${isoDateOf(d)} (${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][weekdayOf(d)]})`;
}
