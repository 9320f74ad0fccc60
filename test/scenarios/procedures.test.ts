/**
 * Every shipped procedure end to end, through the API and the task list, with the real workers on
 * the embedded engine and a moving clock: received at the counter → its steps done by the officers
 * of the right agencies (handoffs answered by the other agencies' officers) → result returned on
 * time; and the same with one supplement request, after which the time limit restarts and a second
 * request is refused.
 */
import t from 'tap';
import { PROCEDURE_CATALOGUE } from '../../api/procedures/catalogue.ts';
import { databaseTargets } from '../helpers/databases.ts';
import { at, buildWorkersApp, delivered } from '../workers/helpers.ts';
import { dossierView, HOUR, oneSupplement, onTime, receiveAtCounter, setUp } from './drive.ts';

const [target] = databaseTargets();
t.test('every procedure, end to end through the task list', async (t) => {
  const w = await buildWorkersApp(target!);
  t.teardown(() => w.close());
  const tokens = await setUp(w);
  const receive = (id: string) => receiveAtCounter(w, tokens, id);
  const dossier = (code: string) => dossierView(w, tokens, code);

  let week = 0;
  for (const entry of PROCEDURE_CATALOGUE) {
    t.test(`${entry.id}: overdue — reminders, the escalation chain and the apology prompt`, async (t) => {
      // Each procedure in its own week: Monday 08:30, the first step claimed and then left undone.
      const monday = new Date(Date.parse('2026-04-06T01:30:00Z') + 7 * 86_400_000 * week++);
      w.clock.set(monday);
      const { code } = await receive(entry.id);
      await w.settle();
      const first = await w.handle.db.selectFrom('tasks').selectAll().where('dossier_code', '=', code).where('state', '=', 'CREATED').executeTakeFirstOrThrow();
      t.equal((await w.app.inject({ method: 'POST', url: `/api/tasks/${first.key}/claim`, headers: tokens.specialist! })).statusCode, 200);
      const d = await dossier(code);
      const due = Date.parse(d.dueAt);
      for (let now = monday.getTime(); now <= due + 5 * 86_400_000; now += 4 * HOUR) await at(w, new Date(now).toISOString());
      // This dossier's notifications (the dossiers of the weeks before stay open, reminded once each).
      const got = await delivered(w, code);
      for (const expected of ['step-overdue→specialist', 'step-overdue→supervisor', 'step-overdue→leader', 'dossier-overdue→supervisor']) {
        t.ok(got.includes(expected), `${expected} in ${got.join(', ')}`);
      }
      t.equal(new Set(got).size, got.length, 'no reminder twice');
      const prompt = await w.handle.db.selectFrom('notifications').select(['delivered_at', 'body_vi']).where('kind', '=', 'dossier-due-soon').where('dossier_code', '=', code).orderBy('delivered_at').executeTakeFirst();
      t.ok(prompt?.delivered_at, 'the apology prompt (form 04) is delivered');
      t.ok(prompt!.delivered_at!.getTime() < due, 'before the due date');
      const hours = await w.handle.db.selectFrom('notifications').select('delivered_at').where('dossier_code', '=', code).where('delivered_at', 'is not', null).execute();
      const calendar = await w.app.calendars.forAgency('xa-demo');
      const { isWorkingInstant } = await import('../../api/domain/calendar/index.ts');
      t.ok(hours.every((h) => isWorkingInstant(calendar, h.delivered_at!)), 'none outside working time');
      t.equal((await dossier(code)).sla, 'overdue');
    });


    t.test(`${entry.id}: on time`, (t) => onTime(t, w, tokens, entry.id, '2026-03-02T01:30:00Z'));
    t.test(`${entry.id}: one supplement, the clock restarts, a second is refused`, (t) => oneSupplement(t, w, tokens, entry.id, '2026-03-09T01:30:00Z'));
  }
});
