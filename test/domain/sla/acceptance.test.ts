import t from 'tap';
import { acceptDossier, DEFAULT_SLA_POLICY, finishDossier, onlineReviewDueAt, slaError } from '../../../api/domain/sla/index.ts';
import { at, calendar, codeOf, fmt, unwrap } from './helpers.ts';

t.test('acceptance gives the appointment (form 01)', async (t) => {
  const clock = acceptDossier(calendar, at('2026-02-12T09:00'), { kind: 'workingDays', days: 3 });
  t.equal(fmt(clock.dueAt), '2026-02-24T17:00:00+07:00', 'across Tết 2026');
  t.equal(fmt(clock.originalDueAt), '2026-02-24T17:00:00+07:00');
  t.equal(fmt(clock.clockStartedAt), '2026-02-12T09:00:00+07:00');
  t.same([clock.supplement, clock.extension, clock.finishedAt, clock.closedAt], [null, null, null, null]);
  t.same(clock.pauses, []);
  const late = acceptDossier(calendar, at('2026-03-02T15:10'), { kind: 'sameDay' });
  t.equal(fmt(late.dueAt), '2026-03-03T17:00:00+07:00', 'same-day after 15:00 → next working day');
});

t.test('online review within 8 working hours (Art. 17.2)', async (t) => {
  t.equal(fmt(onlineReviewDueAt(calendar, at('2026-03-02T14:00'), DEFAULT_SLA_POLICY)), '2026-03-03T14:30:00+07:00');
  t.equal(fmt(onlineReviewDueAt(calendar, at('2026-03-07T22:00'), DEFAULT_SLA_POLICY)), '2026-03-10T08:00:00+07:00', 'Saturday night → Mon 07:30; 7.5 h Monday + 0.5 h Tuesday');
});

t.test('finishing', async (t) => {
  const clock = acceptDossier(calendar, at('2026-03-02T09:00'), { kind: 'workingDays', days: 3 });
  const done = unwrap(finishDossier(clock, at('2026-03-04T10:00')));
  t.equal(fmt(done.finishedAt), '2026-03-04T10:00:00+07:00');
  t.equal(codeOf(finishDossier(done, at('2026-03-05T10:00'))), 'DOSSIER_FINISHED');
  t.equal(codeOf(finishDossier(clock, at('2026-03-02T08:59'))), 'TIME_BEFORE_LAST_EVENT');
  t.equal(clock.finishedAt, null, 'the input clock is not mutated');
});

t.test('every error has Vietnamese and English messages', async (t) => {
  const codes = ['SUPPLEMENT_ALREADY_REQUESTED', 'SUPPLEMENT_WINDOW_PASSED', 'SUPPLEMENT_NOT_REQUESTED', 'SUPPLEMENT_DEADLINE_PASSED',
    'SUPPLEMENT_DEADLINE_NOT_REACHED', 'SUPPLEMENT_PENDING', 'EXTENSION_ALREADY_GRANTED', 'EXTENSION_TOO_LATE', 'EXTENSION_NOT_LATER',
    'EXTENSION_APOLOGY_REQUIRED', 'DOSSIER_FINISHED', 'DOSSIER_CLOSED', 'TIME_BEFORE_LAST_EVENT'] as const;
  for (const code of codes) {
    const e = slaError(code);
    t.equal(e.code, code);
    t.ok(e.vi.length > 10 && e.en.length > 10 && e.vi !== e.en, code);
  }
  t.match(slaError('SUPPLEMENT_ALREADY_REQUESTED').vi, /một lần/);
  t.match(slaError('EXTENSION_TOO_LATE').vi, /01 ngày làm việc/);
});
