import t from 'tap';
import {
  acceptDossier, classifyFinished, classifyOpen, DEFAULT_SLA_POLICY, dossierStatus, dueSoonBound, finishDossier, grantExtension,
} from '../../../api/domain/sla/index.ts';
import { at, calendar, fmt, unwrap } from './helpers.ts';

const due = at('2026-03-05T17:00');

t.test('finished: early / on time / late', async (t) => {
  t.equal(classifyFinished(due, at('2026-03-04T16:59')), 'early', 'the day before');
  t.equal(classifyFinished(due, at('2026-03-05T00:00')), 'on_time', 'the due day, midnight');
  t.equal(classifyFinished(due, at('2026-03-05T08:00')), 'on_time');
  t.equal(classifyFinished(due, at('2026-03-05T17:00')), 'on_time', 'exactly the due instant');
  t.equal(classifyFinished(due, at('2026-03-05T17:00:01')), 'late', 'after the due instant, same day');
  t.equal(classifyFinished(due, at('2026-03-06T08:00')), 'late');
  t.equal(classifyFinished(at('2026-03-05T10:30'), at('2026-03-05T10:00')), 'on_time', 'hour-based due, same day before');
});

t.test('open: in time / due soon / overdue (working hours threshold)', async (t) => {
  const start = at('2026-03-02T10:00');
  const h8 = { kind: 'workingHours', hours: 8 } as const;
  t.equal(classifyOpen(calendar, start, due, at('2026-03-03T10:00'), h8), 'in_time');
  t.equal(classifyOpen(calendar, start, due, at('2026-03-04T16:00'), h8), 'in_time', '8.5 h left');
  t.equal(classifyOpen(calendar, start, due, at('2026-03-04T16:30'), h8), 'due_soon', 'exactly 8 h left');
  t.equal(classifyOpen(calendar, start, due, at('2026-03-05T17:00'), h8), 'due_soon', 'at the due instant');
  t.equal(classifyOpen(calendar, start, due, at('2026-03-05T17:01'), h8), 'overdue');
  const friday = at('2026-03-09T08:00');
  t.equal(classifyOpen(calendar, at('2026-03-02T10:00'), friday, at('2026-03-06T16:30'), h8), 'due_soon', 'weekend does not count: 0.5 + 0.5 h');
});

t.test('open: fraction threshold', async (t) => {
  const start = at('2026-03-02T10:00'); // allowed: 5 + 7.5 × 3 = 27.5 h
  const fifth = { kind: 'fraction', fraction: 0.2 } as const;
  t.equal(classifyOpen(calendar, start, due, at('2026-03-05T09:29'), fifth), 'in_time', '5 h 31 left > 5.5 h');
  t.equal(classifyOpen(calendar, start, due, at('2026-03-05T09:30'), fifth), 'due_soon', '5.5 h left = 20 %');
  t.equal(classifyOpen(calendar, start, due, at('2026-03-02T10:00'), { kind: 'fraction', fraction: 1 }), 'due_soon');
  t.equal(classifyOpen(calendar, start, due, at('2026-03-05T16:00'), { kind: 'fraction', fraction: 0 }), 'in_time');
});

t.test('dossier status uses the due date in force', async (t) => {
  const policy = DEFAULT_SLA_POLICY;
  const clock = acceptDossier(calendar, at('2026-03-02T10:00'), { kind: 'workingDays', days: 3 });
  t.match(dossierStatus(calendar, clock, at('2026-03-02T11:00'), policy), { state: 'open', status: 'in_time', remainingWorkingMs: 26.5 * 3_600_000 });
  t.match(dossierStatus(calendar, clock, at('2026-03-06T08:00'), policy), { state: 'open', status: 'overdue', remainingWorkingMs: 0 });
  const extended = unwrap(grantExtension(calendar, clock, { at: at('2026-03-04T09:00'), newDueAt: at('2026-03-10T17:00'), apology: { reasonVi: 'Chờ xác minh' } }, policy));
  t.match(dossierStatus(calendar, extended, at('2026-03-06T08:00'), policy), { state: 'open', status: 'in_time' });
  const late = unwrap(finishDossier(clock, at('2026-03-06T08:00')));
  t.match(dossierStatus(calendar, late, at('2026-03-07T08:00'), policy), { state: 'finished', outcome: 'late' });
  const onTime = unwrap(finishDossier(extended, at('2026-03-10T08:00')));
  t.match(dossierStatus(calendar, onTime, at('2026-03-11T08:00'), policy), { state: 'finished', outcome: 'on_time' });
  const early = unwrap(finishDossier(clock, at('2026-03-03T08:00')));
  t.match(dossierStatus(calendar, early, at('2026-03-11T08:00'), policy), { state: 'finished', outcome: 'early' });
});

t.test('dueSoonBound: a due instant is due soon exactly when it lies in [asOf, bound]', async (t) => {
  const h8 = { kind: 'workingHours', hours: 8 } as const;
  t.equal(fmt(dueSoonBound(calendar, at('2026-03-04T16:30'), h8)), '2026-03-06T07:30:00+07:00', '8 h from Wed 16:30 reached Thu 17:00; due up to Friday\'s opening leaves no more');
  t.equal(fmt(dueSoonBound(calendar, at('2026-03-04T08:00'), { kind: 'workingHours', hours: 3.5 })), '2026-03-04T13:30:00+07:00', 'reached at 11:30: a due time in the lunch break is due soon too');
  t.equal(fmt(dueSoonBound(calendar, at('2026-03-06T20:00'), { kind: 'workingHours', hours: 0 })), '2026-03-09T07:30:00+07:00', 'Friday night, no threshold: up to Monday\'s opening');
  t.equal(dueSoonBound(calendar, at('2026-03-04T08:00'), { kind: 'fraction', fraction: 0.2 }), null);
  // Every quarter hour of a week as `asOf`, due instants every quarter hour of the two weeks after.
  const start = at('2026-03-02T00:00').getTime();
  const q = 15 * 60_000;
  let mismatches = 0;
  for (let a = start; a < start + 7 * 96 * q; a += 7 * q) {
    const asOf = new Date(a);
    const bound = dueSoonBound(calendar, asOf, h8)!;
    for (let d = a; d < a + 14 * 96 * q; d += 5 * q) {
      const due = new Date(d);
      const soon = classifyOpen(calendar, asOf, due, asOf, h8) === 'due_soon';
      if (soon !== (due >= asOf && due <= bound)) mismatches += 1;
    }
  }
  t.equal(mismatches, 0, 'agrees with classifyOpen');
});
