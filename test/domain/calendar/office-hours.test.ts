import t from 'tap';
import {
  compileOfficeHours, createCalendar, DEFAULT_OFFICE_HOURS, formatVnInstant, OFFICE_HOURS_WITH_SATURDAY_MORNING, validateOfficeHours, type OfficeHours,
} from '../../../api/domain/calendar/index.ts';
import { day } from './helpers.ts';

const codes = (input: OfficeHours) => validateOfficeHours(input).map((e) => `${e.field}:${e.code}`);

t.test('defaults compile', async (t) => {
  const compiled = compileOfficeHours(DEFAULT_OFFICE_HOURS);
  t.same(compiled.weekly[1], [[450, 690], [810, 1020]]);
  t.same(compiled.weekly[0], []);
  t.same(compiled.weekly[6], []);
  t.equal(compiled.cutoffMinutes, 900);
  t.same(compileOfficeHours(OFFICE_HOURS_WITH_SATURDAY_MORNING).weekly[6], [[450, 690]]);
});

t.test('validation names each field', async (t) => {
  const weekly = DEFAULT_OFFICE_HOURS.weekly;
  t.same(codes({ ...DEFAULT_OFFICE_HOURS, cutoff: '3pm' }), ['cutoff:INVALID_TIME']);
  t.same(codes({ ...DEFAULT_OFFICE_HOURS, weekly: { ...weekly, mon: [{ start: '08:00', end: '07:00' }] } }), ['weekly.mon[0].end:END_NOT_AFTER_START']);
  t.same(codes({ ...DEFAULT_OFFICE_HOURS, weekly: { ...weekly, tue: [{ start: '13:30', end: '17:00' }, { start: '07:30', end: '11:30' }] } }), ['weekly.tue[1].start:OVERLAP_OR_UNSORTED']);
  t.same(codes({ ...DEFAULT_OFFICE_HOURS, weekly: { ...weekly, wed: [{ start: '7h', end: '11:30' }] } }), ['weekly.wed[0].start:INVALID_TIME']);
  t.same(codes({ ...DEFAULT_OFFICE_HOURS, makeUpDay: 'all day' as never }), ['makeUpDay:NOT_A_LIST']);
  const closed = { sun: [], mon: [], tue: [], wed: [], thu: [], fri: [], sat: [] };
  t.same(codes({ ...DEFAULT_OFFICE_HOURS, weekly: closed }), ['weekly:NO_OFFICE_HOURS']);
  t.throws(() => createCalendar({ officeHours: { ...DEFAULT_OFFICE_HOURS, weekly: closed } }), RangeError);
});

t.test('intervals of a day', async (t) => {
  const cal = createCalendar();
  t.same(cal.intervalsOn(day('2026-03-02')).map(([s, e]) => [formatVnInstant(s), formatVnInstant(e)]), [
    ['2026-03-02T07:30:00+07:00', '2026-03-02T11:30:00+07:00'],
    ['2026-03-02T13:30:00+07:00', '2026-03-02T17:00:00+07:00'],
  ]);
  t.same(cal.intervalsOn(day('2026-03-07')), [], 'Saturday');
  t.same(cal.intervalsOn(day('2026-02-17')), [], 'Tết');
  t.equal(cal.intervalsOn(day('2026-01-10')).length, 2, 'make-up Saturday is a full day');
});

t.test('Saturday-morning agency and a custom make-up day', async (t) => {
  const custom: OfficeHours = { ...OFFICE_HOURS_WITH_SATURDAY_MORNING, makeUpDay: [{ start: '08:00', end: '12:00' }] };
  const cal = createCalendar({ officeHours: custom });
  t.same(cal.intervalsOn(day('2026-03-07')).map(([s, e]) => [formatVnInstant(s), formatVnInstant(e)]), [
    ['2026-03-07T07:30:00+07:00', '2026-03-07T11:30:00+07:00'],
  ]);
  t.same(cal.intervalsOn(day('2026-01-10')).map(([s, e]) => [formatVnInstant(s), formatVnInstant(e)]), [
    ['2026-01-10T08:00:00+07:00', '2026-01-10T12:00:00+07:00'],
  ], 'make-up day hours win over the Saturday pattern');
  t.same(cal.intervalsOn(day('2026-02-14')), [], 'Saturday in Tết is closed');
});
