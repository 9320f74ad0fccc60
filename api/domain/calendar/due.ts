/**
 * Dossier deadlines (hạn trả kết quả, the appointment on form 01) from a receipt instant and a
 * legal time limit.
 *
 * Rules (Decree 118/2025 Art. 17–19; Civil Code 2015 Art. 147: a period in days starts on the
 * day after the event):
 * 1. Receipt outside office hours or on a day off counts from the next working instant.
 * 2. The 15:00 rule: a dossier whose (normalised) receipt is after the cut-off (strictly after
 *    15:00:00) is forwarded at the opening of the next working day ({@link forwardingAt}).
 * 3. Working days (N ≥ 1): the day of receipt is not counted; the dossier is due at the close of
 *    office hours of the N-th working day after it, whatever the hour of receipt. Example:
 *    received Mon 10:00 or Mon 15:30, 3 working days → due Thu 17:00. With the cut-off set to
 *    affect `allDayLimits` (a province's choice), Mon 15:30 counts from Tue → due Fri 17:00.
 * 4. Same day ("trong ngày"): due at the close of the day of forwarding, i.e. the same day when
 *    received by 15:00, the next working day when received after 15:00.
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

/** Epoch-ms form of {@link forwardingAt}. */
export function forwardingMs(calendar: Calendar, t: number): number {
  const r = nextWorkingMs(calendar, t);
  const day = localDayOf(r);
  if (r <= instantAt(day, calendar.compiled.cutoffMinutes)) return r;
  return officeOpenMs(calendar, workingDayOnOrAfter(calendar, day + 1));
}

/**
 * When a dossier received at `receivedAt` is forwarded at the latest: the next working instant,
 * moved to the next working day's opening when later than the cut-off (15:00 rule).
 */
export function forwardingAt(calendar: Calendar, receivedAt: Date): Date {
  return new Date(forwardingMs(calendar, receivedAt.getTime()));
}

/**
 * The deadline of the reception step (tiếp nhận → chuyển hồ sơ): within the day of receipt
 * (its close) when received by the cut-off; else "at the start of the next working day": by the
 * office hours' `forwardNextDayBy`, by default the end of its first office interval (11:30).
 */
export function forwardingDueAt(calendar: Calendar, receivedAt: Date): Date {
  const t = receivedAt.getTime();
  const next = nextWorkingMs(calendar, t);
  const forwarded = forwardingMs(calendar, t);
  const day = localDayOf(forwarded);
  if (forwarded === next) return new Date(officeCloseMs(calendar, day));
  const by = calendar.compiled.forwardNextDayByMinutes;
  if (by === null) return new Date(calendar.intervalsOn(day)[0][1]);
  return new Date(Math.min(Math.max(forwarded, instantAt(day, by)), officeCloseMs(calendar, day)));
}

/** The local day from which limits in working days are counted (that day itself not counted). */
export function dayOfReceipt(calendar: Calendar, receivedAt: Date): number {
  const t = receivedAt.getTime();
  const from = calendar.compiled.cutoffAffects === 'allDayLimits' ? forwardingMs(calendar, t) : nextWorkingMs(calendar, t);
  return localDayOf(from);
}

/** The due instant of a dossier received at `receivedAt` with time limit `limit` (rules above). */
export function dueAt(calendar: Calendar, receivedAt: Date, limit: TimeLimit): Date {
  const t = receivedAt.getTime();
  switch (limit.kind) {
    case 'workingHours':
      return new Date(addWorkingMs(calendar, nextWorkingMs(calendar, t), Math.round(limit.hours * HOUR_MS)));
    case 'sameDay':
      return new Date(officeCloseMs(calendar, localDayOf(forwardingMs(calendar, t))));
    case 'workingDays': {
      const day = nthWorkingDayAfter(calendar, dayOfReceipt(calendar, receivedAt), limit.days);
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
