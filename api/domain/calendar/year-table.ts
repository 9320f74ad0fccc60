/**
 * The per-year table of days off and make-up working days (lịch nghỉ lễ, Tết và ngày làm bù),
 * as shipped in `data/*.json`, computed by default from the lunar calendar, or imported by an
 * administrator when the official schedule is announced.
 */

/** Why a day is off. */
export type DayOffKind =
  /** A public holiday of Labour Code Art. 112 (or a new one enacted later). */
  | 'holiday'
  /** A compensatory day for a holiday falling on a weekly rest day (nghỉ bù). */
  | 'compensatory'
  /** A weekday swapped with a make-up working day (hoán đổi ngày làm việc). */
  | 'swap'
  /** A weekly rest day announced as part of a holiday break. */
  | 'weekend';

/** The list of {@link DayOffKind} values. */
export const DAY_OFF_KINDS: readonly DayOffKind[] = ['holiday', 'compensatory', 'swap', 'weekend'];

/** One day off. */
export interface DayOff {
  /** Local date 'YYYY-MM-DD' within the table's year. */
  date: string;
  /** Name in Vietnamese, e.g. 'Tết Nguyên đán'. */
  nameVi: string;
  /** Name in English, e.g. 'Lunar New Year'. */
  nameEn: string;
  kind: DayOffKind;
  /** Free note, e.g. '(verify)' items whose source is secondary. */
  note?: string;
}

/** One make-up working day (ngày làm bù), normally a Saturday. */
export interface WorkingSaturday {
  /** Local date 'YYYY-MM-DD' within the table's year; must be a Saturday or Sunday. */
  date: string;
  /** The swapped day off it makes up for ('YYYY-MM-DD'), when known. */
  replaces?: string;
  note?: string;
}

/** The table for one calendar year. */
export interface YearTable {
  year: number;
  /** Where the schedule comes from, e.g. the Government Office letter number. */
  source: string;
  /** `true` for the official schedule; `false` for a default computed from the lunar calendar. */
  official: boolean;
  /** Free note on the table as a whole. */
  note?: string;
  daysOff: DayOff[];
  workingSaturdays: WorkingSaturday[];
}

/**
 * A canonical, JSON-ready copy of a table (the export format is the import format): entries
 * sorted by date, optional fields present only when set.
 */
export function exportYearTable(table: YearTable): YearTable {
  const byDate = <T extends { date: string }>(a: T, b: T): number => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);
  return {
    year: table.year,
    source: table.source,
    official: table.official,
    ...(table.note === undefined ? {} : { note: table.note }),
    daysOff: table.daysOff
      .map((d) => withOptional({ date: d.date, nameVi: d.nameVi, nameEn: d.nameEn, kind: d.kind }, 'note', d.note))
      .sort(byDate),
    workingSaturdays: table.workingSaturdays
      .map((w) => withOptional(withOptional({ date: w.date }, 'replaces', w.replaces), 'note', w.note))
      .sort(byDate),
  };
}

function withOptional<T extends object, K extends string>(obj: T, key: K, value: string | undefined): T {
  return value === undefined ? obj : { ...obj, [key]: value };
}
