/**
 * A `completing` task listener slower than the engine's `commandTimeout`, then denying: the bridge's
 * first attempt answers ENGINE_TIMEOUT (retried), the next finds the task still COMPLETING ("not yet",
 * not "already done"), and once the listener has denied, the completion is asked again and its denial
 * recorded as in task-listener-denial.test.ts. Before: a (Zeebe 8.8 `zeebe:taskListeners`) that denies an officer's completion,
 * on the real app, embedded engine and a real listener worker. The task list commits the completion
 * first and the engine bridge carries it to the engine after: the denial comes back to the bridge. It
 * is final for that completion (not retried: asking the listener again could complete the step later,
 * behind the officer's back; not dead-lettered: nothing is broken). In one transaction the task is open
 * again in the task list, the step's stored outcome is gone, the dossier events the same completion
 * wrote are skipped (they would complete the task again), and the dossier's history and audit trail
 * carry the listener's reason. The officer can then complete the task again.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../api/db/database.ts';
import { bearer, buildTestApp } from '../helpers/app.ts';
import { databaseTargets } from '../helpers/databases.ts';
import { settle } from '../helpers/settle.ts';

const schemaDir = new URL('../fixtures/schemas', import.meta.url).pathname;
const LISTENER = 'check-appraisal';
// The test procedure's appraisal, with a completing listener.
const processXml = readFileSync(new URL('../fixtures/processes/task-test.bpmn', import.meta.url), 'utf8').replace(
  '<zeebe:header key="step" value="appraisal" /><zeebe:header key="agencyRole" value="competent" /></zeebe:taskHeaders>',
  `$&<zeebe:taskListeners><zeebe:taskListener eventType="completing" type="${LISTENER}" /></zeebe:taskListeners>`,
);
const PROCESS_ID = 'motcua-task-test';
const formData = { applicant: { fullName: 'Lê Thị Thu', personalId: '001203012345' }, childName: 'Lê Minh', dateOfBirth: '2026-02-20' };
const REASON = 'Thiếu chữ ký số của cán bộ thẩm định';

for (const target of databaseTargets()) {
  t.test(`a completing listener's denial on ${target.name}`, async (t) => {
    const ctx = await buildTestApp(target, {}, { formSchemaDir: schemaDir, autoStart: false, engineCommandTimeoutMs: 300 });
    t.teardown(() => ctx.close());
    const { app, clock } = ctx;
    const db: Kysely<Database> = ctx.handle.db;
    t.ok(processXml.includes(LISTENER), 'the fixture carries the listener');
    await app.engine.deployResources([{ name: 'task-test.bpmn', content: processXml }]);
    await db.insertInto('procedures').values({
      id: 'test-procedure', national_code: null, name_vi: 'Thủ tục thử nghiệm', name_en: 'Test', field: 'Hộ tịch', legal_limit: JSON.stringify({ kind: 'workingDays', days: 3 }),
      online_level: 'full', process_id: PROCESS_ID, form_schema_id: 'test-procedure',
      extra: JSON.stringify({ taskOutcomes: { reception: ['accept', 'refuse'], appraisal: ['ok', 'refuse', 'supplement'], approval: ['approve'], delivery: ['returned'] } }),
    }).execute();
    clock.set('2026-03-02T02:00:00Z');
    // The listener worker: holds its job (answered later, with a denial), then denies at once.
    let hold = true;
    const held: Array<() => Promise<void>> = [];
    const seen: string[] = [];
    const worker = app.engine.createWorker({
      type: LISTENER, pollInterval: 20,
      handler: async (job) => {
        seen.push(job.customHeaders['io.camunda.zeebe:userTaskKey'] ?? '');
        if (hold) return void held.push(() => job.complete(undefined, { denied: true, deniedReason: REASON }));
        await job.complete(undefined, { denied: true, deniedReason: REASON });
      },
    });
    t.teardown(() => worker.close());
    await app.engine.start();

    const reception = bearer(await ctx.token('reception'));
    const specialist = bearer(await ctx.token('specialist'));
    const receive = async () => {
      const res = await app.inject({ method: 'POST', url: '/api/dossiers', headers: reception, payload: { procedureId: 'test-procedure', channel: 'in_person', formData } });
      if (res.statusCode !== 201) throw new Error(`dossier not received: ${res.body}`);
      const d = await db.selectFrom('dossiers').select(['id', 'code']).where('code', '=', (res.json() as { code: string }).code).executeTakeFirstOrThrow();
      await settle(app);
      const task = await db.selectFrom('tasks').select('key').where('dossier_id', '=', d.id).where('step', '=', 'appraisal').where('state', '=', 'CREATED').executeTakeFirstOrThrow();
      return { ...d, task: task.key };
    };
    const events = (id: string) => db.selectFrom('outbox').select(['topic', 'attempts', 'processed_at', 'dead_at', 'last_error', 'outcome'])
      .where(sql<boolean>`payload->>'dossierId' = ${id}`).orderBy('id').execute();
    const taskRow = (key: string) => db.selectFrom('tasks').select(['state', 'completed_at', 'completed_by', 'assignee_id']).where('key', '=', key).executeTakeFirstOrThrow();
    const engineTask = async (key: string) => (await app.engine.getUserTask(key)).state;

    t.test('a slow listener: timeout, "not yet" while COMPLETING, then the denial recorded', async (t) => {
      const d = await receive();
      const res = await app.inject({ method: 'POST', url: `/api/tasks/${d.task}/complete`, headers: specialist, payload: { variables: { appraisal: { outcome: 'ok' } } } });
      t.equal(res.statusCode, 200, res.body);
      await settle(app);
      const complete = async () => (await events(d.id)).filter((e) => e.topic === 'task.complete').at(-1)!;
      t.match(await complete(), { attempts: 1, processed_at: null, last_error: /did not finish/ }, 'the first attempt timed out: retried');
      t.equal(await engineTask(d.task), 'COMPLETING');
      clock.advance(5_000);
      await settle(app);
      t.match(await complete(), { attempts: 2, processed_at: null, last_error: /COMPLETING/ }, 'still COMPLETING: not yet, not "already done"');
      hold = false;
      await held.shift()!();
      await settle(app);
      t.equal(await engineTask(d.task), 'CREATED', 'the listener denied: the engine reopened the task');
      clock.advance(5_000);
      await settle(app);
      t.match(await complete(), { attempts: 3, processed_at: Date, outcome: `denied: ${REASON}` }, 'asked again, denied, recorded');
      t.match(await taskRow(d.task), { state: 'CREATED' }, 'open again in the task list');
      t.same(seen, [d.task, d.task], 'the listener was asked twice: the first answer came after the timeout');
      const history = await app.inject({ method: 'GET', url: `/api/dossiers/${d.code}/history`, headers: specialist });
      t.match((history.json() as Array<{ action: string }>).at(-1), { action: 'task_denied', details: { reason: REASON } }, 'explained on the dossier page');
    });
  });
}
