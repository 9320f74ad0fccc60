/**
 * The task projection's reconcile with the engine at scale (issue 18): the app is ready while a
 * reconcile is still under way (it runs in the background); a reconcile that finds nothing to
 * change writes no row (no new row version, no change stamp); it repairs rows in every key range
 * when it pages, stops after its pages and continues where it stopped; two calls never overlap.
 */
import t from 'tap';
import { sql } from 'kysely';
import type { UserTaskFilter } from '../../engine-adapter/workflow-engine.ts';
import { databaseTargets } from '../helpers/databases.ts';
import { bearer, buildTestApp, type TestApp } from '../helpers/app.ts';
import { addTestProcedure, TEST_SCHEMA_DIR } from '../helpers/test-procedure.ts';
import { settle } from '../helpers/settle.ts';

const formData = (fullName: string) => ({ applicant: { fullName, personalId: '001203012345' }, childName: 'Bé', dateOfBirth: '2026-02-20' });

async function receive(ctx: TestApp, n: number): Promise<void> {
  const reception = bearer(await ctx.token('reception'));
  for (let i = 0; i < n; i++) {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/dossiers', headers: reception, payload: { procedureId: 'test-procedure', channel: 'in_person', formData: formData(`Công dân ${i}`) } });
    if (res.statusCode !== 201) throw new Error(res.body);
  }
  await settle(ctx.app);
}

/** Each open task row's version (xmin changes with every write of the row) and change stamp. */
async function rowVersions(ctx: TestApp) {
  const rows = await sql<{ key: string; xmin: string; change_seq: string }>`select key, xmin::text as xmin, change_seq::text as change_seq from tasks where state = 'CREATED' order by key`.execute(ctx.handle.db);
  return rows.rows;
}

for (const target of databaseTargets()) {
  t.test(`the ready app does not wait for the reconcile on ${target.name}`, async (t) => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    let calls = 0;
    // The real engine, its paged listing held back until the test lets it go.
    const ctx = await buildTestApp(target, {}, {
      formSchemaDir: TEST_SCHEMA_DIR,
      beforeReady: (app) => {
        const list = app.engine.listUserTasks.bind(app.engine);
        app.engine.listUserTasks = async (filter?: UserTaskFilter) => {
          if (filter?.limit !== undefined) {
            calls += 1;
            await held;
          }
          return list(filter);
        };
      },
    });
    t.teardown(() => ctx.close());
    t.ok(ctx.app.taskProjector.reconciling, 'ready, and the first reconcile is still under way');
    const ready = await ctx.app.inject({ url: '/readyz' });
    t.equal(ready.statusCode, 200, ready.body);
    t.equal(calls, 1, 'the reconcile is waiting on the engine');
    const second = ctx.app.taskProjector.reconcileSome();
    t.equal(calls, 1, 'a second run does not start while one is under way');
    release();
    const result = await second;
    t.equal(result.complete, true);
    t.notOk(ctx.app.taskProjector.reconciling);
  });

  t.test(`reconcile on ${target.name}`, async (t) => {
    const ctx = await buildTestApp(target, {}, { formSchemaDir: TEST_SCHEMA_DIR, autoStart: false });
    t.teardown(() => ctx.close());
    await addTestProcedure(ctx);
    const db = ctx.handle.db;
    const projector = ctx.app.taskProjector;
    await receive(ctx, 5);
    const open = await db.selectFrom('tasks').select(['key', 'assignee_id', 'due_at']).where('state', '=', 'CREATED').orderBy(sql`length(key)`).orderBy('key').execute();
    t.equal(open.length, 5, 'five open tasks (the appraisals)');

    t.test('a reconcile that finds nothing to change writes no row', async (t) => {
      const before = await rowVersions(ctx);
      const result = await projector.reconcile();
      t.match(result, { checked: 5, written: 0, closed: 0, complete: true });
      t.same(await rowVersions(ctx), before, 'no new row version, no change stamp');
      const paged = await projector.reconcile({ pageSize: 2 });
      t.match(paged, { checked: 5, written: 0, closed: 0, complete: true }, 'the same in pages of two');
      t.same(await rowVersions(ctx), before);
    });

    t.test('rows that differ from the engine are repaired in every page; vanished tasks are closed', async (t) => {
      const [first, , third, , fifth] = open;
      const specialist = await db.selectFrom('users').select('id').where('username', '=', 'specialist').executeTakeFirstOrThrow();
      await db.updateTable('tasks').set({ assignee_id: specialist.id }).where('key', '=', first!.key).execute();
      await db.updateTable('tasks').set({ due_at: new Date('2030-01-01T00:00:00Z'), sla_state: 'in_time' }).where('key', '=', third!.key).execute();
      await db.deleteFrom('tasks').where('key', '=', fifth!.key).execute();
      // An open row the engine never had (a key between the engine's keys, and one after them all).
      const template = await db.selectFrom('tasks').selectAll().where('key', '=', third!.key).executeTakeFirstOrThrow();
      const ghost = (k: string) => ({ key: k, process_instance_key: template.process_instance_key, bpmn_process_id: template.bpmn_process_id, element_id: template.element_id, state: 'CREATED' as const, created_at: template.created_at, agency_id: template.agency_id });
      const between = String(BigInt(first!.key) + 1n);
      t.notOk(open.some((o) => o.key === between), 'a key no open task has');
      await db.insertInto('tasks').values([ghost(between), ghost('99999999999')]).execute();

      const step = await projector.reconcileSome({ pageSize: 2, maxPages: 1 });
      t.match(step, { checked: 2, complete: false }, 'one page of two, then it stops');
      const rest = await projector.reconcileSome({ pageSize: 2, maxPages: 10 });
      t.match(rest, { checked: 3, complete: true }, 'the next call continues where it stopped');
      t.equal(step.written + rest.written, 3, 'the claim undone, the due date restored, the deleted row projected again');
      t.equal(step.closed + rest.closed, 2, 'both unknown rows closed');
      const now = await db.selectFrom('tasks').select(['key', 'assignee_id', 'due_at', 'sla_state', 'state']).where('key', 'in', [first!.key, third!.key, fifth!.key, between, '99999999999']).execute();
      const byKey = new Map(now.map((r) => [r.key, r]));
      t.equal(byKey.get(first!.key)!.assignee_id, null);
      t.same(byKey.get(third!.key)!.due_at, open[2]!.due_at);
      t.equal(byKey.get(third!.key)!.sla_state, null, 'a moved due date is classified again by the next sweep');
      t.equal(byKey.get(fifth!.key)!.state, 'CREATED');
      t.equal(byKey.get(between)!.state, 'CANCELED');
      t.equal(byKey.get('99999999999')!.state, 'CANCELED');
      t.match(await projector.reconcile(), { written: 0, closed: 0 }, 'then nothing left to do');
    });

    t.test('pages spread over time: a pause between two, which a stop ends at once', async (t) => {
      const run = projector.reconcileSome({ pageSize: 2, maxPages: 3, pauseMs: 600_000 });
      // Without the pause its three pages (five tasks) would be done long before this.
      await new Promise((r) => setTimeout(r, 300));
      t.ok(projector.reconciling, 'still under way, paused');
      projector.stop();
      t.match(await run, { checked: 2, complete: false }, 'ended by the stop after its first page');
      projector.start();
    });
  });
}
