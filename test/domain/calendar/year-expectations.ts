/** Shared day-by-day check of a year: weekdays off and make-up working days, every day of the year. */
import type { Test } from 'tap';
import { createCalendar, OFFICE_HOURS_WITH_SATURDAY_MORNING, weekdayOf, type Calendar } from '../../../api/domain/calendar/index.ts';
import { day, daysOfYear, label } from './helpers.ts';

/** What a year should look like for the public sector (Mon–Fri office). */
export interface YearExpectation {
  year: number;
  /** Monday–Friday dates that are off. */
  weekdaysOff: string[];
  /** Saturday/Sunday dates that are working days (make-up days). */
  makeUpDays: string[];
  /** Saturdays that are off for an agency that opens on Saturday mornings. */
  saturdaysOff: string[];
}

/** Asserts every day of the year on the default calendar and on a Saturday-morning calendar. */
export function checkYearDayByDay(t: Test, exp: YearExpectation, calendar: Calendar = createCalendar()): void {
  const off = new Set(exp.weekdaysOff.map(day));
  const makeUp = new Set(exp.makeUpDays.map(day));
  const satOff = new Set(exp.saturdaysOff.map(day));
  for (const d of [...off, ...makeUp, ...satOff]) {
    if (new Date(d * 86_400_000).getUTCFullYear() !== exp.year) throw new Error(`expectation outside ${exp.year}`);
  }
  const saturdayCal = createCalendar({ ...calendar.options, officeHours: OFFICE_HOURS_WITH_SATURDAY_MORNING });
  let workingDays = 0;
  for (const d of daysOfYear(exp.year)) {
    const wd = weekdayOf(d);
    const expected = makeUp.has(d) || (wd >= 1 && wd <= 5 && !off.has(d));
    t.equal(calendar.isWorkingDay(d), expected, `${label(d)} ${expected ? 'working' : 'off'}`);
    if (wd === 6) {
      const satExpected = makeUp.has(d) || !satOff.has(d);
      t.equal(saturdayCal.isWorkingDay(d), satExpected, `${label(d)} Saturday-morning office ${satExpected ? 'open' : 'closed'}`);
    }
    if (expected) workingDays += 1;
  }
  t.pass(`${exp.year}: ${workingDays} working days`);
}
