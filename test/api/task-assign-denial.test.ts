/**
 * Claim, unclaim and hand-off of a task whose `assigning` task listener (Zeebe 8.8) denies, through
 * the HTTP API with a real listener worker on the embedded engine: a 409 `TASK_DENIED` carrying the
 * listener's `deniedReason` (Vietnamese by default, English on request), the task list's row as it
 * was, an audit row; the dossier not forwarded by a denied claim. A listener that does not answer
 * within the engine's `commandTimeout` is a 504 `ENGINE_TIMEOUT`.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Database } from '../../api/db/database.ts';
import { bearer, buildTestApp } from '../helpers/app.ts';
import { databaseTargets } from '../helpers/databases.ts';
import { settle } from '../helpers/settle.ts';

const schemaDir = new URL('../fixtures/schemas', import.meta.url).pathname;
const LISTENER = 'check-assignment';
const processXml = readFileSync(new URL('../fixtures/processes/task-test.bpmn', import.meta.url), 'utf8').replace(
  '<zeebe:header key="step" value="appraisal" /><zeebe:header key="agencyRole" value="competent" /></zeebe:taskHeaders>',
  `$&<zeebe:taskListeners><zeebe:taskListener eventType="assigning" type="${LISTENER}" /></zeebe:taskListeners>`,
);
const formData = { applicant: { fullName: 'Lê Thị Thu', personalId: '001203012345' }, childName: 'Lê Minh', dateOfBirth: '2026-02-20' };
const REASON = 'Cán bộ đang nghỉ phép';

for (const target of databaseTargets()) {
  t.test(`assigning listeners' denials on ${target.name}`, async (t) => {
    const ctx = await buildTestApp(target, {}, { formSchemaDir: schemaDir, autoStart: false, engineCommandTimeoutMs: 400 });
    t.teardown(() => ctx.close());
    const { app, clock } = ctx;
    const db: Kysely<Database> = ctx.handle.db;
    t.ok(processXml.includes(LISTENER), 'the fixture carries the listener');
    await app.engine.deployResources([{ name: 'task-test.bpmn', content: processXml }]);
    await db.insertInto('procedures').values({
      id: 'test-procedure', national_code: null, name_vi: 'Thủ tục thử nghiệm', name_en: 'Test', field: 'Hộ tịch', legal_limit: JSON.stringify({ kind: 'workingDays', days: 3 }),
      online_level: 'full', process_id: 'motcua-task-test', form_schema_id: 'test-procedure',
      extra: JSON.stringify({ taskOutcomes: { reception: ['accept', 'refuse'], appraisal: ['ok', 'refuse', 'supplement'], approval: ['approve'], delivery: ['returned'] } }),
    }).execute();
    clock.set('2026-03-02T02:00:00Z');
    // The listener worker: accepts, denies, or holds the job without answering.
    let mode: 'accept' | 'deny' | 'hold' = 'deny';
    const held: Array<() => Promise<void>> = [];
    const worker = app.engine.createWorker({
      type: LISTENER, pollInterval: 20,
      handler: async (job) => {
        if (mode === 'hold') held.push(() => job.complete());
        else await job.complete(undefined, mode === 'deny' ? { denied: true, deniedReason: REASON } : {});
      },
    });
    t.teardown(() => worker.close());
    await app.engine.start();

    const reception = bearer(await ctx.token('reception'));
    const specialist = bearer(await ctx.token('specialist'));
    const leader = bearer(await ctx.token('leader'));
    const specialistId = (await db.selectFrom('users').select('id').where('username', '=', 'specialist').executeTakeFirstOrThrow()).id;
    const receive = async () => {
      const res = await app.inject({ method: 'POST', url: '/api/dossiers', headers: reception, payload: { procedureId: 'test-procedure', channel: 'in_person', formData } });
      if (res.statusCode !== 201) throw new Error(`dossier not received: ${res.body}`);
      const d = await db.selectFrom('dossiers').select(['id', 'code']).where('code', '=', (res.json() as { code: string }).code).executeTakeFirstOrThrow();
      await settle(app);
      const task = await db.selectFrom('tasks').select('key').where('dossier_id', '=', d.id).where('step', '=', 'appraisal').where('state', '=', 'CREATED').executeTakeFirstOrThrow();
      return { ...d, task: task.key };
    };
    const post = (url: string, headers: Record<string, string>, payload?: object) => app.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });
    const assignee = async (key: string) => (await db.selectFrom('tasks').select('assignee_id').where('key', '=', key).executeTakeFirstOrThrow()).assignee_id;
    const denials = (key: string) => db.selectFrom('audit_log').select(['action', 'after']).where('action', '=', 'task.assign_denied').where('target_id', '=', key).orderBy('id').execute();
    const status = async (id: string) => (await db.selectFrom('dossiers').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

    const d = await receive();

    t.test('a denied claim: 409 TASK_DENIED with the reason; the task stays free, the dossier not forwarded', async (t) => {
      mode = 'deny';
      const res = await post(`/api/tasks/${d.task}/claim`, specialist);
      t.equal(res.statusCode, 409, res.body);
      t.match(res.json(), { code: 'TASK_DENIED', message: new RegExp(`^Quy trình không cho phép .*: ${REASON}$`), details: { key: d.task, deniedReason: REASON } });
      const en = await post(`/api/tasks/${d.task}/claim`, { ...specialist, 'accept-language': 'en' });
      t.match(en.json(), { statusCode: 409, code: 'TASK_DENIED', message: new RegExp(`^The process denied this .*: ${REASON}$`), details: { deniedReason: REASON } }, 'in English on request');
      t.equal(await assignee(d.task), null, 'the task list\'s row as it was');
      t.equal((await app.engine.getUserTask(d.task)).assignee ?? null, null, 'the engine kept it free');
      t.match(await denials(d.task), [{ after: { command: 'claim', deniedReason: REASON, assignee: null } }, { after: { command: 'claim' } }], 'each denial audited');
      t.equal(await status(d.id), 'accepted', 'a denied claim does not forward the dossier');
    });

    t.test('a denied hand-off and a denied unclaim leave the assignee as it was', async (t) => {
      mode = 'deny';
      const handoff = await post(`/api/tasks/${d.task}/handoff`, leader, { assigneeId: specialistId });
      t.equal(handoff.statusCode, 409, handoff.body);
      t.match(handoff.json(), { code: 'TASK_DENIED', details: { deniedReason: REASON } });
      t.equal(await assignee(d.task), null);

      mode = 'accept';
      const claim = await post(`/api/tasks/${d.task}/claim`, specialist);
      t.equal(claim.statusCode, 200, claim.body);
      t.equal(await assignee(d.task), specialistId);
      t.equal(await status(d.id), 'processing', 'an accepted claim forwards the dossier');

      mode = 'deny';
      const unclaim = await post(`/api/tasks/${d.task}/unclaim`, specialist);
      t.equal(unclaim.statusCode, 409, unclaim.body);
      t.match(unclaim.json(), { code: 'TASK_DENIED', details: { deniedReason: REASON } });
      t.equal(await assignee(d.task), specialistId, 'still the specialist\'s');
      t.equal((await app.engine.getUserTask(d.task)).assignee, specialistId);
      t.match((await denials(d.task)).slice(-2), [{ after: { command: 'handoff', assignee: null } }, { after: { command: 'unclaim', assignee: specialistId } }]);
    });

    t.test('a listener that does not answer in time: 504 ENGINE_TIMEOUT; the assignment applies once it answers', async (t) => {
      const other = await receive();
      mode = 'hold';
      const res = await post(`/api/tasks/${other.task}/claim`, specialist);
      t.equal(res.statusCode, 504, res.body);
      t.match(res.json(), { code: 'ENGINE_TIMEOUT' });
      t.equal((await app.engine.getUserTask(other.task)).state, 'ASSIGNING', 'the engine still waits for the listener');
      t.equal(held.length, 1);
      await held.shift()!();
      await settle(app);
      t.match(await app.engine.getUserTask(other.task), { state: 'CREATED', assignee: specialistId }, 'applied once the listener answered');
      t.equal(await assignee(other.task), specialistId);
    });
  });
}
