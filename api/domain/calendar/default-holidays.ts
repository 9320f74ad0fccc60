/**
 * The default year table for a year whose official schedule is not known yet, computed from
 * Labour Code 2019 Art. 112 and the Vietnamese lunar calendar. An administrator replaces it
 * with the official schedule (which usually adds swaps and make-up Saturdays) when announced.
 *
 * Rules:
 * - New Year 1/1; Reunification 30/4; Labour Day 1/5; Hùng Kings lunar 10/3 (1 day each).
 * - Tết: 5 days = the last day of the lunar year + lunar 1/1 to 4/1 (the Labour Code lets the
 *   Prime Minister choose; this is the choice of 2025 and 2026). Configurable.
 * - National Day 2/9 + one adjacent day: 3/9 when 2/9 is a Monday or a Thursday (joining the
 *   weekend, as in 2024), otherwise 1/9 (as in 2023, 2025 and 2026).
 * - A holiday on a Saturday or Sunday gives a compensatory day off: the next Monday–Friday that
 *   is not already off (Labour Code Art. 112.3 "nghỉ bù vào ngày kế tiếp").
 * - No swaps and no make-up Saturdays: those are decided each year by the Prime Minister.
 * - Extra fixed-date holidays (e.g. a future 24/11 Culture Day) can be added as data.
 */
import { hungKingsDay, tetDay } from './lunar.ts';
import { dayFromYmd, isoDateOf, weekdayOf, yearOf } from './time.ts';
import type { DayOff, YearTable } from './year-table.ts';

/** A holiday on a fixed solar date, e.g. { month: 11, day: 24, nameVi: 'Ngày Văn hóa Việt Nam', … }. */
export interface FixedHoliday {
  month: number;
  day: number;
  nameVi: string;
  nameEn: string;
}

/** Options of the default computation. */
export interface DefaultHolidayOptions {
  /** Tết days before lunar 1/1 (default 1: the last day of the lunar year). */
  tetDaysBefore: number;
  /** Total number of Tết days (default 5, Labour Code Art. 112). */
  tetDays: number;
  /** Additional fixed-date holidays enacted after the Labour Code 2019. */
  extraHolidays: FixedHoliday[];
}

/** Default options: Tết = last day of the year + 4 first days; no extra holidays. */
export const DEFAULT_HOLIDAY_OPTIONS: DefaultHolidayOptions = Object.freeze({ tetDaysBefore: 1, tetDays: 5, extraHolidays: [] });

interface Named {
  day: number;
  nameVi: string;
  nameEn: string;
}

const TET = { nameVi: 'Tết Nguyên đán', nameEn: 'Lunar New Year (Tết)' };
const NATIONAL = { nameVi: 'Quốc khánh', nameEn: 'National Day' };

/** The holidays proper of a year (before compensatory days), sorted by date. */
export function statutoryHolidays(year: number, options: DefaultHolidayOptions = DEFAULT_HOLIDAY_OPTIONS): Named[] {
  const fixed = (month: number, day: number, nameVi: string, nameEn: string): Named => ({ day: dayFromYmd(year, month, day)!, nameVi, nameEn });
  const tet = tetDay(year);
  const tetDays = Array.from({ length: options.tetDays }, (_, i) => ({ day: tet - options.tetDaysBefore + i, ...TET }));
  const national = dayFromYmd(year, 9, 2)!;
  const adjacent = [1, 4].includes(weekdayOf(national)) ? national + 1 : national - 1;
  const list: Named[] = [
    fixed(1, 1, 'Tết Dương lịch', "New Year's Day"),
    ...tetDays,
    { day: hungKingsDay(year), nameVi: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', nameEn: "Hùng Kings' Commemoration Day (lunar 10/3)" },
    fixed(4, 30, 'Ngày Chiến thắng (Giải phóng miền Nam, thống nhất đất nước)', 'Reunification Day'),
    fixed(5, 1, 'Ngày Quốc tế Lao động', 'International Labour Day'),
    { day: national, ...NATIONAL },
    { day: adjacent, ...NATIONAL },
    ...options.extraHolidays.map((h) => fixed(h.month, h.day, h.nameVi, h.nameEn)),
  ];
  return dedupe(list).sort((a, b) => a.day - b.day);
}

/** Compensatory weekdays for holidays on a Saturday or Sunday, in date order. */
export function compensatoryDays(holidays: Named[]): Named[] {
  const taken = new Set(holidays.map((h) => h.day));
  const result: Named[] = [];
  for (const h of holidays) {
    const wd = weekdayOf(h.day);
    if (wd !== 0 && wd !== 6) continue;
    let d = h.day + 1;
    while (taken.has(d) || weekdayOf(d) === 0 || weekdayOf(d) === 6) d += 1;
    taken.add(d);
    result.push({ day: d, nameVi: `Nghỉ bù ${h.nameVi}`, nameEn: `Compensatory day off for ${h.nameEn}` });
  }
  return result;
}

/** The default (non-official) year table of a year, computed as described in this module. */
export function computeDefaultYearTable(year: number, options: DefaultHolidayOptions = DEFAULT_HOLIDAY_OPTIONS): YearTable {
  const holidays = statutoryHolidays(year, options);
  const toEntry = (kind: DayOff['kind']) => (h: Named): DayOff => ({ date: isoDateOf(h.day), nameVi: h.nameVi, nameEn: h.nameEn, kind });
  const compensatory = compensatoryDays(holidays).filter((h) => yearOf(h.day) === year);
  return {
    year,
    source: 'Tính mặc định theo Bộ luật Lao động 2019 Điều 112 và âm lịch Việt Nam — chưa phải lịch chính thức / ' +
      'Default computed from Labour Code 2019 Art. 112 and the Vietnamese lunar calendar — not the official schedule',
    official: false,
    note: 'Thay bằng lịch chính thức khi được công bố / Replace with the official schedule when announced',
    daysOff: [...holidays.map(toEntry('holiday')), ...compensatory.map(toEntry('compensatory'))].sort((a, b) => (a.date < b.date ? -1 : 1)),
    workingSaturdays: [],
  };
}

function dedupe(list: Named[]): Named[] {
  const byDay = new Map<number, Named>();
  for (const item of list) if (!byDay.has(item.day)) byDay.set(item.day, item);
  return [...byDay.values()];
}
