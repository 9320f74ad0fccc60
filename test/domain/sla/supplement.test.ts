import t from 'tap';
import {
  acceptDossier, closeForMissingSupplement, DEFAULT_SLA_POLICY, dossierStatus, finishDossier, receiveSupplement, requestSupplement,
  supplementDeadline, supplementRequestDeadline, type SlaPolicy,
} from '../../../api/domain/sla/index.ts';
import { at, calendar, codeOf, fmt, unwrap } from './helpers.ts';

const policy = DEFAULT_SLA_POLICY;
const threeDays = { kind: 'workingDays', days: 3 } as const;
const accepted = () => acceptDossier(calendar, at('2026-03-02T10:00'), threeDays); // due Thu 5/3 17:00

t.test('request within 3 working days of receipt', async (t) => {
  t.equal(fmt(supplementRequestDeadline(calendar, accepted(), policy)), '2026-03-05T17:00:00+07:00');
  t.equal(codeOf(requestSupplement(calendar, accepted(), at('2026-03-05T17:00'), policy)), 'accepted', 'last instant');
  t.equal(codeOf(requestSupplement(calendar, accepted(), at('2026-03-05T17:01'), policy)), 'SUPPLEMENT_WINDOW_PASSED');
  t.equal(codeOf(requestSupplement(calendar, accepted(), at('2026-03-06T08:00'), policy)), 'SUPPLEMENT_WINDOW_PASSED');
  const beforeTet = acceptDossier(calendar, at('2026-02-12T16:00'), { kind: 'workingDays', days: 10 });
  t.equal(fmt(supplementRequestDeadline(calendar, beforeTet, policy)), '2026-02-24T17:00:00+07:00', 'Tết: Thu 12 after 15:00 is still the day of receipt → 13, 23, 24');
});

t.test('requesting pauses the clock; the pause is stored', async (t) => {
  const paused = unwrap(requestSupplement(calendar, accepted(), at('2026-03-03T09:00'), policy));
  t.equal(paused.dueAt, null);
  t.equal(fmt(paused.originalDueAt), '2026-03-05T17:00:00+07:00', 'original appointment kept');
  t.same(paused.pauses.map((p) => [p.reason, fmt(p.from), p.to]), [['supplement', '2026-03-03T09:00:00+07:00', null]]);
  t.equal(fmt(paused.supplement!.deadlineAt), '2026-03-18T17:00:00+07:00', '15 calendar days after Tue 3/3 → Wed 18/3');
  t.match(dossierStatus(calendar, paused, at('2026-03-10T09:00'), policy), { state: 'awaiting_supplement', closable: false });
  t.equal(codeOf(finishDossier(paused, at('2026-03-04T09:00'))), 'SUPPLEMENT_PENDING');
});

t.test('only once: a second request is refused, even after the first was answered', async (t) => {
  const paused = unwrap(requestSupplement(calendar, accepted(), at('2026-03-03T09:00'), policy));
  const again = requestSupplement(calendar, paused, at('2026-03-03T10:00'), policy);
  t.equal(codeOf(again), 'SUPPLEMENT_ALREADY_REQUESTED');
  if (!again.ok) t.match(again.error, { vi: /một lần/, en: /only one/ });
  const resumed = unwrap(receiveSupplement(calendar, paused, at('2026-03-04T08:00')));
  t.equal(codeOf(requestSupplement(calendar, resumed, at('2026-03-04T09:00'), policy)), 'SUPPLEMENT_ALREADY_REQUESTED');
});

t.test('the complete supplement restarts the time limit from zero', async (t) => {
  const paused = unwrap(requestSupplement(calendar, accepted(), at('2026-03-03T09:00'), policy));
  const resumed = unwrap(receiveSupplement(calendar, paused, at('2026-03-10T14:00')));
  t.equal(fmt(resumed.dueAt), '2026-03-13T17:00:00+07:00', 'Tue 10/3 + 3 working days');
  t.equal(fmt(resumed.clockStartedAt), '2026-03-10T14:00:00+07:00');
  t.same(resumed.pauses.map((p) => [fmt(p.from), fmt(p.to)]), [['2026-03-03T09:00:00+07:00', '2026-03-10T14:00:00+07:00']]);
  const afterCutoff = unwrap(receiveSupplement(calendar, paused, at('2026-03-10T15:30')));
  t.equal(fmt(afterCutoff.dueAt), '2026-03-13T17:00:00+07:00', 'after 15:00 the restart still counts from that day (Civil Code Art. 147)');
  t.equal(codeOf(receiveSupplement(calendar, resumed, at('2026-03-11T09:00'))), 'SUPPLEMENT_NOT_REQUESTED');
  t.equal(codeOf(receiveSupplement(calendar, accepted(), at('2026-03-03T09:00'))), 'SUPPLEMENT_NOT_REQUESTED');
  t.equal(codeOf(receiveSupplement(calendar, paused, at('2026-03-03T08:00'))), 'TIME_BEFORE_LAST_EVENT');
});

t.test('no supplement within 15 days: closure', async (t) => {
  const paused = unwrap(requestSupplement(calendar, accepted(), at('2026-03-03T09:00'), policy));
  t.equal(codeOf(receiveSupplement(calendar, paused, at('2026-03-18T17:00'))), 'accepted', 'until the close of the last day');
  t.equal(codeOf(receiveSupplement(calendar, paused, at('2026-03-18T17:01'))), 'SUPPLEMENT_DEADLINE_PASSED');
  t.equal(codeOf(closeForMissingSupplement(paused, at('2026-03-18T16:00'))), 'SUPPLEMENT_DEADLINE_NOT_REACHED');
  t.match(dossierStatus(calendar, paused, at('2026-03-19T08:00'), policy), { state: 'awaiting_supplement', closable: true });
  const closed = unwrap(closeForMissingSupplement(paused, at('2026-03-19T08:00')));
  t.equal(fmt(closed.closedAt), '2026-03-19T08:00:00+07:00');
  t.equal(fmt(closed.pauses[0].to), '2026-03-19T08:00:00+07:00');
  t.same(dossierStatus(calendar, closed, at('2026-03-20T08:00'), policy), { state: 'closed' });
  t.equal(codeOf(receiveSupplement(calendar, closed, at('2026-03-20T08:00'))), 'DOSSIER_CLOSED');
  t.equal(codeOf(closeForMissingSupplement(accepted(), at('2026-04-20T08:00'))), 'SUPPLEMENT_NOT_REQUESTED');
});

t.test('the 15-day period: calendar days by default, last day off → next working day; or working days', async (t) => {
  const deadline = (request: string, p: SlaPolicy = policy) => fmt(supplementDeadline(calendar, at(request), p));
  t.equal(deadline('2026-03-02T10:00'), '2026-03-17T17:00:00+07:00', 'Mon 2/3 + 15 = Tue 17/3');
  t.equal(deadline('2026-03-06T10:00'), '2026-03-23T17:00:00+07:00', 'Fri 6/3 + 15 = Sat 21/3 → Mon 23/3');
  t.equal(deadline('2026-02-03T10:00'), '2026-02-23T17:00:00+07:00', 'Tue 3/2 + 15 = Wed 18/2 (Tết) → Mon 23/2');
  const working: SlaPolicy = { ...policy, supplementWait: { days: 15, unit: 'working' } };
  t.equal(deadline('2026-03-02T10:00', working), '2026-03-23T17:00:00+07:00', '15 working days');
  t.equal(deadline('2026-02-03T10:00', working), '2026-03-03T17:00:00+07:00', '15 working days across Tết');
});
