import fc from 'fast-check';
import t from 'tap';
import {
  addWorkingDays, addWorkingTime, createCalendar, dueAt, formatVnInstant, HOUR_MS, isWorkingInstant, localDayOf, nextWorkingInstant,
  OFFICE_HOURS_WITH_SATURDAY_MORNING, parseIsoInstant, workingTimeBetween, type TimeLimit,
} from '../../../api/domain/calendar/index.ts';

const calendars = [createCalendar(), createCalendar({ officeHours: OFFICE_HOURS_WITH_SATURDAY_MORNING })];
const FROM = Date.parse('2024-06-01T00:00:00+07:00');
const TO = Date.parse('2028-12-31T00:00:00+07:00');
const instant = fc.integer({ min: FROM, max: TO }).map((ms) => new Date(ms));
/** Instants on whole minutes, where the boundaries (07:30, 11:30, 15:00, 17:00) are hit often. */
const minuteInstant = fc.integer({ min: FROM / 60_000, max: TO / 60_000 }).map((m) => new Date(m * 60_000));
const anyInstant = fc.oneof(instant, minuteInstant);
const duration = fc.integer({ min: 0, max: 600 * HOUR_MS });
const calendar = fc.constantFrom(...calendars);
const limit: fc.Arbitrary<TimeLimit> = fc.oneof(
  fc.integer({ min: 1, max: 60 }).map((days) => ({ kind: 'workingDays', days }) as TimeLimit),
  fc.integer({ min: 1, max: 400 }).map((h) => ({ kind: 'workingHours', hours: h / 4 }) as TimeLimit),
  fc.constant({ kind: 'sameDay' } as TimeLimit),
);
const runs = { numRuns: 400 };

t.test('adding then measuring gives back the same working time', async (t) => {
  fc.assert(fc.property(calendar, anyInstant, duration, (cal, at, d) => workingTimeBetween(cal, at, addWorkingTime(cal, at, d)) === d), runs);
  t.pass();
});

t.test('addWorkingTime is monotone in the instant and in the duration', async (t) => {
  fc.assert(fc.property(calendar, anyInstant, anyInstant, duration, (cal, a, b, d) => {
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    return addWorkingTime(cal, lo, d) <= addWorkingTime(cal, hi, d);
  }), runs);
  fc.assert(fc.property(calendar, anyInstant, duration, duration, (cal, at, d1, d2) => {
    const [lo, hi] = d1 <= d2 ? [d1, d2] : [d2, d1];
    return addWorkingTime(cal, at, lo) <= addWorkingTime(cal, at, hi);
  }), runs);
  t.pass();
});

t.test('adding is associative: (t + a) + b = t + (a + b)', async (t) => {
  fc.assert(fc.property(calendar, anyInstant, duration, duration, (cal, at, a, b) =>
    addWorkingTime(cal, addWorkingTime(cal, at, a), b).getTime() === addWorkingTime(cal, at, a + b).getTime()), runs);
  t.pass();
});

t.test('a positive addition ends inside office hours or exactly at a closing', async (t) => {
  fc.assert(fc.property(calendar, anyInstant, fc.integer({ min: 1, max: 600 * HOUR_MS }), (cal, at, d) => {
    const end = addWorkingTime(cal, at, d);
    return end > at && isWorkingInstant(cal, new Date(end.getTime() - 1));
  }), runs);
  t.pass();
});

t.test('working time between is additive and antisymmetric', async (t) => {
  fc.assert(fc.property(calendar, anyInstant, anyInstant, anyInstant, (cal, a, b, c) =>
    workingTimeBetween(cal, a, b) + workingTimeBetween(cal, b, c) === workingTimeBetween(cal, a, c) &&
    workingTimeBetween(cal, a, b) === -workingTimeBetween(cal, b, a)), runs);
  t.pass();
});

t.test('nextWorkingInstant: not earlier, idempotent, no working time skipped', async (t) => {
  fc.assert(fc.property(calendar, anyInstant, (cal, at) => {
    const next = nextWorkingInstant(cal, at);
    return next >= at && isWorkingInstant(cal, next) && nextWorkingInstant(cal, next).getTime() === next.getTime() &&
      workingTimeBetween(cal, at, next) === 0;
  }), runs);
  t.pass();
});

t.test('dueAt is monotone in the receipt instant and later than it', async (t) => {
  fc.assert(fc.property(calendar, anyInstant, anyInstant, limit, (cal, a, b, l) => {
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    return dueAt(cal, lo, l) <= dueAt(cal, hi, l) && dueAt(cal, lo, l) > lo;
  }), runs);
  t.pass();
});

t.test('day-based due dates fall at a closing; one more working day adds one working day', async (t) => {
  fc.assert(fc.property(calendar, anyInstant, fc.integer({ min: 1, max: 60 }), (cal, at, n) => {
    const due = dueAt(cal, at, { kind: 'workingDays', days: n });
    const later = dueAt(cal, at, { kind: 'workingDays', days: n + 1 });
    const closing = isWorkingInstant(cal, new Date(due.getTime() - 1)) && !isWorkingInstant(cal, due);
    const nextDay = addWorkingDays(cal, due, 1);
    return closing && later.getTime() === nextDay.getTime() && localDayOf(later.getTime()) > localDayOf(due.getTime());
  }), runs);
  t.pass();
});

t.test('same day is never later than one working day (the same after the cut-off)', async (t) => {
  fc.assert(fc.property(calendar, anyInstant, (cal, at) => dueAt(cal, at, { kind: 'sameDay' }) <= dueAt(cal, at, { kind: 'workingDays', days: 1 })), runs);
  t.pass();
});

t.test('lawful default: within a working day, the hour of receipt never changes a working-day deadline', async (t) => {
  fc.assert(fc.property(calendar, anyInstant, fc.integer({ min: 1, max: 60 }), (cal, at, days) => {
    const day = localDayOf(at.getTime());
    const intervals = cal.intervalsOn(day);
    if (intervals.length === 0) return true;
    const opening = new Date(intervals[0]![0]);
    const lastMinute = new Date(intervals[intervals.length - 1]![1] - 60_000);
    const limit: TimeLimit = { kind: 'workingDays', days };
    return dueAt(cal, opening, limit).getTime() === dueAt(cal, lastMinute, limit).getTime();
  }), runs);
  t.pass();
});

t.test('formatVnInstant and parseIsoInstant round-trip', async (t) => {
  fc.assert(fc.property(instant, (at) => {
    const text = formatVnInstant(at);
    return text.endsWith('+07:00') && parseIsoInstant(text)!.getTime() === at.getTime();
  }), runs);
  t.pass();
});
