/**
 * A `completing` task listener (Zeebe 8.8 `zeebe:taskListeners`) that denies an officer's completion,
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
    const ctx = await buildTestApp(target, {}, { formSchemaDir: schemaDir, autoStart: false });
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
    // The listener worker: denies while `deny` is set, accepts otherwise.
    let deny = true;
    const seen: string[] = [];
    const worker = app.engine.createWorker({
      type: LISTENER, pollInterval: 20,
      handler: async (job) => {
        seen.push(job.customHeaders['io.camunda.zeebe:userTaskKey'] ?? '');
        await job.complete(undefined, deny ? { denied: true, deniedReason: REASON } : {});
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
    const history = async (code: string) => {
      const res = await app.inject({ method: 'GET', url: `/api/dossiers/${code}/history`, headers: specialist });
      t.equal(res.statusCode, 200, res.body);
      return res.json() as Array<{ action: string; details: Record<string, unknown> }>;
    };

    t.test('the completion through the task list is denied: the task is open again, with the reason on the dossier', async (t) => {
      const d = await receive();
      const res = await app.inject({ method: 'POST', url: `/api/tasks/${d.task}/complete`, headers: specialist, payload: { variables: { appraisal: { outcome: 'ok', note: 'Đủ điều kiện' } } } });
      t.equal(res.statusCode, 200, res.body);
      t.match(await taskRow(d.task), { state: 'COMPLETED' }, 'completed in the task list, before the engine is asked');
      t.equal((await db.selectFrom('dossier_step_outcomes').select('outcome').where('task_key', '=', d.task).execute()).length, 1, 'the outcome stored');
      await settle(app);
      t.same(seen, [d.task], 'the listener was asked once');
      t.equal(await engineTask(d.task), 'CREATED', 'the engine kept the task open');
      const specialistId = (await db.selectFrom('users').select('id').where('username', '=', 'specialist').executeTakeFirstOrThrow()).id;
      t.match(await taskRow(d.task), { state: 'CREATED', completed_at: null, completed_by: null, assignee_id: specialistId }, 'open again in the task list, still the officer\'s');
      t.same(await db.selectFrom('dossier_step_outcomes').select('outcome').where('task_key', '=', d.task).execute(), [], 'the denied outcome is not kept');
      const [complete] = (await events(d.id)).filter((e) => e.topic === 'task.complete' && e.outcome !== null);
      t.match(complete, { attempts: 1, processed_at: Date, dead_at: null, outcome: `denied: ${REASON}` }, 'handled at the first delivery: not retried, not dead');
      t.match((await history(d.code)).at(-1), { action: 'task_denied', details: { reason: REASON, step: 'appraisal', taskKey: d.task } }, 'the dossier page explains it');
      const audit = await db.selectFrom('audit_log').select(['action', 'after']).where('target_type', '=', 'dossier').where('target_id', '=', d.code).where('action', '=', 'task.denied').execute();
      t.match(audit, [{ after: { taskKey: d.task, step: 'appraisal', reason: REASON } }], 'audited against the dossier');

      deny = false;
      const again = await app.inject({ method: 'POST', url: `/api/tasks/${d.task}/complete`, headers: specialist, payload: { variables: { appraisal: { outcome: 'ok' } } } });
      t.equal(again.statusCode, 200, again.body);
      await settle(app);
      t.equal(await engineTask(d.task), 'COMPLETED', 'accepted the second time');
      t.same((await db.selectFrom('tasks').select('step').where('dossier_id', '=', d.id).where('state', '=', 'CREATED').execute()).map((r) => r.step), ['approval'], 'the process moved on');
      t.same((await db.selectFrom('dossier_step_outcomes').select('outcome').where('task_key', '=', d.task).execute()).map((r) => r.outcome), ['ok'], 'one stored outcome: the accepted one');
      deny = true;
    });

    t.test('a completion that also took a dossier action: its mirror event is skipped, the task open again', async (t) => {
      const d = await receive();
      const res = await app.inject({ method: 'POST', url: `/api/tasks/${d.task}/request-supplement`, headers: specialist, payload: { items: ['Bản sao giấy khai sinh'] } });
      t.equal(res.statusCode, 200, res.body);
      await settle(app);
      t.equal(await engineTask(d.task), 'CREATED');
      t.match(await taskRow(d.task), { state: 'CREATED' });
      const rows = (await events(d.id)).filter((e) => e.topic === 'task.complete' || e.topic === 'dossier.supplement_requested');
      t.match(rows.slice(-2), [
        { topic: 'task.complete', processed_at: Date, outcome: `denied: ${REASON}` },
        { topic: 'dossier.supplement_requested', processed_at: Date, dead_at: null, outcome: /^skipped: .*denied/ },
      ], 'the action\'s mirror does not complete the task again');
      t.same(seen.filter((k) => k === d.task).length, 1, 'the listener was asked once');
      t.match((await history(d.code)).at(-1), { action: 'task_denied', details: { reason: REASON } });
    });

    t.test('an action taken on the dossier page, mirrored on the task and denied: explained on the dossier', async (t) => {
      const d = await receive();
      const res = await app.inject({ method: 'POST', url: `/api/dossiers/${d.code}/request-supplement`, headers: reception, payload: { items: ['Bản sao giấy khai sinh'] } });
      t.equal(res.statusCode, 200, res.body);
      await settle(app);
      t.equal(await engineTask(d.task), 'CREATED');
      t.match(await taskRow(d.task), { state: 'CREATED' }, 'the task was never completed in the list');
      const [mirror] = (await events(d.id)).filter((e) => e.topic === 'dossier.supplement_requested');
      t.match(mirror, { attempts: 1, processed_at: Date, dead_at: null, outcome: `denied: ${REASON}` });
      t.match((await history(d.code)).at(-1), { action: 'task_denied', details: { reason: REASON, step: 'appraisal' } });
    });
  });
}
