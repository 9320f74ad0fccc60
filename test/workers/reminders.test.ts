/**
 * The reminder sweep reads the due dates kept in the database (nothing is drawn in the processes):
 * a dossier sent to verification has the procedure's longer limit, counted from its receipt; a step's
 * reminders follow its task's due date, set by the step's creating listener.
 */
import t from 'tap';
import { databaseTargets } from '../helpers/databases.ts';
import { acceptReception, at, buildWorkersApp, completeTask, delivered, receiveDossier } from './helpers.ts';

const [target] = databaseTargets();

t.test('verification: the dossier reminders follow the longer limit', async (t) => {
  const w = await buildWorkersApp(target!);
  t.teardown(() => w.close());
  // Mon 2 Mar 2026 09:00 (+07:00): received; 3 working days (Thu 17:00), 5 with verification (Mon 9 Mar 17:00).
  const extra = { extendedTimeLimit: { timeLimit: { kind: 'workingDays', days: 5 }, whenVi: 'Cần xác minh', whenEn: 'Verification needed' } };
  const { code, instanceKey } = await receiveDossier(w, 'marriage-registration', extra);
  await acceptReception(w, instanceKey);
  await completeTask(w, instanceKey, 'Task_appraisal', { appraisal: { outcome: 'verify', note: 'Xác minh tình trạng hôn nhân' } });
  const verification = await w.handle.db.selectFrom('tasks').select(['step', 'due_at']).where('dossier_code', '=', code).where('state', '=', 'CREATED').executeTakeFirstOrThrow();
  t.equal(verification.step, 'verification');
  t.equal(verification.due_at?.toISOString(), '2026-03-05T03:30:00.000Z', 'the verification step: 24 working hours from Mon 09:00 (Thu 10:30), set by its listener');

  const dossierAlerts = async () => (await delivered(w, code)).filter((d) => d.startsWith('dossier-'));
  await at(w, '2026-03-05T17:00:00+07:00');
  await at(w, '2026-03-06T09:00:00+07:00');
  t.same(await dossierAlerts(), [], 'not overdue at the 3-day limit: verification gave 5 days');
  t.ok((await delivered(w, code)).includes('step-overdue→specialist'), 'the verification step itself is overdue (Thu 10:30)');

  await at(w, '2026-03-09T09:00:00+07:00');
  t.same(await dossierAlerts(), ['dossier-due-soon→specialist', 'dossier-due-soon→leader', 'dossier-due-soon→reception'], 'the apology prompt before the longer limit');
  await at(w, '2026-03-09T17:00:00+07:00');
  await at(w, '2026-03-10T07:30:00+07:00');
  t.same((await dossierAlerts()).slice(3), ['dossier-overdue→supervisor'], 'overdue at Mon 9 Mar 17:00, told when the office opens');
  const overdue = await w.handle.db.selectFrom('notifications').select('dedupe_key').where('dossier_code', '=', code).where('kind', '=', 'dossier-overdue').execute();
  t.ok(overdue.every((n) => n.dedupe_key.endsWith('@2026-03-09T10:00:00.000Z')), 'about the longer due date');
});
