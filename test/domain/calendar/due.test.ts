import t from 'tap';
import {
  createCalendar, dueAt, effectiveReceipt, formatVnInstant, OFFICE_HOURS_WITH_SATURDAY_MORNING, validateTimeLimit, vnTime, type TimeLimit,
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

t.test('the 15:00 rule', async (t) => {
  t.equal(due('2026-03-02T15:00', days(3)), '2026-03-05T17:00:00+07:00', 'exactly 15:00 is not after 15:00');
  t.equal(due('2026-03-02T15:00:01', days(3)), '2026-03-06T17:00:00+07:00', '15:00:01 → treated as Tue 07:30');
  t.equal(due('2026-03-02T16:59', days(3)), '2026-03-06T17:00:00+07:00');
  t.equal(due('2026-03-06T15:30', days(1)), '2026-03-10T17:00:00+07:00', 'Friday after 15:00 → Monday is the day of receipt');
  t.equal(formatVnInstant(effectiveReceipt(cal, vnTime('2026-03-02T15:30'))), '2026-03-03T07:30:00+07:00');
  t.equal(formatVnInstant(effectiveReceipt(cal, vnTime('2026-03-02T14:59'))), '2026-03-02T14:59:00+07:00');
  t.equal(formatVnInstant(effectiveReceipt(cal, vnTime('2026-03-02T12:00'))), '2026-03-02T13:30:00+07:00', 'lunch → 13:30');
  const cutoff16 = createCalendar({ officeHours: { ...cal.officeHours, cutoff: '16:00' } });
  t.equal(due('2026-03-02T15:30', days(3), cutoff16), '2026-03-05T17:00:00+07:00', 'the cut-off is configurable');
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
  t.equal(due('2026-02-13T15:30', days(1)), '2026-02-24T17:00:00+07:00', 'after 15:00 on the eve of Tết → Mon 23/2 is the day of receipt');
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
