/**
 * Dossier deadlines (hạn trả kết quả, the appointment on form 01) from a receipt instant and a
 * legal time limit.
 *
 * Rules (Decree 118/2025 Art. 17–19; Civil Code 2015 Art. 147: a period in days starts on the
 * day after the event):
 * 1. Receipt outside office hours or on a day off counts from the next working instant.
 * 2. The 15:00 rule: a dossier whose (normalised) receipt is after the cut-off (strictly after
 *    15:00:00) is treated as received at the opening of the next working day.
 * 3. Working days (N ≥ 1): the day of (effective) receipt is not counted; the dossier is due at
 *    the close of office hours of the N-th working day after it. Example: received Mon 10:00,
 *    3 working days → due Thu 17:00; received Mon 15:30 → treated as Tue 07:30 → due Fri 17:00.
 * 4. Same day ("trong ngày"): due at the close of the day of effective receipt, i.e. the same
 *    day when received by 15:00, the next working day when received after 15:00.
 * 5. Working hours (H > 0): H working hours added to the receipt, counting only office
 *    intervals. The 15:00 rule does not apply (it concerns day-based limits); rule 1 does.
 */
import type { Calendar } from './calendar.ts';
import { addWorkingMs, nextWorkingMs, nthWorkingDayAfter, officeCloseMs, officeOpenMs, workingDayOnOrAfter } from './arithmetic.ts';
import { fieldError, type FieldError } from './field-error.ts';
import { HOUR_MS, instantAt, localDayOf } from './time.ts';

/** A legal time limit of a procedure. */
export type TimeLimit =
  | { kind: 'workingDays'; days: number }
  | { kind: 'workingHours'; hours: number }
  | { kind: 'sameDay' };

/** Largest accepted limits (sanity bounds for imported data and queries). */
export const MAX_WORKING_DAYS = 1000;
/** @see MAX_WORKING_DAYS */
export const MAX_WORKING_HOURS = 8000;

/** Epoch-ms form of {@link effectiveReceipt}. */
export function effectiveReceiptMs(calendar: Calendar, t: number): number {
  const r = nextWorkingMs(calendar, t);
  const day = localDayOf(r);
  if (r <= instantAt(day, calendar.compiled.cutoffMinutes)) return r;
  return officeOpenMs(calendar, workingDayOnOrAfter(calendar, day + 1));
}

/**
 * When the day-based clock starts for a dossier received at `receivedAt`: the next working
 * instant, moved to the next working day's opening when later than the cut-off (15:00 rule).
 */
export function effectiveReceipt(calendar: Calendar, receivedAt: Date): Date {
  return new Date(effectiveReceiptMs(calendar, receivedAt.getTime()));
}

/** The due instant of a dossier received at `receivedAt` with time limit `limit` (rules above). */
export function dueAt(calendar: Calendar, receivedAt: Date, limit: TimeLimit): Date {
  const t = receivedAt.getTime();
  switch (limit.kind) {
    case 'workingHours':
      return new Date(addWorkingMs(calendar, nextWorkingMs(calendar, t), Math.round(limit.hours * HOUR_MS)));
    case 'sameDay':
      return new Date(officeCloseMs(calendar, localDayOf(effectiveReceiptMs(calendar, t))));
    case 'workingDays': {
      const day = nthWorkingDayAfter(calendar, localDayOf(effectiveReceiptMs(calendar, t)), limit.days);
      return new Date(officeCloseMs(calendar, day));
    }
  }
}

/** Validates a time limit; errors name `kind`, `days` or `hours` under `prefix`. */
export function validateTimeLimit(limit: unknown, prefix = 'limit'): FieldError[] {
  const l = limit as Partial<{ kind: string; days: unknown; hours: unknown }> | null;
  if (typeof l !== 'object' || l === null) {
    return [fieldError(prefix, 'NOT_AN_OBJECT', 'Thời hạn không hợp lệ.', 'Invalid time limit.')];
  }
  if (l.kind === 'sameDay') return [];
  if (l.kind === 'workingDays') {
    const ok = Number.isInteger(l.days) && (l.days as number) >= 1 && (l.days as number) <= MAX_WORKING_DAYS;
    return ok ? [] : [fieldError(`${prefix}.days`, 'INVALID_WORKING_DAYS', `Số ngày làm việc phải là số nguyên từ 1 đến ${MAX_WORKING_DAYS}.`, `Working days must be an integer from 1 to ${MAX_WORKING_DAYS}.`)];
  }
  if (l.kind === 'workingHours') {
    const ok = typeof l.hours === 'number' && l.hours > 0 && l.hours <= MAX_WORKING_HOURS;
    return ok ? [] : [fieldError(`${prefix}.hours`, 'INVALID_WORKING_HOURS', `Số giờ làm việc phải lớn hơn 0 và không quá ${MAX_WORKING_HOURS}.`, `Working hours must be more than 0 and at most ${MAX_WORKING_HOURS}.`)];
  }
  return [fieldError(`${prefix}.kind`, 'INVALID_KIND', 'Loại thời hạn phải là workingDays, workingHours hoặc sameDay.', 'Kind must be workingDays, workingHours or sameDay.')];
}
