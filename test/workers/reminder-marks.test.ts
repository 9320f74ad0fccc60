/**
 * The reminder marker (migration 2026120703): a step told it is overdue is not read again by the next
 * passes (a pass with a fresh memory sends nothing for it), a moved deadline brings it back, and
 * writing the marker does not stamp the task as changed for the task stream. The check marker (2026121002,
 * 2026121101): a step or dossier found not yet due soon is read again at its due-soon instant, or once the
 * calendar or the SLA policy it was computed on changes, not at every pass.
 */
import t from 'tap';
import { databaseTargets } from '../helpers/databases.ts';
import { sql } from 'kysely';
import { clockStart, createReminders } from '../../api/workers/reminders.ts';
import type { NotifyEvent } from '../../api/workers/notify.ts';
import { dossierDueSoonAt, dueSoonAt } from '../../api/workers/sla-times.ts';
import { moveRemindBasis } from '../../api/services/remind-basis.ts';
import { DEFAULT_OFFICE_HOURS, type OfficeHours } from '../../api/domain/calendar/index.ts';
import type { SlaPolicy } from '../../api/domain/sla/index.ts';
import { acceptReception, at, buildWorkersApp, delivered, receiveDossier, userId, type WorkersApp } from './helpers.ts';

/** A reminder pass of its own (no memory of what the sweep sent), recording what it would send. */
function freshPass(w: WorkersApp, policy: SlaPolicy = w.app.slaPolicy): { run: (now: string) => Promise<void>; sent: string[] } {
  const sent: string[] = [];
  const { app } = w;
  const remind = createReminders({
    db: app.db, engine: app.engine, calendars: app.calendars, clock: app.clock, policy, log: app.log,
    notify: async (events: NotifyEvent[]) => { for (const n of events) sent.push(`${n.event}@${n.deadline?.toISOString()}`); return 0; },
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
  t.test(`a step or dossier not yet due soon is read again at its due-soon instant, or once its basis changes, on ${target.name}`, async (t) => {
    const w = await buildWorkersApp(target);
    t.teardown(() => w.close());
    const db = w.handle.db;
    // Mon 2 Mar 2026 09:00: received and accepted; the appraisal step is due Tue 15:30 (08:30Z).
    const { code, instanceKey } = await receiveDossier(w, 'marital-status-confirmation');
    await acceptReception(w, instanceKey);
    const appraisal = (await w.engine.listUserTasks({ processInstanceKey: instanceKey, state: 'CREATED' }))[0]!;
    await w.projector.idle();
    // xmin: the row's version — a pass that reads a row not yet due soon writes its check again.
    const task = () => db.selectFrom('tasks').select(['due_at', 'created_at', 'agency_id', 'remind_check_due', 'remind_check_at', 'remind_check_basis', 'change_seq', sql<string>`xmin::text`.as('xmin')])
      .where('key', '=', appraisal.key).executeTakeFirstOrThrow();
    const dossier = async () => {
      const row = await db.selectFrom('dossiers').selectAll().select(sql<string>`xmin::text`.as('xmin')).where('code', '=', code).executeTakeFirstOrThrow();
      return { ...row, xmin: (row as unknown as { xmin: string }).xmin };
    };
    const basis = async () => (await db.selectFrom('remind_basis').select('version').executeTakeFirstOrThrow()).version;
    const stepSoon = async (policy: SlaPolicy) => {
      const row = await task();
      return dueSoonAt(await w.app.calendars.forAgency(row.agency_id), row.created_at, row.due_at!, policy).toISOString();
    };
    const seq = String((await task()).change_seq);
    const policy = w.app.slaPolicy;

    const pass = freshPass(w);
    await pass.run('2026-03-02T03:00:00Z');
    t.same(pass.sent, [], 'nothing due soon yet');
    const step = await task();
    const d = await dossier();
    const version = await basis();
    t.equal(step.remind_check_due?.toISOString(), step.due_at!.toISOString(), "the step's deadline as read");
    t.equal(d.remind_check_due?.toISOString(), d.due_at!.toISOString(), "the dossier's deadline as read");
    t.equal(String(step.change_seq), seq, 'the check is not a change of the task for the task stream');
    t.equal(step.remind_check_at?.toISOString(), await stepSoon(policy), "the step is looked at again at its due-soon instant");
    const dossierSoon = dossierDueSoonAt(await w.app.calendars.forAgency(d.receiving_agency_id), clockStart(d)!, d.due_at!, policy);
    t.equal(d.remind_check_at?.toISOString(), dossierSoon.toISOString(), 'the dossier at its own');
    t.same([step.remind_check_basis, d.remind_check_basis], [version, version], 'both on the current basis');

    // A pass before those instants reads neither.
    await pass.run('2026-03-02T03:10:00Z');
    t.same([(await task()).xmin, (await dossier()).xmin], [step.xmin, d.xmin], 'a later pass does not read them again');

    // Another SLA policy (4 working hours' notice): the basis moves and the checks are computed again on it.
    const shorter: SlaPolicy = { ...policy, dueSoon: { kind: 'workingHours', hours: 4 } };
    const other = freshPass(w, shorter);
    await other.run('2026-03-02T03:15:00Z');
    t.equal(await basis(), version + 1, 'a pass under another policy moves the basis');
    const underShorter = await task();
    t.not(underShorter.xmin, step.xmin, 'the step is read again');
    t.equal(underShorter.remind_check_at?.toISOString(), await stepSoon(shorter), 'its instant under that policy');
    t.ok(underShorter.remind_check_at! > step.remind_check_at!, 'later: 4 working hours before the deadline, not 8');
    t.not((await dossier()).xmin, d.xmin, 'the dossier is read again');
    await pass.run('2026-03-02T03:20:00Z');
    t.equal(await basis(), version + 2, 'back to the default policy: moved again');
    t.equal((await task()).remind_check_at?.toISOString(), step.remind_check_at!.toISOString(), 'the instant under the default policy');

    // New office hours (Monday afternoon 13:00–14:00 only), through the route's own step: checks read again on the new calendar.
    const hours = (await db.selectFrom('agencies').select('office_hours').where('id', '=', step.agency_id!).executeTakeFirstOrThrow()).office_hours as OfficeHours | null ?? DEFAULT_OFFICE_HOURS;
    const monday: OfficeHours = { ...hours, weekly: { ...hours.weekly, mon: [{ start: '07:30', end: '11:30' }, { start: '13:00', end: '14:00' }] } };
    const before = await task();
    await db.transaction().execute(async (tx) => {
      await tx.updateTable('agencies').set({ office_hours: JSON.stringify(monday) }).where('id', '=', step.agency_id!).execute();
      await moveRemindBasis(tx, new Date('2026-03-02T03:30:00Z'));
    });
    await pass.run('2026-03-02T03:30:00Z');
    const onNew = await task();
    t.not(onNew.xmin, before.xmin, 'the step is read again after the calendar changed');
    t.equal(onNew.remind_check_basis, version + 3);
    t.equal(onNew.remind_check_at?.toISOString(), await stepSoon(policy), 'its instant on the new office hours (the pass dropped its cached calendar)');
    t.ok(onNew.remind_check_at! > step.remind_check_at!, `later (${onNew.remind_check_at!.toISOString()}): with a shorter Monday the step has less working time, and is due soon at most at its middle`);
    t.same(pass.sent, [], 'nothing due soon yet');
    await pass.run(new Date(onNew.remind_check_at!.getTime() - 60_000).toISOString());
    t.same(pass.sent, [], 'a minute before it, nothing');
    await pass.run(onNew.remind_check_at!.toISOString());
    t.same(pass.sent, [`step-due-soon@${step.due_at!.toISOString()}`], 'at it, the step is due soon');

    // A deadline moved: read again at once, whatever its check said.
    const moved = new Date('2026-03-03T09:00:00Z');
    await db.updateTable('tasks').set({ due_at: moved }).where('key', '=', appraisal.key).execute();
    await pass.run('2026-03-02T07:00:00Z');
    const again = await task();
    t.equal(again.remind_check_due?.toISOString(), moved.toISOString(), 'a moved deadline is read again at once');
    t.equal(again.remind_check_at?.toISOString(), await stepSoon(policy), 'and looked at again at its own due-soon instant');
  });
}
