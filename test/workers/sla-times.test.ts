/** The SLA worker's instants on the default calendar (pure). */
import t from 'tap';
import { createCalendar, formatVnInstant } from '../../api/domain/calendar/index.ts';
import { DEFAULT_SLA_POLICY } from '../../api/domain/sla/index.ts';
import { dossierTimes, parseTimeLimit, stepTimes, subtractWorkingMs } from '../../api/workers/sla-times.ts';

const calendar = createCalendar();
const fmt = (d: Date | number) => formatVnInstant(d);

t.test('subtracting working time skips nights, lunch and weekends', async (t) => {
  t.equal(fmt(subtractWorkingMs(calendar, new Date('2026-03-05T17:00:00+07:00').getTime(), 4 * 3_600_000)), '2026-03-05T11:00:00+07:00');
  t.equal(fmt(subtractWorkingMs(calendar, new Date('2026-03-09T08:30:00+07:00').getTime(), 2 * 3_600_000)), '2026-03-06T16:00:00+07:00', 'Mon 08:30 − 2 h = Fri 16:00');
});

t.test('dossier due soon is the apology prompt when the limit allows the notice', async (t) => {
  const times = dossierTimes(calendar, new Date('2026-03-02T09:00:00+07:00'), parseTimeLimit('workingDays:15'), DEFAULT_SLA_POLICY);
  t.equal(fmt(times.due), '2026-03-23T17:00:00+07:00', '15 working days: Mon 23 Mar');
  t.equal(fmt(times.dueSoon), '2026-03-20T11:00:00+07:00', '4 working hours before the extension deadline (Fri 20 17:00)');
});

t.test('same-day limits: no room for the notice, due soon at the policy threshold, never before the midpoint', async (t) => {
  const times = dossierTimes(calendar, new Date('2026-03-02T08:00:00+07:00'), parseTimeLimit('sameDay'), DEFAULT_SLA_POLICY);
  t.equal(fmt(times.due), '2026-03-02T17:00:00+07:00');
  t.equal(fmt(times.dueSoon), '2026-03-02T13:30:00+07:00', 'half of the 7 working hours');
});

t.test('steps and bad headers', async (t) => {
  const step = stepTimes(calendar, new Date('2026-03-02T16:00:00+07:00'), 40, DEFAULT_SLA_POLICY);
  t.equal(fmt(step.due), '2026-03-10T09:00:00+07:00', 'Mon 16:00 + 40 h (7.5 h days)');
  t.equal(fmt(step.dueSoon), '2026-03-09T08:30:00+07:00', '8 working hours before');
  t.throws(() => parseTimeLimit('workingDays:0'));
  t.throws(() => parseTimeLimit(undefined));
  t.same(parseTimeLimit('workingHours:4'), { kind: 'workingHours', hours: 4 });
});
