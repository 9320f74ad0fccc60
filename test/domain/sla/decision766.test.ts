import t from 'tap';
import {
  acceptDossier, DEFAULT_SLA_POLICY, decision766, decision766ForClock, dossierStatus, finishDossier, grantExtension, receiveSupplement, requestSupplement,
} from '../../../api/domain/sla/index.ts';
import { at, calendar, fmt, unwrap } from './helpers.ts';

const H = 3_600_000;
const policy = DEFAULT_SLA_POLICY;
const accepted = () => acceptDossier(calendar, at('2026-03-02T10:00'), { kind: 'workingDays', days: 3 }); // due Thu 5/3 17:00
const supplemented = () => {
  const paused = unwrap(requestSupplement(calendar, accepted(), at('2026-03-03T09:00'), policy));
  return unwrap(receiveSupplement(calendar, paused, at('2026-03-10T14:00'))); // 118: restarted due Fri 13/3 17:00
};

t.test('without pauses Decision 766 agrees with the due date', async (t) => {
  const early = decision766ForClock(calendar, unwrap(finishDossier(accepted(), at('2026-03-05T16:00'))), at('2026-04-01T00:00'));
  t.match(early, { onTime: true, lateReason: null, pausedWorkingMs: 0, allowedWorkingMs: 27.5 * H });
  t.equal(early.netWorkingMs, 26.5 * H);
  t.equal(fmt(early.effectiveDueAt), '2026-03-05T17:00:00+07:00');
  const late = decision766ForClock(calendar, unwrap(finishDossier(accepted(), at('2026-03-05T17:30'))), at('2026-04-01T00:00'));
  t.match(late, { onTime: false, lateReason: 'OVER_TIME' });
  t.equal(late.elapsedWorkingMs, 27.5 * H, 'no working time after 17:00, yet late: compared by instant');
});

t.test('supplement time is subtracted instead of restarting (differs from Decree 118)', async (t) => {
  const clock = supplemented();
  t.equal(fmt(clock.dueAt), '2026-03-13T17:00:00+07:00', 'Decree 118 restart');
  const finished = unwrap(finishDossier(clock, at('2026-03-13T14:00')));
  const result = decision766ForClock(calendar, finished, at('2026-04-01T00:00'));
  t.equal(result.pausedWorkingMs, 40.5 * H, 'Tue 3/3 09:00 → Tue 10/3 14:00: 6 + 4 × 7.5 + 4.5 h');
  t.equal(fmt(result.effectiveDueAt), '2026-03-13T10:30:00+07:00', 'original due + 40.5 working hours');
  t.match(result, { onTime: false, lateReason: 'OVER_TIME' });
  t.match(dossierStatus(calendar, finished, at('2026-04-01T00:00'), policy), { state: 'finished', outcome: 'on_time' }, 'yet on time under Decree 118');
  const sooner = decision766ForClock(calendar, unwrap(finishDossier(clock, at('2026-03-13T10:00'))), at('2026-04-01T00:00'));
  t.match(sooner, { onTime: true, lateReason: null });
  t.equal(sooner.netWorkingMs, sooner.elapsedWorkingMs - sooner.pausedWorkingMs);
  t.ok(sooner.netWorkingMs <= sooner.allowedWorkingMs);
});

t.test('an open dossier with an open pause counts the pause up to asOf', async (t) => {
  const paused = unwrap(requestSupplement(calendar, accepted(), at('2026-03-03T09:00'), policy));
  const result = decision766ForClock(calendar, paused, at('2026-03-04T09:00'));
  t.equal(result.pausedWorkingMs, 7.5 * H);
  t.equal(result.elapsedWorkingMs, (5 + 7.5 + 1.5) * H);
  t.equal(result.onTime, true);
  t.equal(fmt(result.endAt), '2026-03-04T09:00:00+07:00');
});

t.test('more than one supplement request counts as late', async (t) => {
  const input = {
    receivedAt: at('2026-03-02T10:00'), originalDueAt: at('2026-03-05T17:00'), extension: null, finishedAt: at('2026-03-03T10:00'),
    pauses: [{ reason: 'supplement' as const, from: at('2026-03-02T11:00'), to: at('2026-03-02T14:00') },
      { reason: 'supplement' as const, from: at('2026-03-02T15:00'), to: at('2026-03-02T16:00') }],
  };
  t.match(decision766(calendar, { ...input, supplementRequestCount: 2 }, at('2026-04-01T00:00')), { onTime: false, lateReason: 'MULTIPLE_SUPPLEMENTS' });
  t.match(decision766(calendar, { ...input, supplementRequestCount: 1 }, at('2026-04-01T00:00')), { onTime: true, pausedWorkingMs: 2 * H });
});

t.test('an extension adds its working time', async (t) => {
  const extended = unwrap(grantExtension(calendar, accepted(), { at: at('2026-03-04T09:00'), newDueAt: at('2026-03-09T17:00'), apology: { reasonVi: 'Chờ ý kiến cơ quan khác' } }, policy));
  const finished = unwrap(finishDossier(extended, at('2026-03-09T16:00')));
  const result = decision766ForClock(calendar, finished, at('2026-04-01T00:00'));
  t.equal(result.allowedWorkingMs, (27.5 + 15) * H);
  t.equal(fmt(result.effectiveDueAt), '2026-03-09T17:00:00+07:00');
  t.equal(result.onTime, true);
  t.equal(decision766ForClock(calendar, unwrap(finishDossier(extended, at('2026-03-10T08:00'))), at('2026-04-01T00:00')).onTime, false);
});
