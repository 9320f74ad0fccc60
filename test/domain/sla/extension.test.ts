import t from 'tap';
import {
  acceptDossier, DEFAULT_SLA_POLICY, extensionRequestDeadline, finishDossier, grantExtension, requestSupplement, type ApologyLetter, type DossierClock,
} from '../../../api/domain/sla/index.ts';
import { at, calendar, codeOf, fmt, unwrap } from './helpers.ts';

const policy = DEFAULT_SLA_POLICY;
const apology: ApologyLetter = { reasonVi: 'Cần xác minh thêm với cơ quan công an', documentRef: '04/2026' };
const accepted = () => acceptDossier(calendar, at('2026-03-02T10:00'), { kind: 'workingDays', days: 5 }); // due Mon 9/3 17:00
const extend = (clock: DossierClock, when: string, newDue = '2026-03-12T17:00', letter = apology) =>
  grantExtension(calendar, clock, { at: at(when), newDueAt: at(newDue), apology: letter }, policy);

t.test('at least 1 working day before the due date', async (t) => {
  t.equal(fmt(extensionRequestDeadline(calendar, at('2026-03-09T17:00'), policy)), '2026-03-06T17:00:00+07:00', 'due Monday → by Friday 17:00');
  t.equal(codeOf(extend(accepted(), '2026-03-06T17:00')), 'accepted');
  t.equal(codeOf(extend(accepted(), '2026-03-06T17:01')), 'EXTENSION_TOO_LATE');
  t.equal(codeOf(extend(accepted(), '2026-03-07T09:00')), 'EXTENSION_TOO_LATE', 'Saturday is not a working day before Monday');
  t.equal(codeOf(extend(accepted(), '2026-03-09T08:00')), 'EXTENSION_TOO_LATE', 'on the due day');
  t.equal(fmt(extensionRequestDeadline(calendar, at('2026-02-23T17:00'), policy)), '2026-02-13T17:00:00+07:00', 'due after Tết → by Fri 13/2');
  t.equal(fmt(extensionRequestDeadline(calendar, at('2026-03-09T17:00'), { ...policy, extensionNoticeWorkingDays: 2 })), '2026-03-05T17:00:00+07:00');
});

t.test('granting moves the due date and keeps the record', async (t) => {
  const extended = unwrap(extend(accepted(), '2026-03-05T10:00'));
  t.equal(fmt(extended.dueAt), '2026-03-12T17:00:00+07:00');
  t.equal(fmt(extended.originalDueAt), '2026-03-09T17:00:00+07:00');
  t.equal(fmt(extended.extension!.previousDueAt), '2026-03-09T17:00:00+07:00');
  t.equal(extended.extension!.apology.documentRef, '04/2026');
});

t.test('at most once', async (t) => {
  const extended = unwrap(extend(accepted(), '2026-03-05T10:00'));
  const again = extend(extended, '2026-03-06T10:00', '2026-03-16T17:00');
  t.equal(codeOf(again), 'EXTENSION_ALREADY_GRANTED');
  if (!again.ok) t.match(again.error, { vi: /một lần/, en: /only one/ });
});

t.test('other refusals', async (t) => {
  t.equal(codeOf(extend(accepted(), '2026-03-05T10:00', '2026-03-12T17:00', { reasonVi: '  ' })), 'EXTENSION_APOLOGY_REQUIRED');
  t.equal(codeOf(extend(accepted(), '2026-03-05T10:00', '2026-03-09T17:00')), 'EXTENSION_NOT_LATER');
  const paused = unwrap(requestSupplement(calendar, accepted(), at('2026-03-03T09:00'), policy));
  t.equal(codeOf(extend(paused, '2026-03-04T10:00')), 'SUPPLEMENT_PENDING');
  const done = unwrap(finishDossier(accepted(), at('2026-03-04T10:00')));
  t.equal(codeOf(extend(done, '2026-03-05T10:00')), 'DOSSIER_FINISHED');
  t.equal(codeOf(extend(accepted(), '2026-03-01T10:00')), 'TIME_BEFORE_LAST_EVENT');
});
