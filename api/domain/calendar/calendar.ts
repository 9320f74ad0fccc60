/**
 * The working-time calendar of one agency: its office hours plus the year tables of days off
 * and make-up working days. Time zone: fixed UTC+7 (Vietnam has no DST). Pure: no I/O, no clock.
 */
import { computeDefaultYearTable, DEFAULT_HOLIDAY_OPTIONS, type DefaultHolidayOptions } from './default-holidays.ts';
import { SHIPPED_YEAR_TABLES } from './official-tables.ts';
import { compileOfficeHours, DEFAULT_OFFICE_HOURS, type CompiledOfficeHours, type OfficeHours } from './office-hours.ts';
import { dayFromIsoDate, instantAt, weekdayOf, yearOf } from './time.ts';
import type { DayOff, YearTable } from './year-table.ts';
import { MAX_YEAR, MIN_YEAR, validateYearTable } from './year-table-validate.ts';

/** How to build a {@link Calendar}. Every field is optional. */
export interface CalendarOptions {
  /** Office hours of the agency; default {@link DEFAULT_OFFICE_HOURS}. */
  officeHours?: OfficeHours;
  /** Year tables (e.g. imported official schedules); they replace shipped tables of the same year. */
  yearTables?: readonly YearTable[];
  /** Use the shipped 2025 and 2026 tables (default true). */
  includeShipped?: boolean;
  /** Rules for the lunar-calendar defaults of years without a table. */
  defaults?: DefaultHolidayOptions;
}

/** A working-time calendar. Build it with {@link createCalendar}. */
export interface Calendar {
  readonly officeHours: OfficeHours;
  readonly compiled: CompiledOfficeHours;
  /** The table in force for a year: the given/shipped one, else the computed default. */
  yearTable(year: number): YearTable;
  /** The day-off entry of a local day, if any. */
  dayOffOn(day: number): DayOff | undefined;
  /** Whether a local day is a make-up working day of its year table. */
  isMakeUpDay(day: number): boolean;
  /** Office intervals of a local day as [start, end) epoch milliseconds; empty on a day off. */
  intervalsOn(day: number): ReadonlyArray<readonly [number, number]>;
  /** Whether a local day has office hours. */
  isWorkingDay(day: number): boolean;
  /** The options this calendar was built from (to derive a modified calendar). */
  readonly options: Readonly<CalendarOptions>;
}

interface YearIndex {
  table: YearTable;
  off: Map<number, DayOff>;
  makeUp: Set<number>;
}

/** Builds a calendar. Throws `RangeError` on invalid office hours or an invalid year table. */
export function createCalendar(options: CalendarOptions = {}): Calendar {
  const officeHours = options.officeHours ?? DEFAULT_OFFICE_HOURS;
  const compiled = compileOfficeHours(officeHours);
  const defaults = options.defaults ?? DEFAULT_HOLIDAY_OPTIONS;
  const given = new Map<number, YearTable>();
  for (const t of options.includeShipped === false ? [] : SHIPPED_YEAR_TABLES) given.set(t.year, t);
  for (const t of options.yearTables ?? []) given.set(t.year, checked(t));
  const years = new Map<number, YearIndex>();
  const indexOf = (year: number): YearIndex => {
    let index = years.get(year);
    if (!index) {
      index = buildIndex(given.get(year) ?? defaultTable(year, defaults));
      years.set(year, index);
    }
    return index;
  };
  const intervalsOn = (day: number): Array<readonly [number, number]> => {
    const index = indexOf(yearOf(day));
    if (index.off.has(day)) return [];
    const pattern = index.makeUp.has(day) ? compiled.makeUpDay : compiled.weekly[weekdayOf(day)];
    return pattern.map(([s, e]) => [instantAt(day, s), instantAt(day, e)] as const);
  };
  return {
    officeHours,
    compiled,
    options: { ...options },
    yearTable: (year) => indexOf(year).table,
    dayOffOn: (day) => indexOf(yearOf(day)).off.get(day),
    isMakeUpDay: (day) => indexOf(yearOf(day)).makeUp.has(day),
    intervalsOn,
    isWorkingDay: (day) => intervalsOn(day).length > 0,
  };
}

/** A calendar like `calendar` with `table` replacing the table of its year (admin import). */
export function withYearTable(calendar: Calendar, table: YearTable): Calendar {
  const others = (calendar.options.yearTables ?? []).filter((t) => t.year !== table.year);
  return createCalendar({ ...calendar.options, yearTables: [...others, table] });
}

function checked(table: YearTable): YearTable {
  const errors = validateYearTable(table);
  if (errors.length > 0) {
    throw new RangeError(`Invalid year table: ${errors.map((e) => `${e.field} ${e.code}`).join(', ')}`);
  }
  return table;
}

function defaultTable(year: number, defaults: DefaultHolidayOptions): YearTable {
  if (year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`Year ${year} is outside the supported range ${MIN_YEAR}–${MAX_YEAR}`);
  }
  return computeDefaultYearTable(year, defaults);
}

function buildIndex(table: YearTable): YearIndex {
  const off = new Map<number, DayOff>();
  for (const d of table.daysOff) off.set(dayFromIsoDate(d.date)!, d);
  const makeUp = new Set(table.workingSaturdays.map((w) => dayFromIsoDate(w.date)!));
  return { table, off, makeUp };
}
