/**
 * Vietnamese lunar calendar dates through `@dqcai/vn-lunar` (Hồ Ngọc Đức's algorithm computed
 * for UTC+7). A Chinese-calendar library (UTC+8) is wrong for Vietnam in some years: Tết
 * differs e.g. in 1985, 2007, 2030 and 2053.
 *
 * Checked in the tests against an independent implementation of the algorithm: identical for
 * 1968–2100 (Vietnam has used UTC+7 for its lunar calendar since 1968); for 1900–1967 the
 * library returns the historical calendar (mostly the UTC+8 dates), which only matters for
 * historical data. Supported years: 1900–2199.
 */
import { getSolarDate } from '@dqcai/vn-lunar';
import { dayFromYmd } from './time.ts';

/**
 * The local day number of a (non-leap) lunar date of the given lunar year. For a month that
 * has a leap repetition, the ordinary (first) month is meant — as for Hùng Kings' day 10/3.
 */
export function lunarToLocalDay(lunarDay: number, lunarMonth: number, lunarYear: number): number {
  const solar = getSolarDate(lunarDay, lunarMonth, lunarYear, false);
  const day = solar && solar.jd > 0 ? dayFromYmd(solar.year, solar.month, solar.day) : null;
  if (day === null) {
    throw new RangeError(`No solar date for lunar ${lunarDay}/${lunarMonth}/${lunarYear}`);
  }
  return day;
}

/** The local day of Tết Nguyên đán (lunar 1/1) of a year. */
export function tetDay(year: number): number {
  return lunarToLocalDay(1, 1, year);
}

/** The local day of Hùng Kings' Commemoration (Giỗ Tổ Hùng Vương, lunar 10/3) of a year. */
export function hungKingsDay(year: number): number {
  return lunarToLocalDay(10, 3, year);
}
