/**
 * The pure core of `GET /api/calendar/due?from=<ISO instant>&workingDays=<n>` (or
 * `&workingHours=<n>`, or `&sameDay=true`) → `{ "dueAt": "<ISO instant with +07:00>" }`.
 * The HTTP layer passes the raw query object and answers 400 with `errors` when not ok.
 */
import type { Calendar } from './calendar.ts';
import { dueAt, MAX_WORKING_DAYS, MAX_WORKING_HOURS, type TimeLimit } from './due.ts';
import { fieldError, type FieldError } from './field-error.ts';
import { formatVnInstant, parseIsoInstant } from './format.ts';

/** The raw query string values (strings; arrays when a parameter is repeated). */
export type DueQuery = Record<string, unknown>;

/** A parsed query. */
export type ParsedDueQuery = { ok: true; from: Date; limit: TimeLimit } | { ok: false; errors: FieldError[] };

/** The answer: the response body `{ dueAt }`, or the field errors for a 400. */
export type DueAnswer = { ok: true; body: { dueAt: string } } | { ok: false; errors: FieldError[] };

const OUT_OF_RANGE = fieldError('from', 'OUT_OF_SUPPORTED_RANGE', 'Thời điểm nằm ngoài khoảng lịch hỗ trợ (1900–2199).', 'The instant is outside the supported calendar range (1900–2199).');
const INTEGER = /^\d+$/;
const DECIMAL = /^\d+(\.\d+)?$/;

/** Parses and validates the query: `from` plus exactly one of the three limits. */
export function parseDueQuery(query: DueQuery): ParsedDueQuery {
  const errors: FieldError[] = [];
  const from = typeof query.from === 'string' ? parseIsoInstant(query.from) : null;
  if (query.from === undefined) {
    errors.push(fieldError('from', 'REQUIRED', 'Thiếu thời điểm tiếp nhận (from).', 'Missing the receipt instant (from).'));
  } else if (from === null) {
    errors.push(fieldError('from', 'INVALID_INSTANT', 'Thời điểm phải theo ISO 8601 có múi giờ, ví dụ 2026-02-13T10:00:00+07:00.', 'Must be an ISO 8601 instant with offset, e.g. 2026-02-13T10:00:00+07:00.'));
  }
  const limits = collectLimits(query, errors);
  if (limits.length === 0 && errors.every((e) => e.field === 'from')) {
    errors.push(fieldError('workingDays', 'LIMIT_REQUIRED', 'Cần đúng một trong: workingDays, workingHours, sameDay=true.', 'Exactly one of workingDays, workingHours, sameDay=true is required.'));
  }
  for (const extra of limits.slice(1)) {
    errors.push(fieldError(extra.field, 'CONFLICTING_LIMITS', 'Chỉ được chọn một trong: workingDays, workingHours, sameDay=true.', 'Only one of workingDays, workingHours, sameDay=true may be given.'));
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, from: from!, limit: limits[0].limit };
}

function collectLimits(query: DueQuery, errors: FieldError[]): Array<{ field: string; limit: TimeLimit }> {
  const found: Array<{ field: string; limit: TimeLimit }> = [];
  const days = query.workingDays;
  if (days !== undefined) {
    const n = typeof days === 'string' && INTEGER.test(days) ? Number(days) : NaN;
    if (n >= 1 && n <= MAX_WORKING_DAYS) found.push({ field: 'workingDays', limit: { kind: 'workingDays', days: n } });
    else errors.push(fieldError('workingDays', 'INVALID_WORKING_DAYS', `Số ngày làm việc phải là số nguyên từ 1 đến ${MAX_WORKING_DAYS}.`, `Working days must be an integer from 1 to ${MAX_WORKING_DAYS}.`));
  }
  const hours = query.workingHours;
  if (hours !== undefined) {
    const h = typeof hours === 'string' && DECIMAL.test(hours) ? Number(hours) : NaN;
    if (h > 0 && h <= MAX_WORKING_HOURS) found.push({ field: 'workingHours', limit: { kind: 'workingHours', hours: h } });
    else errors.push(fieldError('workingHours', 'INVALID_WORKING_HOURS', `Số giờ làm việc phải lớn hơn 0 và không quá ${MAX_WORKING_HOURS}.`, `Working hours must be more than 0 and at most ${MAX_WORKING_HOURS}.`));
  }
  const sameDay = query.sameDay;
  if (sameDay === 'true') found.push({ field: 'sameDay', limit: { kind: 'sameDay' } });
  else if (sameDay !== undefined && sameDay !== 'false') {
    errors.push(fieldError('sameDay', 'INVALID_BOOLEAN', 'sameDay phải là true hoặc false.', 'sameDay must be true or false.'));
  }
  return found;
}

/** Answers the query on a calendar: `{ ok: true, body: { dueAt: '2026-02-24T17:00:00+07:00' } }` or field errors. */
export function answerDueQuery(calendar: Calendar, query: DueQuery): DueAnswer {
  const parsed = parseDueQuery(query);
  if (!parsed.ok) return parsed;
  try {
    return { ok: true, body: { dueAt: formatVnInstant(dueAt(calendar, parsed.from, parsed.limit)) } };
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return { ok: false, errors: [OUT_OF_RANGE] };
  }
}
