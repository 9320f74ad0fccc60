import t from 'tap';
import {
  addWorkingDays, addWorkingHours, addWorkingTime, createCalendar, formatVnInstant, HOUR_MS, isWorkingInstant,
  nextWorkingInstant, nthWorkingDayAfter, OFFICE_HOURS_WITH_SATURDAY_MORNING, officeCloseMs, vnTime, workingDayBefore, workingTimeBetween,
} from '../../../api/domain/calendar/index.ts';
import { day } from './helpers.ts';

const cal = createCalendar();
const fmt = (d: Date) => formatVnInstant(d);
const next = (local: string) => fmt(nextWorkingInstant(cal, vnTime(local)));
const plusHours = (local: string, h: number) => fmt(addWorkingHours(cal, vnTime(local), h));
const between = (a: string, b: string) => workingTimeBetween(cal, vnTime(a), vnTime(b)) / HOUR_MS;

t.test('nextWorkingInstant', async (t) => {
  t.equal(next('2026-03-02T09:00'), '2026-03-02T09:00:00+07:00', 'inside office hours: itself');
  t.equal(next('2026-03-02T07:30'), '2026-03-02T07:30:00+07:00', 'opening is inside');
  t.equal(next('2026-03-02T06:00'), '2026-03-02T07:30:00+07:00', 'before opening');
  t.equal(next('2026-03-02T11:30'), '2026-03-02T13:30:00+07:00', 'closing of the morning is outside');
  t.equal(next('2026-03-02T12:15'), '2026-03-02T13:30:00+07:00', 'lunch break');
  t.equal(next('2026-03-02T17:00'), '2026-03-03T07:30:00+07:00', 'evening');
  t.equal(next('2026-03-06T18:00'), '2026-03-09T07:30:00+07:00', 'Friday evening → Monday');
  t.equal(next('2026-02-13T17:00'), '2026-02-23T07:30:00+07:00', 'across Tết 2026');
  t.equal(next('2026-01-09T17:30'), '2026-01-10T07:30:00+07:00', 'make-up Saturday 10/1/2026');
  t.equal(next('2025-12-31T17:30'), '2026-01-05T07:30:00+07:00', 'across New Year 2026 (Fri 2/1 swapped)');
  t.ok(isWorkingInstant(cal, vnTime('2026-03-02T16:59')));
  t.notOk(isWorkingInstant(cal, vnTime('2026-03-02T17:00')));
  t.notOk(isWorkingInstant(cal, vnTime('2026-02-17T09:00')));
});

t.test('addWorkingHours counts only office intervals', async (t) => {
  t.equal(plusHours('2026-03-02T08:00', 2), '2026-03-02T10:00:00+07:00');
  t.equal(plusHours('2026-03-02T10:00', 2), '2026-03-02T14:00:00+07:00', 'lunch break excluded');
  t.equal(plusHours('2026-03-02T16:00', 2), '2026-03-03T08:30:00+07:00', 'night excluded');
  t.equal(plusHours('2026-03-02T07:30', 7.5), '2026-03-02T17:00:00+07:00', 'a full day ends at closing, not next morning');
  t.equal(plusHours('2026-03-02T07:30', 4), '2026-03-02T11:30:00+07:00', 'exactly the morning');
  t.equal(plusHours('2026-03-06T16:00', 8), '2026-03-09T16:30:00+07:00', 'weekend excluded: 1 h Fri + 7 h Mon');
  t.equal(plusHours('2026-03-07T10:00', 1), '2026-03-09T08:30:00+07:00', 'starting on a Saturday');
  t.equal(plusHours('2026-02-13T16:00', 2), '2026-02-23T08:30:00+07:00', 'across Tết 2026');
  t.equal(plusHours('2026-03-02T09:00', 0), '2026-03-02T09:00:00+07:00', 'zero is the identity');
  t.equal(plusHours('2026-03-02T20:00', 0), '2026-03-02T20:00:00+07:00', 'zero is the identity outside office hours too');
  t.equal(plusHours('2026-03-02T09:00', 0.25), '2026-03-02T09:15:00+07:00', 'fractions');
  t.equal(plusHours('2026-03-02T08:00', 40), '2026-03-09T10:30:00+07:00', '37 h to Fri 17:00, then 3 h on Monday');
  t.throws(() => addWorkingHours(cal, vnTime('2026-03-02T08:00'), -1), RangeError);
  t.throws(() => addWorkingTime(cal, vnTime('2026-03-02T08:00'), Number.NaN), RangeError);
});

t.test('Saturday-morning office', async (t) => {
  const sat = createCalendar({ officeHours: OFFICE_HOURS_WITH_SATURDAY_MORNING });
  t.equal(fmt(addWorkingHours(sat, vnTime('2026-03-06T16:00'), 2)), '2026-03-07T08:30:00+07:00');
  t.equal(fmt(addWorkingHours(sat, vnTime('2026-03-07T11:00'), 1)), '2026-03-09T08:00:00+07:00');
  t.equal(workingTimeBetween(sat, vnTime('2026-03-06T07:30'), vnTime('2026-03-09T07:30')) / HOUR_MS, 11.5);
});

t.test('workingTimeBetween', async (t) => {
  t.equal(between('2026-03-02T07:30', '2026-03-02T17:00'), 7.5, 'one day = 7.5 h');
  t.equal(between('2026-03-02T00:00', '2026-03-09T00:00'), 37.5, 'one week = 37.5 h');
  t.equal(between('2026-03-02T11:00', '2026-03-02T14:00'), 1, 'lunch excluded');
  t.equal(between('2026-03-02T14:00', '2026-03-02T11:00'), -1, 'negative when reversed');
  t.equal(between('2026-02-13T16:00', '2026-02-23T08:30'), 2, 'across Tết');
  t.equal(between('2026-02-14T00:00', '2026-02-23T00:00'), 0, 'all of Tết 2026');
  t.equal(between('2026-01-01T00:00', '2027-01-01T00:00') / 7.5, 250, '250 working days in 2026: 261 weekdays − 13 off + 2 make-up Saturdays');
  t.equal(between('2025-01-01T00:00', '2026-01-01T00:00') / 7.5, 250, '250 working days in 2025: 261 weekdays − 12 off + 1 make-up Saturday');
});

t.test('working-day helpers', async (t) => {
  t.equal(nthWorkingDayAfter(cal, day('2026-02-13'), 1), day('2026-02-23'));
  t.equal(nthWorkingDayAfter(cal, day('2026-02-13'), 0), day('2026-02-13'));
  t.equal(nthWorkingDayAfter(cal, day('2026-02-14'), 0), day('2026-02-23'), 'n = 0 on a day off → first working day');
  t.equal(nthWorkingDayAfter(cal, day('2026-01-09'), 1), day('2026-01-10'), 'make-up Saturday counts');
  t.throws(() => nthWorkingDayAfter(cal, day('2026-02-13'), 1.5), RangeError);
  t.equal(workingDayBefore(cal, day('2026-02-23')), day('2026-02-13'));
  t.equal(fmt(new Date(officeCloseMs(cal, day('2026-03-02')))), '2026-03-02T17:00:00+07:00');
  t.throws(() => officeCloseMs(cal, day('2026-03-01')), RangeError);
  t.equal(fmt(addWorkingDays(cal, vnTime('2026-02-12T16:30'), 2)), '2026-02-23T17:00:00+07:00', 'no 15:00 rule in raw day arithmetic');
});
