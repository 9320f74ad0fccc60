/**
 * Retention (issue 17 item 4): handled outbox events, the element history of finished instances,
 * the user-task event feed and expired messages are deleted once older than RETENTION_DAYS, in
 * bounded batches; what is pending, dead-lettered, recent or still running stays.
 */
import t from 'tap';
import { sql } from 'kysely';
import { databaseTargets } from '../helpers/databases.ts';
import { buildTestApp } from '../helpers/app.ts';

const xml = (id: string, withTask: boolean) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="${id}" isExecutable="true">
    <bpmn:startEvent id="s" />
    ${withTask ? '<bpmn:userTask id="u"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements></bpmn:userTask>' : ''}
    <bpmn:endEvent id="e" />
    ${withTask ? '<bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="u" /><bpmn:sequenceFlow id="f2" sourceRef="u" targetRef="e" />' : '<bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="e" />'}
  </bpmn:process>
</bpmn:definitions>`;

for (const target of databaseTargets()) {
  t.test(`retention on ${target.name}`, async (t) => {
    // The durable user-task feed on (the app runs without it), so that its old rows are there to delete.
    const ctx = await buildTestApp(target, { RETENTION_DAYS: '30' }, { autoStart: false, durableUserTaskFeed: true });
    t.teardown(() => ctx.close());
    const { app } = ctx;
    const db = ctx.handle.db;
    const count = async (table: string, where = sql`true`) => Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)} where ${where}`.execute(db)).rows[0]!.n);
    ctx.clock.set('2026-01-05T02:00:00Z');
    await app.engine.deployResources([{ name: 'short.bpmn', content: xml('short', false) }, { name: 'long.bpmn', content: xml('long', true) }]);
    // Old: finished instances, a task created and completed, an expiring message, handled and dead outbox rows.
    for (let i = 0; i < 7; i++) await app.engine.createProcessInstance({ bpmnProcessId: 'short' });
    const running = await app.engine.createProcessInstance({ bpmnProcessId: 'long' });
    const done = await app.engine.createProcessInstance({ bpmnProcessId: 'long' });
    await (app.engine as unknown as { runUntilIdle(): Promise<void> }).runUntilIdle();
    const [task] = (await app.engine.listUserTasks({ state: 'CREATED' })).filter((u) => u.processInstanceKey === done.processInstanceKey);
    await app.engine.completeUserTask(task!.key);
    await app.engine.publishMessage({ name: 'nobody', correlationKey: 'k', timeToLive: 60_000 });
    await app.engine.publishMessage({ name: 'nobody', correlationKey: 'k2', timeToLive: 365 * 86_400_000 });
    const outbox = (processed: Date | null, dead: Date | null) => ({ topic: 'test.topic', key: 'k', payload: '{}', created_at: ctx.clock.now(), available_at: ctx.clock.now(), processed_at: processed, dead_at: dead });
    await db.insertInto('outbox').values([...Array.from({ length: 5 }, () => outbox(ctx.clock.now(), null)), outbox(null, ctx.clock.now()), outbox(null, null)] as never).execute();
    const before = { history: await count('engine_element_history'), events: await count('engine_user_task_event'), messages: await count('engine_message'), outbox: await count('outbox') };
    t.ok(before.history >= 7 * 3, `history of the finished instances is there (${before.history} rows)`);
    t.ok(before.events >= 2, `user-task events are there (${before.events} rows)`);

    await t.test('nothing younger than the period is deleted', async (t) => {
      ctx.clock.advance(29 * 86_400_000);
      const run = await app.workers.retention!.runOnce();
      t.same(run, { outbox: 0, messages: 1, elementHistory: 0, userTaskEvents: 0 }, 'only the message whose time to live ran out');
    });

    await t.test('after the period, in batches: handled rows and finished history go; pending, dead and running stay', async (t) => {
      ctx.clock.advance(2 * 86_400_000);
      const run = await app.workers.retention!.runOnce();
      t.equal(run.outbox, 5 + (before.outbox - 7), 'the handled outbox events (the test\'s five, and the app\'s own handled ones)');
      t.equal(await count('outbox', sql`processed_at is null`), await count('outbox', sql`true`), 'only unhandled rows remain: the dead-lettered and the pending');
      t.ok(await count('outbox', sql`dead_at is not null`) >= 1);
      t.ok(await count('engine_element_history', sql`process_instance_key = ${running.processInstanceKey}`) > 0, 'the running instance keeps its history');
      t.equal(await count('engine_element_history', sql`process_instance_key <> ${running.processInstanceKey}`), 0, 'finished instances lose theirs');
      t.equal(await count('engine_user_task_event'), 0, 'the old user-task events are gone');
      t.equal(await count('engine_message'), 1, 'the message still alive stays');
      t.equal((await app.engine.getProcessInstance(done.processInstanceKey))!.state, 'COMPLETED', 'the finished instance itself stays readable');
    });

    await t.test('a backlog larger than one run drains over several runs', async (t) => {
      const { createRetention } = await import('../../api/workers/retention.ts');
      await db.insertInto('outbox').values(Array.from({ length: 25 }, () => outbox(new Date('2025-01-01T00:00:00Z'), null)) as never).execute();
      const small = createRetention({ db, engine: app.engine, clock: ctx.clock, log: app.log, days: 30, intervalMs: 60_000, batch: 10, maxBatches: 2 });
      t.equal((await small.runOnce()).outbox, 20);
      t.equal((await small.runOnce()).outbox, 5);
      t.equal((await small.runOnce()).outbox, 0);
    });
  });
}
