/**
 * Reminders in bulk: a pass on the basis it last walked reads every step due now past one batch of 1,000
 * (keyset on the next instant, `-infinity` for a step never looked at), and notifications stored together keep
 * each dedupe key single, the given order, and the e-mails of those delivered at once.
 */
import t, { type Test } from 'tap';
import { sql } from 'kysely';
import { recordNotifications, type NewNotificationInput } from '../../api/services/notifications.ts';
import { createReminders } from '../../api/workers/reminders.ts';
import type { NotifyEvent } from '../../api/workers/notify.ts';
import { databaseTargets, type DatabaseTarget } from '../helpers/databases.ts';
import { acceptReception, buildWorkersApp, receiveDossier, userId } from './helpers.ts';

const CLONES = 1_100; // more than one batch of the pass (1,000)

/** A workers app with one dossier received and accepted Mon 2 Mar 2026 09:00: its appraisal step, due Tue 15:30 (08:30Z). */
async function appraisalStep(t: Test, target: DatabaseTarget) {
  const w = await buildWorkersApp(target);
  t.teardown(() => w.close());
  const { instanceKey } = await receiveDossier(w, 'marital-status-confirmation');
  await acceptReception(w, instanceKey);
  await w.projector.idle();
  const appraisal = (await w.engine.listUserTasks({ processInstanceKey: instanceKey, state: 'CREATED' }))[0]!;
  return { w, db: w.handle.db, appraisal };
}

for (const target of databaseTargets()) {
  t.test(`a pass on its walked basis reads every due step past one batch, on ${target.name}`, async (t) => {
    const { w, db, appraisal } = await appraisalStep(t, target);

    const sent: NotifyEvent[] = [];
    const app = w.app;
    const remind = createReminders({
      db, engine: app.engine, calendars: app.calendars, clock: app.clock, policy: app.slaPolicy, log: app.log,
      notify: async (events) => { sent.push(...events); return events.length; },
    });
    await remind(new Date('2026-03-02T03:00:00Z'));
    t.same(sent, [], 'the first pass walks every pending step: none due soon yet');

    // Steps opened after that pass, never looked at (their next instant is -infinity), each with its own deadline.
    const columns = (await sql<{ name: string }>`select column_name as name from information_schema.columns
      where table_name = 'tasks' and table_schema = current_schema() and is_generated = 'NEVER' order by ordinal_position`.execute(db)).rows.map((r) => r.name);
    const values = columns.map((c) => (c === 'key' ? sql`tasks.key || '-' || lpad(i::text, 5, '0')` : c === 'due_at' ? sql`tasks.due_at + i * interval '1 second'` : sql.ref(`tasks.${c}`)));
    await sql`insert into tasks (${sql.join(columns.map((c) => sql.ref(c)))}) select ${sql.join(values)}
      from tasks, generate_series(1, ${CLONES}) as i where tasks.key = ${appraisal.key}`.execute(db);

    // Thu 5 Mar: every step overdue. The same pass (same basis) reads by the next instant.
    const stored = await remind(new Date('2026-03-05T03:00:00Z'));
    const steps = sent.filter((n) => n.step === 'appraisal');
    t.equal(steps.filter((n) => n.event === 'step-due-soon').length, CLONES + 1, 'every step told due soon, past the first batch');
    t.equal(steps.filter((n) => n.event === 'step-overdue').length, CLONES + 1, 'and overdue');
    t.equal(new Set(steps.map((n) => `${n.event}@${n.deadline!.toISOString()}`)).size, 2 * (CLONES + 1), 'each once');
    t.equal(stored, sent.length, 'the notifier was given each reminder once');
    const unmarked = await db.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('state', '=', 'CREATED').where('step', '=', 'appraisal').where('reminded_overdue', '=', false).executeTakeFirstOrThrow();
    t.equal(Number(unmarked.n), 0, 'all marked told overdue');

    sent.length = 0;
    await remind(new Date('2026-03-05T03:05:00Z'));
    t.same(sent.filter((n) => n.step === 'appraisal'), [], 'the next pass reads none of them');
  });
}

for (const target of databaseTargets()) {
  t.test(`notifications stored together: once per key, in order, with their e-mails, on ${target.name}`, async (t) => {
    const w = await buildWorkersApp(target);
    t.teardown(() => w.close());
    const db = w.handle.db;
    const specialist = await userId(w, 'specialist');
    const leader = await userId(w, 'leader');
    await db.updateTable('users').set({ email: 'chuyenvien@xa-demo.gov.vn' }).where('id', '=', specialist).execute();
    await db.updateTable('users').set({ email: null }).where('id', '=', leader).execute();
    const now = new Date('2026-03-02T03:00:00Z');
    const later = new Date('2026-03-03T01:00:00Z');
    const input = (i: number, userIdOf: string | null, deliverAt?: Date): NewNotificationInput => ({
      userId: userIdOf, kind: 'step-overdue', dossierCode: `B-${i}`, agencyId: 'xa-demo-ubnd', dedupeKey: `batch-test-${i}`,
      title: { vi: `Quá hạn ${i}`, en: `Overdue ${i}` }, body: { vi: 'Bước quá hạn', en: 'Step overdue' }, ...(deliverAt ? { deliverAt } : {}),
    });
    // One stored before: its key is not stored again.
    await recordNotifications(db, [input(7, specialist)], now, false);

    // 1,200 (three statements of 500), the specialist's (with an e-mail) and the leader's (none) alternately,
    // every tenth held until tomorrow, and key 11 given twice.
    const inputs = Array.from({ length: 1_200 }, (_, i) => input(i, i % 2 ? leader : specialist, i % 10 === 0 ? later : undefined));
    inputs.splice(600, 0, { ...input(11, specialist), title: { vi: 'lần hai', en: 'second' } });
    const rows = await recordNotifications(db, inputs, now, true);
    t.equal(rows.length, 1_199, 'each new key once: not key 7 (stored before), key 11 once');
    t.same(rows.map((r) => r.dossier_code), Array.from({ length: 1_200 }, (_, i) => `B-${i}`).filter((c) => c !== 'B-7'), 'returned in the order given');
    t.equal(rows.find((r) => r.dossier_code === 'B-11')!.title_vi, 'Quá hạn 11', 'the first of a repeated key');
    t.equal(rows.filter((r) => r.delivered_at).length, 1_199 - 120, 'the held ones not delivered');
    const stored = await db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('dedupe_key', 'like', 'batch-test-%').executeTakeFirstOrThrow();
    t.equal(Number(stored.n), 1_200, 'in the table: the one before and the 1,199');

    const mails = await db.selectFrom('outbox').select('payload').where('topic', '=', 'notification.email').execute();
    const mailed = new Set(mails.map((m) => (typeof m.payload === 'string' ? JSON.parse(m.payload) : m.payload).notificationId as string));
    const expected = rows.filter((r) => r.delivered_at && r.user_id === specialist).map((r) => String(r.id));
    t.equal(mailed.size, expected.length, "an e-mail for each delivered one of the user with an address");
    t.ok(expected.every((id) => mailed.has(id)), 'those exactly');
    t.equal(expected.length, 480, "the specialist's 600 less the 120 held (every tenth is the specialist's)");
  });
}

for (const target of databaseTargets()) {
  t.test(`a process started after a whole walk on the same basis does not walk again, on ${target.name}`, async (t) => {
    const { w, db, appraisal } = await appraisalStep(t, target);
    const app = w.app;
    /** A pass of a process of its own (a server started afresh). */
    const started = () => createReminders({ db, engine: app.engine, calendars: app.calendars, clock: app.clock, policy: app.slaPolicy, log: app.log, notify: async () => 0 });
    const basis = async () => db.selectFrom('remind_basis').select(['version', 'reminders_walked']).executeTakeFirstOrThrow();
    const task = async () => db.selectFrom('tasks').select(['remind_check_basis', sql<string>`xmin::text`.as('xmin')]).where('key', '=', appraisal.key).executeTakeFirstOrThrow();

    await started()(new Date('2026-03-02T03:00:00Z'));
    const { version, reminders_walked: walked } = await basis();
    t.equal(walked, version, 'a whole walk is recorded with its basis');
    t.equal((await task()).remind_check_basis, version, 'the step checked on it, not yet due soon');

    // A check left by a process that had not yet seen the basis (its instant still ahead): only a whole walk reads it.
    await db.updateTable('tasks').set({ remind_check_basis: version - 1 }).where('key', '=', appraisal.key).execute();
    const before = await task();
    await started()(new Date('2026-03-02T03:10:00Z'));
    t.equal((await task()).xmin, before.xmin, 'another process on the walked basis reads only what is due by its next instant');

    await db.updateTable('remind_basis').set({ reminders_walked: null }).where('id', '=', 1).execute();
    await started()(new Date('2026-03-02T03:20:00Z'));
    const after = await task();
    t.not(after.xmin, before.xmin, 'without a recorded walk a started process walks every pending row');
    t.equal(after.remind_check_basis, version, 'and checks the step again on the current basis');
    t.equal((await basis()).reminders_walked, version, 'recorded again');
  });
}
