import t from 'tap';
import {
  dayFromIsoDate, formatVnInstant, isoDateOf, localDayOf, minutesFromTimeOfDay, parseIsoInstant, vnTime, weekdayOf,
} from '../../../api/domain/calendar/index.ts';

t.test('formatVnInstant writes +07:00 local time', async (t) => {
  t.equal(formatVnInstant(new Date('2026-02-24T10:00:00Z')), '2026-02-24T17:00:00+07:00');
  t.equal(formatVnInstant(new Date('2026-02-23T17:00:00Z')), '2026-02-24T00:00:00+07:00', 'crosses local midnight');
  t.equal(formatVnInstant(new Date('2025-12-31T16:59:59Z')), '2025-12-31T23:59:59+07:00');
  t.equal(formatVnInstant(Date.UTC(2026, 0, 1, 0, 0, 0, 5)), '2026-01-01T07:00:00.005+07:00', 'milliseconds kept when not zero');
  t.equal(formatVnInstant(new Date('1969-12-31T20:00:00Z')), '1970-01-01T03:00:00+07:00', 'before the epoch');
  t.throws(() => formatVnInstant(new Date('x')), RangeError);
});

t.test('parseIsoInstant requires an offset and a real date/time', async (t) => {
  t.equal(parseIsoInstant('2026-02-13T10:00:00+07:00')?.toISOString(), '2026-02-13T03:00:00.000Z');
  t.equal(parseIsoInstant('2026-02-13T03:00:00Z')?.toISOString(), '2026-02-13T03:00:00.000Z');
  t.equal(parseIsoInstant('2026-02-13T03:00Z')?.toISOString(), '2026-02-13T03:00:00.000Z', 'seconds optional');
  t.equal(parseIsoInstant('2026-02-13T05:30:00.123456-02:00')?.toISOString(), '2026-02-13T07:30:00.123Z');
  for (const bad of ['2026-02-13T10:00:00', '2026-02-30T10:00:00Z', '2026-02-13T24:00:00Z', '2026-02-13', 'now', '2026-02-13T10:60:00Z', '2026-02-13T10:00:00+15:00']) {
    t.equal(parseIsoInstant(bad), null, bad);
  }
  for (const text of ['2026-02-24T17:00:00+07:00', '2025-01-01T00:00:00+07:00', '2027-06-30T23:59:59.999+07:00']) {
    t.equal(formatVnInstant(parseIsoInstant(text)!), text, `round trip ${text}`);
  }
});

t.test('local days and weekdays use UTC+7', async (t) => {
  t.equal(isoDateOf(localDayOf(Date.parse('2026-02-16T17:00:00Z'))), '2026-02-17', 'midnight local');
  t.equal(isoDateOf(localDayOf(Date.parse('2026-02-16T16:59:59.999Z'))), '2026-02-16');
  t.equal(weekdayOf(dayFromIsoDate('2026-02-17')!), 2, 'Tuesday');
  t.equal(weekdayOf(dayFromIsoDate('1970-01-01')!), 4, 'Thursday');
  t.equal(weekdayOf(dayFromIsoDate('1969-12-28')!), 0, 'Sunday before the epoch');
  t.equal(dayFromIsoDate('2024-02-29'), 19782);
  t.equal(dayFromIsoDate('2025-02-29'), null);
  t.equal(dayFromIsoDate('2025-13-01'), null);
  t.equal(vnTime('2026-02-13T10:00').toISOString(), '2026-02-13T03:00:00.000Z');
});

t.test('times of day', async (t) => {
  t.equal(minutesFromTimeOfDay('07:30'), 450);
  t.equal(minutesFromTimeOfDay('24:00'), 1440);
  t.equal(minutesFromTimeOfDay('7:30'), null);
  t.equal(minutesFromTimeOfDay('24:01'), null);
  t.equal(minutesFromTimeOfDay('12:60'), null);
});
