/**
 * The task projector's batches (issue 18): events that arrive while a batch is written are projected
 * together in the next one, and batching must not change what the task list shows — the last event of
 * a task wins (created and completed in one batch: completed, no hook), an older event never reopens a
 * completed task, a called child's task finds its dossier through the parent instance, and neither a
 * failing hook nor a failing row loses the other events of its batch. The real engine and database;
 * a batch is formed by holding the projector in a hook while the engine goes on.
 */
import t from 'tap';
import { sql } from 'kysely';
import type { UserTask, UserTaskEvent, WorkflowEngine } from '../../engine-adapter/workflow-engine.ts';
import { TaskProjector } from '../../api/services/task-projector.ts';
import { databaseTargets, type DatabaseTarget } from '../helpers/databases.ts';
import { bearer, buildTestApp, type TestApp } from '../helpers/app.ts';
import { addTestProcedure, TEST_SCHEMA_DIR } from '../helpers/test-procedure.ts';
import { settle } from '../helpers/settle.ts';

const task = (id: string, name: string) => `
    <bpmn:userTask id="${id}" name="${name}">
      <bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="specialist" />
        <zeebe:taskHeaders><zeebe:header key="agencyRole" value="competent" /></zeebe:taskHeaders></bpmn:extensionElements>
    </bpmn:userTask>`;
const process = (id: string, body: string, flows: string[]) => {
  const chain = [`${id}-start`, ...flows, `${id}-end`];
  return `
  <bpmn:process id="${id}" isExecutable="true"><bpmn:startEvent id="${id}-start" />${body}<bpmn:endEvent id="${id}-end" />
    ${chain.slice(1).map((to, i) => `<bpmn:sequenceFlow id="${id}-f${i}" sourceRef="${chain[i]}" targetRef="${to}" />`).join('')}
  </bpmn:process>`;
};
const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="D" targetNamespace="http://motcua.vn/test">
  ${process('batch-two-steps', task('A', 'Bước một') + task('B', 'Bước hai'), ['A', 'B'])}
  ${process('batch-child', task('C', 'Việc của quy trình con'), ['C'])}
  ${process('batch-parent', `<bpmn:callActivity id="Call"><bpmn:extensionElements>
      <zeebe:calledElement processId="batch-child" propagateAllParentVariables="false" /></bpmn:extensionElements></bpmn:callActivity>`, ['Call'])}
</bpmn:definitions>`;

/** A gate the test opens: a hook awaiting it holds the projector's queue while events pile up. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => { open = resolve; });
  return { opened, open };
}

async function setup(target: DatabaseTarget) {
  const ctx = await buildTestApp(target, {}, { formSchemaDir: TEST_SCHEMA_DIR, autoStart: false });
  try {
    return await prepare(ctx);
  } catch (err) {
    await ctx.close();
    throw err;
  }
}

async function prepare(ctx: TestApp) {
  await addTestProcedure(ctx);
  await ctx.app.engine.deployResources([{ name: 'batch.bpmn', content: BPMN }]);
  const res = await ctx.app.inject({
    method: 'POST', url: '/api/dossiers', headers: bearer(await ctx.token('reception')),
    payload: { procedureId: 'test-procedure', channel: 'in_person', formData: { applicant: { fullName: 'Lô Văn Một', personalId: '001203012345' }, childName: 'Bé', dateOfBirth: '2026-02-20' } },
  });
  if (res.statusCode !== 201) throw new Error(res.body);
  await settle(ctx.app);
  const dossier = await ctx.handle.db.selectFrom('dossiers').select(['id', 'code', 'handling_agency_id']).executeTakeFirstOrThrow();
  return { ctx, dossier };
}

const rowOf = (ctx: TestApp, key: string) => ctx.handle.db.selectFrom('tasks').select(['state', 'dossier_id', 'dossier_code', 'agency_id', 'completed_at', 'element_id']).where('key', '=', key).executeTakeFirst();

async function openTask(engine: WorkflowEngine, instanceKey: string): Promise<UserTask> {
  const [found] = await engine.listUserTasks({ processInstanceKey: instanceKey, state: 'CREATED' });
  if (!found) throw new Error(`no open task in ${instanceKey}`);
  return found;
}

for (const target of databaseTargets()) {
  t.test(`a burst of events in one batch on ${target.name}`, async (t) => {
    const { ctx, dossier } = await setup(target);
    t.teardown(() => ctx.close());
    const { engine } = ctx.app;
    const projector = ctx.app.taskProjector;
    const held = gate();
    const hooked: string[] = [];
    const batches: string[][] = [];
    projector.onTasksCreated(async (created) => {
      const ours = created.filter(({ task }) => task.bpmnProcessId === 'batch-two-steps');
      if (ours.length) batches.push(ours.map(({ task }) => task.key));
    });
    let holding = true;
    projector.onTaskCreated(async (created) => {
      if (created.bpmnProcessId !== 'batch-two-steps') return;
      hooked.push(created.key);
      if (holding) {
        holding = false;
        await held.opened;
      }
    });
    const start = async () => (await engine.createProcessInstance({ bpmnProcessId: 'batch-two-steps', variables: { dossierCode: dossier.code } })).processInstanceKey;
    const first = await start();
    const a1 = await openTask(engine, first);
    while (hooked.length === 0) await new Promise((r) => setImmediate(r));
    t.same(hooked, [a1.key], 'the first batch is held in its hook');

    // Meanwhile: three more instances; two of their first steps created and completed (their second steps created).
    const others = [await start(), await start(), await start()];
    const firsts = await Promise.all(others.map((key) => openTask(engine, key)));
    const before = await engine.getUserTask(firsts[0]!.key);
    await engine.completeUserTask(firsts[0]!.key);
    await engine.completeUserTask(firsts[1]!.key);
    const seconds = await Promise.all(others.slice(0, 2).map((key) => openTask(engine, key)));
    t.equal((await rowOf(ctx, firsts[0]!.key)), undefined, 'nothing of the burst is projected while the batch before it is held');

    held.open();
    await projector.idle();
    for (const done of firsts.slice(0, 2)) {
      t.match(await rowOf(ctx, done.key), { state: 'COMPLETED', dossier_id: dossier.id, element_id: 'A' }, 'created and completed in one batch: completed');
      t.not((await rowOf(ctx, done.key))!.completed_at, null);
    }
    for (const open of [a1, firsts[2]!, ...seconds]) {
      t.match(await rowOf(ctx, open.key), { state: 'CREATED', dossier_id: dossier.id, dossier_code: dossier.code, agency_id: dossier.handling_agency_id });
    }
    t.same([...hooked].sort(), [a1, firsts[2]!, ...seconds].map((x) => x.key).sort(), 'one hook call per task created open, none for the tasks already completed');
    t.equal(batches.length, 2, 'the batch hook: one call per batch');
    t.same(batches[0], [a1.key], 'the first batch\'s open task');
    t.same([...batches[1]!].sort(), [firsts[2]!, ...seconds].map((x) => x.key).sort(), 'the burst\'s open tasks in one call');

    t.test('an older event never reopens a completed task', async (t) => {
      // A second projector on the same engine and database, fed the task as it was before its completion.
      let deliver!: (event: UserTaskEvent) => void;
      const subscribe = (listener: (event: UserTaskEvent) => void) => { deliver = listener; return () => undefined; };
      const replay = new Proxy(engine, {
        get: (real, prop) => (prop === 'onUserTaskEvent' ? subscribe : typeof real[prop as keyof WorkflowEngine] === 'function'
          ? (real[prop as keyof WorkflowEngine] as (...args: unknown[]) => unknown).bind(real) : real[prop as keyof WorkflowEngine]),
      });
      const late = new TaskProjector(ctx.handle.db, replay, { error: () => undefined });
      late.start();
      const version = async () => (await sql<{ xmin: string }>`select xmin::text as xmin from tasks where key = ${before.key}`.execute(ctx.handle.db)).rows[0]!.xmin;
      const was = await version();
      deliver({ type: 'created', task: before });
      await late.idle();
      t.match(await rowOf(ctx, before.key), { state: 'COMPLETED' });
      t.equal(await version(), was, 'and the row is not even rewritten');
    });
  });

  t.test(`a called child's task, a failing hook and a failing row on ${target.name}`, async (t) => {
    const { ctx, dossier } = await setup(target);
    t.teardown(() => ctx.close());
    const { engine } = ctx.app;
    const projector = ctx.app.taskProjector;
    const held = gate();
    let holding = true;
    const hooked: string[] = [];
    projector.onTaskCreated(async (created) => {
      if (!created.bpmnProcessId.startsWith('batch-')) return;
      if (holding) {
        holding = false;
        await held.opened;
        return;
      }
      hooked.push(created.key);
      if (created.bpmnProcessId === 'batch-child') throw new Error('the hook failed');
    });
    await engine.createProcessInstance({ bpmnProcessId: 'batch-two-steps', variables: { dossierCode: dossier.code } });
    while (holding) await new Promise((r) => setImmediate(r));
    const parent = (await engine.createProcessInstance({ bpmnProcessId: 'batch-parent', variables: { dossierCode: dossier.code } })).processInstanceKey;
    const refused = (await engine.createProcessInstance({ bpmnProcessId: 'batch-two-steps', variables: { dossierCode: dossier.code } })).processInstanceKey;
    const plain = (await engine.createProcessInstance({ bpmnProcessId: 'batch-two-steps', variables: { dossierCode: dossier.code } })).processInstanceKey;
    // A row the database refuses (a trigger of this test): the task of one instance.
    await sql.raw(`create function refuse_task() returns trigger language plpgsql as $$
      begin if new.process_instance_key = '${refused}' then raise exception 'refused row'; end if; return new; end $$`).execute(ctx.handle.db);
    await sql`create trigger refuse_task before insert on tasks for each row execute function refuse_task()`.execute(ctx.handle.db);
    const [child] = await engine.searchProcessInstances({ parentProcessInstanceKey: parent });
    t.ok(child, 'the call activity started its child');
    t.notOk((await engine.getProcessInstance(child!.processInstanceKey))!.variables.dossierCode, 'the child does not hold the dossier code itself');
    const childTask = await openTask(engine, child!.processInstanceKey);
    const plainTask = await openTask(engine, plain);

    held.open();
    await projector.idle();
    t.match(await rowOf(ctx, childTask.key), { state: 'CREATED', dossier_id: dossier.id, dossier_code: dossier.code, agency_id: dossier.handling_agency_id },
      "the child's task belongs to the parent's dossier");
    t.match(await rowOf(ctx, plainTask.key), { state: 'CREATED', dossier_id: dossier.id }, 'the other tasks of the batch are projected');
    t.equal(await ctx.handle.db.selectFrom('tasks').select('key').where('process_instance_key', '=', refused).executeTakeFirst(), undefined, 'the refused row alone is missing');
    t.ok(ctx.logs.some((l) => l.includes('task projection failed') && l.includes('refused row')), 'its failure is logged');
    t.same(hooked.sort(), [childTask.key, plainTask.key].sort(), 'the hook after the failing one still ran');
    t.ok(ctx.logs.some((l) => l.includes('task projection failed') && l.includes('the hook failed')), 'the hook failure is logged');
  });
}
