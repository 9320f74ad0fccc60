/**
 * Office hours of an agency: a weekly pattern of intervals, the hours of a make-up working
 * Saturday, and the afternoon cut-off of the 15:00 rule with what it affects. All times are
 * local (UTC+7).
 */
import { fieldError, type FieldError } from './field-error.ts';
import { minutesFromTimeOfDay } from './time.ts';

/** An office interval 'HH:MM'–'HH:MM' (start inclusive, end exclusive). */
export interface OfficeInterval {
  start: string;
  end: string;
}

/** Keys of the weekly pattern. */
export const WEEKDAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
/** A weekday key; index in {@link WEEKDAY_KEYS} is the JS weekday number (0 = Sunday). */
export type WeekdayKey = (typeof WEEKDAY_KEYS)[number];

/** Office hours of one agency (data, e.g. from its configuration). */
export interface OfficeHours {
  /** Intervals per weekday; an empty list is a weekly rest day. */
  weekly: Record<WeekdayKey, OfficeInterval[]>;
  /** Intervals of a make-up working day (ngày làm bù) listed in a year table. */
  makeUpDay: OfficeInterval[];
  /**
   * The 15:00 rule (Decree 118/2025 Art. 17): a dossier received after this time (strictly
   * later) is forwarded at the start of the next working day. Default '15:00'.
   */
  cutoff: string;
  /**
   * What the cut-off changes (default {@link DEFAULT_CUTOFF_AFFECTS}):
   * - `sameDay` (the lawful default): the forwarding and same-day procedures (due the next
   *   working day); limits in working days count from the day of receipt as always, that day
   *   not counted (Civil Code 2015 Art. 147);
   * - `allDayLimits` (a province's own practice): a receipt after the cut-off counts as made on
   *   the next working day for every day-based limit too (that day then not counted).
   */
  cutoffAffects?: CutoffAffects;
  /**
   * "Forwarded at the start of the next working day": the time ('HH:MM') by which a dossier
   * received after the cut-off must be forwarded on that day (the reception step's deadline on
   * form 06). Default: the end of that day's first office interval (11:30) *(verify)*.
   */
  forwardNextDayBy?: string;
}

/** What the afternoon cut-off changes; see {@link OfficeHours.cutoffAffects}. */
export const CUTOFF_AFFECTS = ['sameDay', 'allDayLimits'] as const;
/** @see CUTOFF_AFFECTS */
export type CutoffAffects = (typeof CUTOFF_AFFECTS)[number];
/** The lawful default: the cut-off moves the forwarding and same-day deadlines only. */
export const DEFAULT_CUTOFF_AFFECTS: CutoffAffects = 'sameDay';

const FULL_DAY: OfficeInterval[] = [
  { start: '07:30', end: '11:30' },
  { start: '13:30', end: '17:00' },
];

/** The common default: Mon–Fri 07:30–11:30 and 13:30–17:00, cut-off 15:00. */
export const DEFAULT_OFFICE_HOURS: OfficeHours = Object.freeze({
  weekly: { sun: [], mon: FULL_DAY, tue: FULL_DAY, wed: FULL_DAY, thu: FULL_DAY, fri: FULL_DAY, sat: [] },
  makeUpDay: FULL_DAY,
  cutoff: '15:00',
  cutoffAffects: DEFAULT_CUTOFF_AFFECTS,
});

/** Office hours with Saturday morning (07:30–11:30) open as well, otherwise the default. */
export const OFFICE_HOURS_WITH_SATURDAY_MORNING: OfficeHours = Object.freeze({
  ...DEFAULT_OFFICE_HOURS,
  weekly: { ...DEFAULT_OFFICE_HOURS.weekly, sat: [{ start: '07:30', end: '11:30' }] },
});

/** Office hours compiled to minutes since local midnight, for arithmetic. */
export interface CompiledOfficeHours {
  /** Index = JS weekday (0 = Sunday); each entry a sorted list of [start, end) minutes. */
  weekly: Array<Array<[number, number]>>;
  makeUpDay: Array<[number, number]>;
  cutoffMinutes: number;
  cutoffAffects: CutoffAffects;
  /** Minutes of {@link OfficeHours.forwardNextDayBy}; null: the end of the first office interval. */
  forwardNextDayByMinutes: number | null;
}

/** Validates office hours; each error names its field (e.g. `weekly.mon[1].end`). */
export function validateOfficeHours(input: OfficeHours): FieldError[] {
  const errors: FieldError[] = [];
  for (const key of WEEKDAY_KEYS) {
    errors.push(...validateIntervals(input.weekly?.[key], `weekly.${key}`));
  }
  errors.push(...validateIntervals(input.makeUpDay, 'makeUpDay'));
  if (typeof input.cutoff !== 'string' || minutesFromTimeOfDay(input.cutoff) === null) {
    errors.push(fieldError('cutoff', 'INVALID_TIME', 'Giờ không hợp lệ (HH:MM).', 'Invalid time (HH:MM).'));
  }
  if (input.cutoffAffects !== undefined && !CUTOFF_AFFECTS.includes(input.cutoffAffects)) {
    errors.push(fieldError('cutoffAffects', 'INVALID_VALUE', 'Phạm vi giờ chốt phải là sameDay hoặc allDayLimits.', 'cutoffAffects must be sameDay or allDayLimits.'));
  }
  if (input.forwardNextDayBy !== undefined && (typeof input.forwardNextDayBy !== 'string' || minutesFromTimeOfDay(input.forwardNextDayBy) === null)) {
    errors.push(fieldError('forwardNextDayBy', 'INVALID_TIME', 'Giờ không hợp lệ (HH:MM).', 'Invalid time (HH:MM).'));
  }
  const anyOpen = WEEKDAY_KEYS.some((k) => Array.isArray(input.weekly?.[k]) && input.weekly[k].length > 0);
  if (errors.length === 0 && !anyOpen) {
    errors.push(fieldError('weekly', 'NO_OFFICE_HOURS', 'Không có ngày làm việc nào trong tuần.', 'No working day in the week.'));
  }
  return errors;
}

function validateIntervals(list: unknown, field: string): FieldError[] {
  if (!Array.isArray(list)) {
    return [fieldError(field, 'NOT_A_LIST', 'Phải là một danh sách khoảng giờ.', 'Must be a list of intervals.')];
  }
  const errors: FieldError[] = [];
  let previousEnd = -1;
  list.forEach((item: Partial<OfficeInterval> | null, i) => {
    const start = minutesFromTimeOfDay(String(item?.start));
    const end = minutesFromTimeOfDay(String(item?.end));
    if (start === null) errors.push(fieldError(`${field}[${i}].start`, 'INVALID_TIME', 'Giờ không hợp lệ (HH:MM).', 'Invalid time (HH:MM).'));
    if (end === null) errors.push(fieldError(`${field}[${i}].end`, 'INVALID_TIME', 'Giờ không hợp lệ (HH:MM).', 'Invalid time (HH:MM).'));
    if (start === null || end === null) return;
    if (end <= start) {
      errors.push(fieldError(`${field}[${i}].end`, 'END_NOT_AFTER_START', 'Giờ kết thúc phải sau giờ bắt đầu.', 'End must be after start.'));
    } else if (start < previousEnd) {
      errors.push(fieldError(`${field}[${i}].start`, 'OVERLAP_OR_UNSORTED', 'Các khoảng giờ phải theo thứ tự và không chồng lấn.', 'Intervals must be sorted and must not overlap.'));
    }
    previousEnd = Math.max(previousEnd, end);
  });
  return errors;
}

/**
 * Compiles validated office hours to minutes. Throws a `RangeError` listing the field errors
 * when the input is invalid (configuration errors are programming errors at this point).
 */
export function compileOfficeHours(input: OfficeHours): CompiledOfficeHours {
  const errors = validateOfficeHours(input);
  if (errors.length > 0) {
    throw new RangeError(`Invalid office hours: ${errors.map((e) => `${e.field} ${e.code}`).join(', ')}`);
  }
  const toMinutes = (list: OfficeInterval[]): Array<[number, number]> =>
    list.map((iv) => [minutesFromTimeOfDay(iv.start)!, minutesFromTimeOfDay(iv.end)!]);
  return {
    weekly: WEEKDAY_KEYS.map((k) => toMinutes(input.weekly[k])),
    makeUpDay: toMinutes(input.makeUpDay),
    cutoffMinutes: minutesFromTimeOfDay(input.cutoff)!,
    cutoffAffects: input.cutoffAffects ?? DEFAULT_CUTOFF_AFFECTS,
    forwardNextDayByMinutes: input.forwardNextDayBy === undefined ? null : minutesFromTimeOfDay(input.forwardNextDayBy)!,
  };
}
