import t from 'tap';
import {
  createCalendar, DEFAULT_OFFICE_HOURS, dueAt, formatVnInstant, forwardingAt, forwardingDueAt, OFFICE_HOURS_WITH_SATURDAY_MORNING,
  validateOfficeHours, validateTimeLimit, vnTime, type OfficeHours, type TimeLimit,
} from '../../../api/domain/calendar/index.ts';

const cal = createCalendar();
const due = (local: string, limit: TimeLimit, calendar = cal) => formatVnInstant(dueAt(calendar, vnTime(local), limit));
const days = (n: number): TimeLimit => ({ kind: 'workingDays', days: n });
const hours = (n: number): TimeLimit => ({ kind: 'workingHours', hours: n });
const sameDay: TimeLimit = { kind: 'sameDay' };

t.test('working days: the day of receipt does not count; due at close of the N-th working day after', async (t) => {
  t.equal(due('2026-03-02T10:00', days(1)), '2026-03-03T17:00:00+07:00', 'Mon 10:00 + 1 → Tue 17:00');
  t.equal(due('2026-03-02T10:00', days(3)), '2026-03-05T17:00:00+07:00', 'Mon 10:00 + 3 → Thu 17:00');
  t.equal(due('2026-03-04T08:00', days(3)), '2026-03-09T17:00:00+07:00', 'Wed + 3 → Mon (weekend skipped)');
  t.equal(due('2026-03-02T10:00', days(15)), '2026-03-23T17:00:00+07:00', '15 working days');
});

t.test('the 15:00 rule (lawful default): working-day limits still count from the day of receipt', async (t) => {
  t.equal(cal.compiled.cutoffAffects, 'sameDay');
  t.equal(due('2026-03-02T15:01', days(1)), '2026-03-03T17:00:00+07:00', 'Mon 15:01 + 1 → Tue, not Wed');
  t.equal(due('2026-03-02T15:00', days(3)), '2026-03-05T17:00:00+07:00');
  t.equal(due('2026-03-02T16:59', days(3)), '2026-03-05T17:00:00+07:00');
  t.equal(due('2026-03-06T15:30', days(1)), '2026-03-09T17:00:00+07:00', 'Friday afternoon + 1 → Monday');
  t.equal(due('2026-01-09T15:30', days(1)), '2026-01-10T17:00:00+07:00', 'Fri 9/1 afternoon + 1 → the make-up Saturday 10/1');
  t.equal(due('2026-02-13T15:30', days(1)), '2026-02-23T17:00:00+07:00', 'eve of Tết afternoon + 1 → Mon 23/2');
  t.equal(due('2026-04-29T15:30', days(1)), '2026-05-04T17:00:00+07:00', 'Wed 29/4 afternoon + 1 → Mon 4/5 (30/4, 1/5 off)');
  t.equal(due('2026-08-28T16:00', days(1)), '2026-09-03T17:00:00+07:00', 'Fri 28/8 afternoon + 1 → Thu 3/9 (National Day)');
  t.equal(due('2026-08-21T15:30', sameDay), '2026-08-22T17:00:00+07:00', 'same-day after 15:00 on Fri 21/8 → make-up Sat 22/8');
  t.equal(due('2026-08-28T16:00', sameDay), '2026-09-03T17:00:00+07:00', 'same-day after 15:00 before National Day → Thu 3/9');
  t.equal(formatVnInstant(forwardingAt(cal, vnTime('2026-03-02T15:30'))), '2026-03-03T07:30:00+07:00', 'forwarded at the next opening');
  t.equal(formatVnInstant(forwardingAt(cal, vnTime('2026-03-02T14:59'))), '2026-03-02T14:59:00+07:00');
  t.equal(formatVnInstant(forwardingAt(cal, vnTime('2026-03-02T12:00'))), '2026-03-02T13:30:00+07:00', 'lunch → 13:30');
  t.equal(formatVnInstant(forwardingDueAt(cal, vnTime('2026-03-02T09:00'))), '2026-03-02T17:00:00+07:00', 'by 15:00: forwarded within the day');
  t.equal(formatVnInstant(forwardingDueAt(cal, vnTime('2026-02-13T15:30'))), '2026-02-23T11:30:00+07:00', 'after 15:00: the next working morning');
  const by0800 = createCalendar({ officeHours: { ...cal.officeHours, forwardNextDayBy: '08:00' } });
  t.equal(formatVnInstant(forwardingDueAt(by0800, vnTime('2026-01-09T15:30'))), '2026-01-10T08:00:00+07:00', 'a province may set the hour: by 08:00 on make-up Sat 10/1');
  const cutoff16 = createCalendar({ officeHours: { ...cal.officeHours, cutoff: '16:00' } });
  t.equal(due('2026-03-02T15:30', sameDay, cutoff16), '2026-03-02T17:00:00+07:00', 'the cut-off is configurable');
});

t.test('the 15:00 rule set to affect every day-based limit (a province\'s choice)', async (t) => {
  const all = createCalendar({ officeHours: { ...cal.officeHours, cutoffAffects: 'allDayLimits' } });
  t.equal(due('2026-03-02T15:01', days(1), all), '2026-03-04T17:00:00+07:00', 'Mon 15:01 counts from Tue → Wed');
  t.equal(due('2026-03-02T15:00', days(1), all), '2026-03-03T17:00:00+07:00', 'exactly 15:00 is not after 15:00');
  t.equal(due('2026-01-09T15:30', days(1), all), '2026-01-12T17:00:00+07:00', 'counts from make-up Sat 10/1 → Mon 12/1');
  t.equal(due('2026-02-13T15:30', days(1), all), '2026-02-24T17:00:00+07:00', 'counts from Mon 23/2 (after Tết) → Tue 24/2');
  t.equal(due('2026-04-29T15:30', days(1), all), '2026-05-05T17:00:00+07:00', 'counts from Mon 4/5 → Tue 5/5');
  t.equal(due('2026-08-28T16:00', days(1), all), '2026-09-04T17:00:00+07:00', 'counts from Thu 3/9 → Fri 4/9');
  t.equal(due('2026-08-21T15:30', sameDay, all), '2026-08-22T17:00:00+07:00', 'same-day: as the default');
  t.equal(due('2026-03-02T16:00', hours(4), all), '2026-03-03T10:30:00+07:00', 'working hours: no 15:00 rule either way');
});

t.test('cutoffAffects is validated with its field named', async (t) => {
  const bad = { ...cal.officeHours, cutoffAffects: 'everything' } as unknown as OfficeHours;
  t.same(validateOfficeHours(bad).map((e) => `${e.field}:${e.code}`), ['cutoffAffects:INVALID_VALUE']);
  t.same(validateOfficeHours({ ...cal.officeHours, forwardNextDayBy: '8h' }).map((e) => e.field), ['forwardNextDayBy']);
  const { cutoffAffects: _omitted, ...stored } = DEFAULT_OFFICE_HOURS;
  t.equal(createCalendar({ officeHours: stored }).compiled.cutoffAffects, 'sameDay', 'stored hours without the field: the lawful default');
});

t.test('same-day procedures', async (t) => {
  t.equal(due('2026-03-02T09:00', sameDay), '2026-03-02T17:00:00+07:00', 'before 15:00 → that day');
  t.equal(due('2026-03-02T15:00', sameDay), '2026-03-02T17:00:00+07:00', 'at 15:00 → that day');
  t.equal(due('2026-03-02T15:01', sameDay), '2026-03-03T17:00:00+07:00', 'after 15:00 → next working day');
  t.equal(due('2026-03-06T16:00', sameDay), '2026-03-09T17:00:00+07:00', 'Friday after 15:00 → Monday');
  t.equal(due('2026-03-02T06:45', sameDay), '2026-03-02T17:00:00+07:00', 'before opening → that day');
  t.equal(due('2026-03-02T19:00', sameDay), '2026-03-03T17:00:00+07:00', 'evening → next working day');
  t.equal(due('2026-03-07T10:00', sameDay), '2026-03-09T17:00:00+07:00', 'Saturday → Monday');
});

t.test('received outside office hours or on a day off', async (t) => {
  t.equal(due('2026-03-07T10:00', days(1)), '2026-03-10T17:00:00+07:00', 'Saturday → Monday is the day of receipt');
  t.equal(due('2026-03-02T06:00', days(1)), '2026-03-03T17:00:00+07:00', 'before opening: that day is the day of receipt');
  t.equal(due('2026-03-02T12:00', days(1)), '2026-03-03T17:00:00+07:00', 'lunch break');
  t.equal(due('2026-04-30T09:00', days(2)), '2026-05-06T17:00:00+07:00', 'on 30/4 → from Mon 4/5');
});

t.test('deadlines across Tết', async (t) => {
  t.equal(due('2026-02-13T10:00', days(1)), '2026-02-23T17:00:00+07:00', 'Fri before Tết 2026 + 1');
  t.equal(due('2026-02-13T10:00', days(2)), '2026-02-24T17:00:00+07:00');
  t.equal(due('2026-02-13T15:30', days(1)), '2026-02-23T17:00:00+07:00', 'after 15:00 on the eve of Tết: Fri 13/2 is still the day of receipt');
  t.equal(due('2026-02-12T09:00', days(3)), '2026-02-24T17:00:00+07:00', 'Thu 12/2 + 3: Fri 13, Mon 23, Tue 24');
  t.equal(due('2026-02-17T09:00', sameDay), '2026-02-23T17:00:00+07:00', 'online on lunar 1/1');
  t.equal(due('2026-02-13T16:00', sameDay), '2026-02-23T17:00:00+07:00');
  t.equal(due('2025-01-24T10:00', days(1)), '2025-02-03T17:00:00+07:00', 'Tết 2025: Fri 24/1 + 1 → Mon 3/2');
  t.equal(due('2027-02-04T10:00', days(2)), '2027-02-15T17:00:00+07:00', 'Tết 2027 (default): Thu 4/2 + 2 → Fri 12/2, Mon 15/2');
  t.equal(due('2026-02-13T16:00', hours(9)), '2026-02-24T08:00:00+07:00', 'working hours across Tết: 1 h + 7.5 h + 0.5 h');
});

t.test('working-hour limits: no 15:00 rule', async (t) => {
  t.equal(due('2026-03-02T16:00', hours(4)), '2026-03-03T10:30:00+07:00');
  t.equal(due('2026-03-02T18:00', hours(8)), '2026-03-04T08:00:00+07:00', 'evening: from next opening');
  t.equal(due('2026-03-02T07:30', hours(7.5)), '2026-03-02T17:00:00+07:00');
});

t.test('make-up Saturday and Saturday-morning offices', async (t) => {
  t.equal(due('2026-01-09T10:00', days(1)), '2026-01-10T17:00:00+07:00', 'make-up Saturday 10/1/2026 is a working day');
  const sat = createCalendar({ officeHours: OFFICE_HOURS_WITH_SATURDAY_MORNING });
  t.equal(due('2026-03-06T10:00', days(1), sat), '2026-03-07T11:30:00+07:00', 'Saturday closes at 11:30');
  t.equal(due('2026-03-07T10:00', sameDay, sat), '2026-03-07T11:30:00+07:00');
  t.equal(due('2026-03-07T11:45', sameDay, sat), '2026-03-09T17:00:00+07:00');
});

t.test('validateTimeLimit', async (t) => {
  t.same(validateTimeLimit({ kind: 'sameDay' }), []);
  t.same(validateTimeLimit({ kind: 'workingDays', days: 3 }), []);
  t.same(validateTimeLimit({ kind: 'workingHours', hours: 0.5 }), []);
  t.same(validateTimeLimit({ kind: 'workingDays', days: 0 }).map((e) => e.field), ['limit.days']);
  t.same(validateTimeLimit({ kind: 'workingDays', days: 2.5 }).map((e) => e.code), ['INVALID_WORKING_DAYS']);
  t.same(validateTimeLimit({ kind: 'workingHours', hours: -1 }, 'procedure.limit').map((e) => e.field), ['procedure.limit.hours']);
  t.same(validateTimeLimit({ kind: 'days' }).map((e) => e.field), ['limit.kind']);
  t.same(validateTimeLimit(null).map((e) => e.code), ['NOT_AN_OBJECT']);
});
