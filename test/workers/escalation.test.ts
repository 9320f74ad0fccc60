/**
 * Scenario (marital status confirmation, 3 working days) on the embedded engine with a moving
 * clock: the dossier's due date, the step's due date set by its creating listener, task statuses,
 * the reminders of the sweep (nothing drawn in the process): the step reminder, the overdue
 * escalation chain (assignee + supervisor at once, the leader 4 working hours later), the
 * apology prompt before the Art. 19.6 deadline, nothing at night, nothing twice; e-mail through
 * nodemailer's JSON transport.
 */
import t from 'tap';
import { sql } from 'kysely';
import { databaseTargets } from '../helpers/databases.ts';
import { acceptReception, at, buildWorkersApp, delivered, receiveDossier, userId } from './helpers.ts';

for (const target of databaseTargets()) {
  t.test(`overdue dossier: escalation chain and apology prompt on ${target.name}`, async (t) => {
    const w = await buildWorkersApp(target);
    t.teardown(() => w.close());
    await w.handle.db.updateTable('users').set({ email: 'giamsat@xa-demo.gov.vn' }).where('username', '=', 'supervisor').execute();
    // Mon 2 Mar 2026 09:00 (+07:00): received and accepted at once.
    const { code, instanceKey } = await receiveDossier(w, 'marital-status-confirmation');
    await acceptReception(w, instanceKey);

    const dossier = await w.handle.db.selectFrom('dossiers').select(['received_at', 'due_at']).where('code', '=', code).executeTakeFirstOrThrow();
    t.equal(dossier.received_at?.toISOString(), '2026-03-02T02:00:00.000Z', 'received Mon 09:00');
    t.equal(dossier.due_at?.toISOString(), '2026-03-05T10:00:00.000Z', '3 working days: Thu 17:00');

    const appraisal = (await w.engine.listUserTasks({ processInstanceKey: instanceKey, state: 'CREATED' }))[0]!;
    t.equal(appraisal.elementId, 'Task_appraisal');
    t.equal(appraisal.dueDate, '2026-03-03T15:30:00+07:00', 'appraisal 12 working hours from Mon 09:00, set by its creating listener');
    t.notOk(Object.keys((await w.engine.getProcessInstance(instanceKey))!.variables).some((k) => /^(stepDue|dossierDue|clockStartedAt)/.test(k)), 'no SLA arithmetic in the process variables');
    await w.engine.assignUserTask(appraisal.key, await userId(w, 'specialist'));
    await w.projector.idle();
    const slaState = async () => (await w.handle.db.selectFrom('tasks').select('sla_state').where('key', '=', appraisal.key).executeTakeFirstOrThrow()).sla_state;

    await at(w, '2026-03-02T10:00:00+07:00');
    t.equal(await slaState(), 'in_time');
    t.same(await delivered(w), [], 'nothing yet');

    await at(w, '2026-03-03T07:30:00+07:00');
    t.same(await delivered(w), ['step-due-soon→specialist'], 'Tue 07:30: the assignee is reminded');
    t.equal(await slaState(), 'due_soon');

    await at(w, '2026-03-03T15:30:00+07:00');
    t.same(await delivered(w), ['step-due-soon→specialist', 'step-overdue→specialist', 'step-overdue→supervisor'], 'overdue: assignee and supervisor at once');
    t.equal(await slaState(), 'due_soon', 'a task is overdue after its due instant');
    const officerMails = w.mails.filter((m) => m.to !== 'an.nguyen@example.vn'); // the applicant's own messages: test/workers/applicant-delivery.test.ts
    t.same(officerMails.map((m) => m.to), ['giamsat@xa-demo.gov.vn'], 'the supervisor (who has an address) is e-mailed once');
    t.match(officerMails[0]!.subject, /Quá hạn/);

    await at(w, '2026-03-03T23:00:00+07:00');
    t.equal((await delivered(w)).length, 3, 'nothing at night');
    t.equal(await slaState(), 'overdue');
    await at(w, '2026-03-04T09:59:00+07:00');
    t.equal((await delivered(w)).length, 3, 'the leader not yet');
    await at(w, '2026-03-04T10:00:00+07:00');
    t.same((await delivered(w)).slice(3), ['step-overdue→leader'], 'the leader 4 working hours after the overdue (Tue 15:30 → Wed 10:00)');

    await at(w, '2026-03-04T11:00:00+07:00');
    const prompt = (await delivered(w)).slice(4);
    t.same(prompt, ['dossier-due-soon→specialist', 'dossier-due-soon→leader', 'dossier-due-soon→reception'], 'apology prompt (form 04) to the handling officers');
    const letter = await w.handle.db.selectFrom('notifications').selectAll().where('kind', '=', 'dossier-due-soon').executeTakeFirstOrThrow();
    t.match(letter.body_vi, /mẫu 04/);
    t.ok(letter.delivered_at! < new Date('2026-03-04T17:00:00+07:00'), 'before the last instant to request an extension');

    await at(w, '2026-03-05T17:00:00+07:00');
    t.equal((await delivered(w)).length, 7, 'dossier overdue at Thu 17:00 (closing time): held until the office opens');
    await at(w, '2026-03-06T07:30:00+07:00');
    t.same((await delivered(w)).slice(7), ['dossier-overdue→supervisor']);
    await at(w, '2026-03-06T11:30:00+07:00');
    t.equal((await delivered(w)).length, 8, '4 working hours later is Fri 11:30, the lunch break');
    await at(w, '2026-03-06T13:30:00+07:00');
    t.same((await delivered(w)).slice(8), ['dossier-overdue→leader'], 'the leader when the office opens again (Fri 13:30)');

    t.test('no reminder twice: the sweep run again stores nothing', async (t) => {
      const before = await w.handle.db.selectFrom('notifications').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      const again = await w.app.workers.sweep!.runOnce();
      t.equal(again.reminders, 0, 'every reminder due was already sent');
      const after = await w.handle.db.selectFrom('notifications').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      t.equal(Number(after.n), Number(before.n));
      // The triggers only append report counter deltas; the sweep folds them into the counters.
      const counted = await sql<{ counters: number; deltas: number }>`select (select count(*)::int from report_counters) as counters,
        (select count(*)::int from report_counter_deltas) as deltas`.execute(w.handle.db);
      t.equal(counted.rows[0]!.deltas, 0, 'the sweep rolled the report counter deltas up');
      t.ok(counted.rows[0]!.counters > 0, 'the reception is in the report counters');
    });

    t.test('alerts API: mine, unread first, mark read', async (t) => {
      const auth = { authorization: `Bearer ${await w.token('leader')}` };
      const list = await w.app.inject({ url: '/api/alerts', headers: auth });
      t.equal(list.statusCode, 200);
      const body = list.json();
      t.equal(body.total, 3);
      t.equal(body.unread, 3);
      t.match(body.items[0], { kind: 'dossier-overdue', dossierCode: code, read: false });
      const read = await w.app.inject({ method: 'POST', url: `/api/alerts/${body.items[0].id}/read`, headers: auth });
      t.equal(read.statusCode, 200);
      const again = (await w.app.inject({ url: '/api/alerts', headers: auth })).json();
      t.equal(again.unread, 2);
      t.equal(again.items[2].read, true, 'read ones last');
      const other = await w.app.inject({ method: 'POST', url: `/api/alerts/${body.items[0].id}/read`, headers: { authorization: `Bearer ${await w.token('reception')}` } });
      t.equal(other.statusCode, 404, 'another user’s alert');
      t.equal((await w.app.inject({ url: '/api/alerts' })).statusCode, 401);
    });
  });
}
