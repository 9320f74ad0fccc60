/**
 * Validation of a year table imported as JSON (admin import of the official schedule).
 * Every error names its field so that the HTTP layer can answer 400 with the list.
 */
import { fieldError, type FieldError } from './field-error.ts';
import { dayFromIsoDate, weekdayOf, yearOf } from './time.ts';
import { DAY_OFF_KINDS, exportYearTable, type YearTable } from './year-table.ts';

/** Years the calendar supports (the range of the lunar calendar conversion used for defaults). */
export const MIN_YEAR = 1900;
/** @see MIN_YEAR */
export const MAX_YEAR = 2199;

/** Result of {@link importYearTable}. */
export type YearTableImport = { ok: true; table: YearTable } | { ok: false; errors: FieldError[] };

/** Validates an untrusted value as a {@link YearTable}. Returns the list of field errors (empty = valid). */
export function validateYearTable(input: unknown): FieldError[] {
  if (!isObject(input)) return [err('', 'NOT_AN_OBJECT', 'Phải là một đối tượng JSON.', 'Must be a JSON object.')];
  const errors: FieldError[] = [];
  const year = input.year;
  const yearOk = Number.isInteger(year) && (year as number) >= MIN_YEAR && (year as number) <= MAX_YEAR;
  if (!yearOk) errors.push(err('year', 'INVALID_YEAR', `Năm phải là số nguyên từ ${MIN_YEAR} đến ${MAX_YEAR}.`, `Year must be an integer from ${MIN_YEAR} to ${MAX_YEAR}.`));
  if (!nonEmptyString(input.source)) errors.push(err('source', 'REQUIRED', 'Bắt buộc: nguồn (văn bản công bố lịch nghỉ).', 'Required: source (the document announcing the schedule).'));
  if (typeof input.official !== 'boolean') errors.push(err('official', 'NOT_A_BOOLEAN', 'Phải là true hoặc false.', 'Must be true or false.'));
  if (input.note !== undefined && typeof input.note !== 'string') errors.push(err('note', 'NOT_A_STRING', 'Phải là chuỗi ký tự.', 'Must be a string.'));
  const y = yearOk ? (year as number) : null;
  const offDates = validateDaysOff(input.daysOff, y, errors);
  validateWorkingSaturdays(input.workingSaturdays, y, offDates, errors);
  return errors;
}

/** Validates and returns a canonical copy ({@link exportYearTable}) of an imported table. */
export function importYearTable(input: unknown): YearTableImport {
  const errors = validateYearTable(input);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, table: exportYearTable(input as YearTable) };
}

function validateDaysOff(list: unknown, year: number | null, errors: FieldError[]): Set<string> {
  const seen = new Set<string>();
  if (!Array.isArray(list)) {
    errors.push(err('daysOff', 'NOT_A_LIST', 'Phải là một danh sách.', 'Must be a list.'));
    return seen;
  }
  list.forEach((item: unknown, i) => {
    const f = `daysOff[${i}]`;
    if (!isObject(item)) return void errors.push(err(f, 'NOT_AN_OBJECT', 'Phải là một đối tượng.', 'Must be an object.'));
    const date = checkDate(item.date, `${f}.date`, year, errors);
    if (date !== null && seen.has(date)) errors.push(err(`${f}.date`, 'DUPLICATE_DATE', 'Ngày bị trùng.', 'Duplicate date.'));
    if (date !== null) seen.add(date);
    if (!nonEmptyString(item.nameVi)) errors.push(err(`${f}.nameVi`, 'REQUIRED', 'Bắt buộc: tên tiếng Việt.', 'Required: Vietnamese name.'));
    if (typeof item.nameEn !== 'string') errors.push(err(`${f}.nameEn`, 'REQUIRED', 'Bắt buộc: tên tiếng Anh.', 'Required: English name.'));
    if (!DAY_OFF_KINDS.includes(item.kind as never)) {
      errors.push(err(`${f}.kind`, 'INVALID_KIND', `Loại phải là một trong: ${DAY_OFF_KINDS.join(', ')}.`, `Kind must be one of: ${DAY_OFF_KINDS.join(', ')}.`));
    }
    if (item.note !== undefined && typeof item.note !== 'string') errors.push(err(`${f}.note`, 'NOT_A_STRING', 'Phải là chuỗi ký tự.', 'Must be a string.'));
  });
  return seen;
}

function validateWorkingSaturdays(list: unknown, year: number | null, offDates: Set<string>, errors: FieldError[]): void {
  if (!Array.isArray(list)) return void errors.push(err('workingSaturdays', 'NOT_A_LIST', 'Phải là một danh sách.', 'Must be a list.'));
  const seen = new Set<string>();
  list.forEach((item: unknown, i) => {
    const f = `workingSaturdays[${i}]`;
    if (!isObject(item)) return void errors.push(err(f, 'NOT_AN_OBJECT', 'Phải là một đối tượng.', 'Must be an object.'));
    const date = checkDate(item.date, `${f}.date`, year, errors);
    if (date !== null) {
      const wd = weekdayOf(dayFromIsoDate(date)!);
      if (wd !== 6 && wd !== 0) errors.push(err(`${f}.date`, 'NOT_A_WEEKEND_DAY', 'Ngày làm bù phải là thứ Bảy (hoặc Chủ nhật).', 'A make-up working day must be a Saturday (or Sunday).'));
      if (offDates.has(date)) errors.push(err(`${f}.date`, 'ALSO_A_DAY_OFF', 'Ngày này đã có trong danh sách ngày nghỉ.', 'This date is also listed as a day off.'));
      if (seen.has(date)) errors.push(err(`${f}.date`, 'DUPLICATE_DATE', 'Ngày bị trùng.', 'Duplicate date.'));
      seen.add(date);
    }
    if (item.replaces !== undefined) {
      const r = checkDate(item.replaces, `${f}.replaces`, null, errors);
      if (r !== null && !offDates.has(r)) errors.push(err(`${f}.replaces`, 'NOT_A_DAY_OFF', 'Ngày được làm bù phải có trong danh sách ngày nghỉ.', 'The replaced date must be listed as a day off.'));
    }
    if (item.note !== undefined && typeof item.note !== 'string') errors.push(err(`${f}.note`, 'NOT_A_STRING', 'Phải là chuỗi ký tự.', 'Must be a string.'));
  });
}

/** Checks a 'YYYY-MM-DD' date (within `year` when given); returns it, or null after recording an error. */
function checkDate(value: unknown, field: string, year: number | null, errors: FieldError[]): string | null {
  const day = typeof value === 'string' ? dayFromIsoDate(value) : null;
  if (day === null) {
    errors.push(err(field, 'INVALID_DATE', 'Ngày không hợp lệ (YYYY-MM-DD).', 'Invalid date (YYYY-MM-DD).'));
    return null;
  }
  if (year !== null && yearOf(day) !== year) {
    errors.push(err(field, 'DATE_OUTSIDE_YEAR', `Ngày phải thuộc năm ${year}.`, `The date must be in ${year}.`));
    return null;
  }
  return value as string;
}

const err = fieldError;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;
