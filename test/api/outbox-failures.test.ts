/**
 * The engine bridge under injected failures (issue 17 item 2), on the real app and embedded engine:
 * - the engine out of reach (its commands answer ENGINE_UNAVAILABLE, as the Zeebe adapter does when
 *   its cluster is down), then back: the events wait in order — retried, never dead-lettered, never
 *   counted a success — and are delivered once it is back; a dossier stopped meanwhile gets no process,
 *   its start and stop events end "skipped", audited against the dossier;
 * - a crash between steps (the engine completed the task, the "handled" mark failed): the redelivery
 *   does no harm, the process moved one step once.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../api/db/database.ts';
import { EngineError } from '../../engine-adapter/errors.ts';
import { bearer, buildTestApp } from '../helpers/app.ts';
import { databaseTargets } from '../helpers/databases.ts';
import { settle } from '../helpers/settle.ts';

const schemaDir = new URL('../fixtures/schemas', import.meta.url).pathname;
const processXml = readFileSync(new URL('../fixtures/processes/task-test.bpmn', import.meta.url), 'utf8');
const PROCESS_ID = 'motcua-task-test';
const formData = { applicant: { fullName: 'Lê Thị Thu', personalId: '001203012345' }, childName: 'Lê Minh', dateOfBirth: '2026-02-20' };
const COMMANDS = ['createProcessInstance', 'searchProcessInstances', 'listUserTasks', 'completeUserTask', 'cancelProcessInstance', 'publishMessage'] as const;

/** Takes the engine's commands out of reach until the returned function brings them back. */
function outage(engine: object): () => void {
  const e = engine as Record<string, unknown>;
  for (const name of COMMANDS) e[name] = async () => { throw new EngineError('ENGINE_UNAVAILABLE', 'Workflow engine unreachable (test outage)'); };
  return () => { for (const name of COMMANDS) delete e[name]; };
}

for (const target of databaseTargets()) {
  t.test(`engine bridge under failures on ${target.name}`, async (t) => {
    const ctx = await buildTestApp(target, {}, { formSchemaDir: schemaDir, autoStart: false });
    t.teardown(() => ctx.close());
    const { app, clock } = ctx;
    const db: Kysely<Database> = ctx.handle.db;
    await app.engine.deployResources([{ name: 'task-test.bpmn', content: processXml }]);
    await db.insertInto('procedures').values({
      id: 'test-procedure', national_code: null, name_vi: 'Thủ tục thử nghiệm', name_en: 'Test', field: 'Hộ tịch', legal_limit: JSON.stringify({ kind: 'workingDays', days: 3 }),
      online_level: 'full', process_id: PROCESS_ID, form_schema_id: 'test-procedure',
      extra: JSON.stringify({ taskOutcomes: { reception: ['accept', 'refuse'], appraisal: ['ok', 'refuse', 'supplement'], approval: ['approve'], delivery: ['returned'] } }),
    }).execute();
    clock.set('2026-03-02T02:00:00Z');
    const reception = bearer(await ctx.token('reception'));
    const post = (url: string, payload: object) => app.inject({ method: 'POST', url, headers: reception, payload });
    const receive = async () => {
      const res = await post('/api/dossiers', { procedureId: 'test-procedure', channel: 'in_person', formData });
      if (res.statusCode !== 201) throw new Error(`dossier not received: ${res.body}`);
      return db.selectFrom('dossiers').select(['id', 'code']).where('code', '=', (res.json() as { code: string }).code).executeTakeFirstOrThrow();
    };
    const events = (id: string) => db.selectFrom('outbox').select(['topic', 'attempts', 'processed_at', 'dead_at', 'last_error', 'outcome'])
      .where(sql<boolean>`payload->>'dossierId' = ${id}`).orderBy('id').execute();
    const openTasks = (id: string) => db.selectFrom('tasks').select('step').where('dossier_id', '=', id).where('state', '=', 'CREATED').execute();
    const instancesOf = async (id: string) => (await app.engine.searchProcessInstances({ bpmnProcessId: PROCESS_ID, variables: { dossierId: id } })).map((p) => p.processInstanceKey);

    t.test('the engine down, then back: delivered in order; a dossier stopped meanwhile gets no process', async (t) => {
      const back = outage(app.engine);
      const kept = await receive();
      const stopped = await receive();
      await settle(app);
      t.match(await events(stopped.id), [{ topic: 'dossier.accepted', attempts: 1, processed_at: null, last_error: /unreachable/ }], 'its start failed: the engine is down');
      t.equal((await post(`/api/dossiers/${stopped.code}/stop`, { reason: 'Công dân đề nghị dừng' })).statusCode, 200);
      // Fifteen minutes of outage: more attempts than the bridge's dead-letter limit.
      for (let i = 0; i < 15; i++) {
        await settle(app);
        clock.advance(60_000);
      }
      const waiting = await events(kept.id);
      t.match(waiting, [{ topic: 'dossier.accepted', processed_at: null, dead_at: null, last_error: /unreachable/ }], 'the start waits: not handled, not dead');
      t.ok(waiting[0]!.attempts >= 13, `retried (${waiting[0]!.attempts} attempts), never dead-lettered while the engine is out of reach`);
      t.match(await events(stopped.id), [{ topic: 'dossier.accepted', processed_at: null, dead_at: null }, { topic: 'dossier.stopped', processed_at: null, attempts: 0 }], 'the stop waits behind the start');

      back();
      await settle(app);
      const d = await db.selectFrom('dossiers').select('process_instance_key').where('id', '=', kept.id).executeTakeFirstOrThrow();
      t.ok(d.process_instance_key, 'the process started once the engine was back');
      t.same(await instancesOf(kept.id), [d.process_instance_key], 'one instance');
      t.same((await openTasks(kept.id)).map((r) => r.step), ['appraisal'], 'the reception completed itself after the start, in order');
      t.match(await events(kept.id), [{ topic: 'dossier.accepted', processed_at: Date, outcome: null }, { topic: 'task.complete', processed_at: Date }]);

      t.same(await instancesOf(stopped.id), [], 'no live process for the stopped dossier');
      t.match(await db.selectFrom('dossiers').select(['status', 'process_instance_key', 'process_start_requested_at']).where('id', '=', stopped.id).executeTakeFirstOrThrow(),
        { status: 'stopped', process_instance_key: null, process_start_requested_at: Date }, 'asked for once, never started');
      t.match(await events(stopped.id), [
        { topic: 'dossier.accepted', processed_at: Date, dead_at: null, outcome: 'skipped: dossier stopped' },
        { topic: 'dossier.stopped', processed_at: Date, dead_at: null, outcome: 'skipped: no process: dossier stopped' },
      ]);
      const audit = await db.selectFrom('audit_log').select(['action', 'after']).where('target_type', '=', 'dossier').where('target_id', '=', stopped.code).where('action', 'like', 'outbox.%').orderBy('id').execute();
      t.match(audit, [{ action: 'outbox.skipped', after: { topic: 'dossier.accepted', reason: 'dossier stopped' } }, { action: 'outbox.skipped', after: { topic: 'dossier.stopped' } }], 'each skip audited');
    });

    t.test('an action taken through its own task is not mirrored again, and not retried', async (t) => {
      const { id } = await receive();
      await settle(app);
      const appraisal = await db.selectFrom('tasks').select('key').where('dossier_id', '=', id).where('step', '=', 'appraisal').where('state', '=', 'CREATED').executeTakeFirstOrThrow();
      const specialist = bearer(await ctx.token('specialist'));
      const res = await app.inject({ method: 'POST', url: `/api/tasks/${appraisal.key}/request-supplement`, headers: specialist, payload: { items: ['Bản sao giấy khai sinh'] } });
      t.equal(res.statusCode, 200, res.body);
      await settle(app);
      const rows = (await events(id)).filter((e) => e.topic === 'task.complete' || e.topic === 'dossier.supplement_requested');
      t.match(rows.slice(-2), [{ topic: 'task.complete', attempts: 1, processed_at: Date }, { topic: 'dossier.supplement_requested', attempts: 1, processed_at: Date, last_error: null }],
        'the mirror found the completion written with it: handled at once');
      t.same((await openTasks(id)).map((r) => r.step), ['approval']);
    });

    t.test('a crash after the engine completed the task, before the event was marked handled: the redelivery does no harm', async (t) => {
      const { id, code } = await receive();
      await settle(app);
      t.same((await openTasks(id)).map((r) => r.step), ['appraisal']);
      // The "handled" write of the supplement request's event fails once, as a crash at that point would.
      await sql.raw(`create function test_crash_mark() returns trigger language plpgsql as $$
        begin
          if new.topic = 'dossier.supplement_requested' and old.processed_at is null and new.processed_at is not null then raise exception 'simulated crash before the event is marked handled'; end if;
          return new;
        end $$`).execute(db);
      await sql.raw('create trigger test_crash_mark before update on outbox for each row execute function test_crash_mark()').execute(db);
      const lift = async () => {
        await sql.raw('drop trigger if exists test_crash_mark on outbox').execute(db);
        await sql.raw('drop function if exists test_crash_mark()').execute(db);
      };
      t.teardown(lift);
      t.equal((await post(`/api/dossiers/${code}/request-supplement`, { items: ['Bản sao giấy khai sinh'] })).statusCode, 200);
      await settle(app);
      const [event] = (await events(id)).filter((e) => e.topic === 'dossier.supplement_requested');
      t.match(event, { attempts: 1, processed_at: null, last_error: /simulated crash/ }, 'the engine call happened, the mark did not');
      t.same((await openTasks(id)).map((r) => r.step), ['approval'], 'the appraisal was completed by the first delivery');

      await lift();
      clock.advance(1_000);
      await settle(app);
      const [again] = (await events(id)).filter((e) => e.topic === 'dossier.supplement_requested');
      t.match(again, { attempts: 2, processed_at: Date, last_error: null, dead_at: null }, 'the redelivery found its own completion: handled');
      t.same((await openTasks(id)).map((r) => r.step), ['approval'], 'the process moved one step, once');
      const history = await app.engine.getProcessInstanceHistory((await db.selectFrom('dossiers').select('process_instance_key').where('id', '=', id).executeTakeFirstOrThrow()).process_instance_key!);
      t.equal(history.filter((h) => h.elementId === 'Task_appraisal' && h.state === 'COMPLETED').length, 1, 'the appraisal completed once');
    });
  });
}
