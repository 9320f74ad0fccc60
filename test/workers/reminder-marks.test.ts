/**
 * The reminder marker (migration 2026120703): a step told it is overdue is not read again by the next
 * passes (a pass with a fresh memory sends nothing for it), a moved deadline brings it back, and
 * writing the marker does not stamp the task as changed for the task stream. The check marker (2026121002):
 * a step or dossier found not yet due soon is read again at its due-soon instant or within the hour, not
 * at every pass.
 */
import t from 'tap';
import { databaseTargets } from '../helpers/databases.ts';
import { createReminders } from '../../api/workers/reminders.ts';
import type { NotifyEvent } from '../../api/workers/notify.ts';
import { dueSoonAt } from '../../api/workers/sla-times.ts';
import { CHECK_AGAIN_WITHIN_MS, checkAgainAt } from '../../api/workers/reminder-marks.ts';
import { acceptReception, at, buildWorkersApp, delivered, receiveDossier, userId, type WorkersApp } from './helpers.ts';

/** A reminder pass of its own (no memory of what the sweep sent), recording what it would send. */
function freshPass(w: WorkersApp): { run: (now: string) => Promise<void>; sent: string[] } {
  const sent: string[] = [];
  const { app } = w;
  const remind = createReminders({
    db: app.db, engine: app.engine, calendars: app.calendars, clock: app.clock, policy: app.slaPolicy, log: app.log,
    notify: async (n: NotifyEvent) => { sent.push(`${n.event}@${n.deadline?.toISOString()}`); return 0; },
  });
  return { sent, run: async (now) => { await remind(new Date(now)); } };
}

for (const target of databaseTargets()) {
  t.test(`a step reminded once per deadline on ${target.name}`, async (t) => {
    const w = await buildWorkersApp(target);
    t.teardown(() => w.close());
    // Mon 2 Mar 2026 09:00: received and accepted; the appraisal step is due Tue 15:30 (08:30Z).
    const { code, instanceKey } = await receiveDossier(w, 'marital-status-confirmation');
    await acceptReception(w, instanceKey);
    const appraisal = (await w.engine.listUserTasks({ processInstanceKey: instanceKey, state: 'CREATED' }))[0]!;
    await w.engine.assignUserTask(appraisal.key, await userId(w, 'specialist'));
    await w.projector.idle();
    const task = () => w.handle.db.selectFrom('tasks').select(['due_at', 'reminded_due_at', 'reminded_overdue', 'change_seq'])
      .where('key', '=', appraisal.key).executeTakeFirstOrThrow();
    const due = '2026-03-03T08:30:00.000Z';

    await at(w, '2026-03-02T10:00:00+07:00');
    t.equal((await task()).reminded_due_at, null, 'not due soon yet: no marker');
    await at(w, '2026-03-03T07:30:00+07:00');
    t.same(await delivered(w, code), ['step-due-soon→specialist']);
    let row = await task();
    t.equal(row.reminded_due_at?.toISOString(), due, 'marked: due-soon sent for this deadline');
    t.equal(row.reminded_overdue, false);
    const early = freshPass(w);
    await early.run('2026-03-03T01:00:00Z');
    t.same(early.sent, [], 'a due-soon already sent is not resolved again before the deadline');

    await at(w, '2026-03-03T16:00:00+07:00');
    t.ok((await delivered(w, code)).includes('step-overdue→specialist'), 'overdue: the assignee is told');
    row = await task();
    t.equal(row.reminded_overdue, true, 'marked: overdue sent');

    const later = freshPass(w);
    await later.run('2026-03-04T03:00:00Z');
    t.same(later.sent.filter((s) => s.startsWith('step-')), [], 'the next passes do not read the step again');

    const seq = String((await task()).change_seq);
    await w.handle.db.updateTable('tasks').set({ reminded_due_at: null, reminded_overdue: false }).where('key', '=', appraisal.key).execute();
    t.equal(String((await task()).change_seq), seq, 'writing the marker does not stamp the task as changed');
    const unmarked = freshPass(w);
    await unmarked.run('2026-03-04T03:00:00Z');
    t.same(unmarked.sent.filter((s) => s.startsWith('step-')), [`step-due-soon@${due}`, `step-overdue@${due}`], 'without its marker the step is read again');
    t.equal((await task()).reminded_overdue, true, 'and marked again');

    // A new deadline (Thu 17:00, 10:00Z): the marker no longer matches, the step's reminders start over.
    await w.handle.db.updateTable('tasks').set({ due_at: new Date('2026-03-05T10:00:00Z') }).where('key', '=', appraisal.key).execute();
    t.not(String((await task()).change_seq), seq, 'a moved deadline is a change of the task');
    const moved = freshPass(w);
    await moved.run('2026-03-04T03:00:00Z');
    t.same(moved.sent.filter((s) => s.startsWith('step-')), [], 'the new deadline is not due soon yet');
    await moved.run('2026-03-05T09:00:00Z');
    t.same(moved.sent.filter((s) => s.startsWith('step-')), ['step-due-soon@2026-03-05T10:00:00.000Z'], 'due soon for the new deadline');
    row = await task();
    t.equal(row.reminded_due_at?.toISOString(), '2026-03-05T10:00:00.000Z');
    t.equal(row.reminded_overdue, false);
  });
}

for (const target of databaseTargets()) {
  t.test(`a dossier reminded once per deadline on ${target.name}`, async (t) => {
    const w = await buildWorkersApp(target);
    t.teardown(() => w.close());
    const { code, instanceKey } = await receiveDossier(w, 'marital-status-confirmation');
    await acceptReception(w, instanceKey);
    const dossier = () => w.handle.db.selectFrom('dossiers').select(['id', 'due_at', 'reminded_due_at', 'reminded_overdue']).where('code', '=', code).executeTakeFirstOrThrow();
    const due = (await dossier()).due_at!;
    const dossierSent = (p: { sent: string[] }) => p.sent.filter((s) => s.startsWith('dossier-'));
    const after = (ms: number) => new Date(due.getTime() + ms).toISOString();

    const first = freshPass(w);
    await first.run(after(-7 * 86_400_000));
    t.same(dossierSent(first), [], 'a week before its deadline: nothing due');
    t.equal((await dossier()).reminded_due_at, null, 'and no marker');

    await first.run(after(3_600_000));
    t.same(dossierSent(first), [`dossier-due-soon@${due.toISOString()}`, `dossier-overdue@${due.toISOString()}`], 'past its deadline: both reminders');
    let row = await dossier();
    t.equal(row.reminded_due_at?.toISOString(), due.toISOString(), 'marked with the deadline reminded of');
    t.equal(row.reminded_overdue, true, 'marked overdue');

    const later = freshPass(w);
    await later.run(after(86_400_000));
    t.same(dossierSent(later), [], 'a pass with no memory does not read the dossier again');

    await w.handle.db.updateTable('dossiers').set({ reminded_due_at: null, reminded_overdue: false }).where('code', '=', code).execute();
    const unmarked = freshPass(w);
    await unmarked.run(after(86_400_000));
    t.same(dossierSent(unmarked), [`dossier-due-soon@${due.toISOString()}`, `dossier-overdue@${due.toISOString()}`], 'without its marker it is read again');

    // A new deadline (a supplement restarted the clock, say): the marker no longer matches.
    const moved = new Date(due.getTime() + 7 * 86_400_000);
    await w.handle.db.updateTable('dossiers').set({ due_at: moved }).where('code', '=', code).execute();
    const again = freshPass(w);
    await again.run(after(86_400_000));
    t.same(dossierSent(again), [], 'the new deadline is not due soon yet');
    await again.run(new Date(moved.getTime() + 3_600_000).toISOString());
    t.same(dossierSent(again), [`dossier-due-soon@${moved.toISOString()}`, `dossier-overdue@${moved.toISOString()}`], 'the reminders of the new deadline');
    row = await dossier();
    t.same([row.reminded_due_at?.toISOString(), row.reminded_overdue], [moved.toISOString(), true]);
  });
}

for (const target of databaseTargets()) {
  t.test(`a step or dossier not yet due soon is read again at its instant, or within the hour, on ${target.name}`, async (t) => {
    const w = await buildWorkersApp(target);
    t.teardown(() => w.close());
    // Mon 2 Mar 2026 09:00: received and accepted; the appraisal step is due Tue 15:30 (08:30Z).
    const { code, instanceKey } = await receiveDossier(w, 'marital-status-confirmation');
    await acceptReception(w, instanceKey);
    const appraisal = (await w.engine.listUserTasks({ processInstanceKey: instanceKey, state: 'CREATED' }))[0]!;
    await w.projector.idle();
    const task = () => w.handle.db.selectFrom('tasks').select(['due_at', 'remind_check_due', 'remind_check_at', 'change_seq'])
      .where('key', '=', appraisal.key).executeTakeFirstOrThrow();
    const dossier = () => w.handle.db.selectFrom('dossiers').select(['due_at', 'remind_check_due', 'remind_check_at']).where('code', '=', code).executeTakeFirstOrThrow();
    const seq = String((await task()).change_seq);

    const pass = freshPass(w);
    await pass.run('2026-03-02T03:00:00Z');
    t.same(pass.sent, [], 'nothing due soon yet');
    const step = await task();
    const d = await dossier();
    t.equal(step.remind_check_due?.toISOString(), step.due_at!.toISOString(), "the step's deadline as read");
    t.equal(d.remind_check_due?.toISOString(), d.due_at!.toISOString(), "the dossier's deadline as read");
    t.equal(String(step.change_seq), seq, 'the check is not a change of the task for the task stream');
    const first = new Date('2026-03-02T03:00:00Z').getTime();
    for (const [what, at] of [['step', step.remind_check_at!], ['dossier', d.remind_check_at!]] as const) {
      const ahead = at.getTime() - first;
      t.ok(ahead >= CHECK_AGAIN_WITHIN_MS / 2 && ahead <= CHECK_AGAIN_WITHIN_MS, `the ${what} is looked at again within the hour, not before half of it (${at.toISOString()}; its due-soon instant is later)`);
    }
    t.not(step.remind_check_at!.getTime(), d.remind_check_at!.getTime(), 'rows read in the same pass come back at different instants');

    // A pass before that instant does not read them (a read would have moved the check later); one at it does.
    const stepAt = step.remind_check_at!;
    await pass.run(new Date(stepAt.getTime() - 60_000).toISOString());
    t.equal((await task()).remind_check_at?.toISOString(), stepAt.toISOString(), 'a minute before its check instant the step is not read again');
    await pass.run(stepAt.toISOString());
    t.equal((await task()).remind_check_at?.toISOString(), checkAgainAt(appraisal.key, step.due_at!, stepAt).toISOString(), 'at its check instant it is read again, and put off again');
    t.same(pass.sent, [], 'still not due soon');

    // A deadline moved closer (Mon 16:00, 09:00Z): read again at once, then at its own due-soon instant when that comes before the hour.
    await w.handle.db.updateTable('tasks').set({ due_at: new Date('2026-03-02T09:00:00Z') }).where('key', '=', appraisal.key).execute();
    await pass.run('2026-03-02T06:15:00Z');
    const moved = await task();
    t.equal(moved.remind_check_due?.toISOString(), '2026-03-02T09:00:00.000Z', 'a moved deadline is read again at once');
    const created = (await w.handle.db.selectFrom('tasks').select(['created_at', 'agency_id']).where('key', '=', appraisal.key).executeTakeFirstOrThrow());
    const instant = dueSoonAt(await w.app.calendars.forAgency(created.agency_id), created.created_at, moved.due_at!, w.app.slaPolicy);
    t.ok(instant < new Date('2026-03-02T06:45:00Z'), `its due-soon instant (${instant.toISOString()}) comes within half an hour`);
    t.equal(moved.remind_check_at?.toISOString(), instant.toISOString(), 'and is when it is looked at again');
    await pass.run(instant.toISOString());
    t.same(pass.sent, ['step-due-soon@2026-03-02T09:00:00.000Z'], 'due soon then');
  });
}
