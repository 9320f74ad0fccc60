/**
 * The engine bridge starts one process instance per dossier, even when it fails between the
 * engine's answer and storing the key: the real app and embedded engine, the failure made by the
 * database itself (a temporary trigger), the redelivery made by the outbox's retry.
 */
import t, { type Test } from 'tap';
import { readFileSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../api/db/database.ts';
import { bearer, buildTestApp } from '../helpers/app.ts';
import { databaseTargets } from '../helpers/databases.ts';
import { settle } from '../helpers/settle.ts';

const schemaDir = new URL('../fixtures/schemas', import.meta.url).pathname;
const processXml = readFileSync(new URL('../fixtures/processes/task-test.bpmn', import.meta.url), 'utf8');
const PROCESS_ID = 'motcua-task-test';
const formData = { applicant: { fullName: 'Lê Thị Thu', personalId: '001203012345' }, childName: 'Lê Minh', dateOfBirth: '2026-02-20' };

/**
 * A BEFORE UPDATE trigger on dossiers that fails each update setting `column` (null → a value), as a
 * crash at that write would; returns its removal (idempotent).
 */
async function failSetting(db: Kysely<Database>, column: string, message: string): Promise<() => Promise<void>> {
  const name = `test_fail_setting_${column}`;
  await sql.raw(`create function ${name}() returns trigger language plpgsql as $$
    begin
      if old.${column} is null and new.${column} is not null then raise exception '${message}'; end if;
      return new;
    end $$`).execute(db);
  await sql.raw(`create trigger ${name} before update on dossiers for each row execute function ${name}()`).execute(db);
  return async () => {
    await sql.raw(`drop trigger if exists ${name} on dossiers`).execute(db);
    await sql.raw(`drop function if exists ${name}()`).execute(db);
  };
}

for (const target of databaseTargets()) {
  t.test(`engine bridge on ${target.name}`, async (t) => {
    const ctx = await buildTestApp(target, {}, { formSchemaDir: schemaDir, autoStart: false });
    t.teardown(() => ctx.close());
    const { app, clock } = ctx;
    const db = ctx.handle.db;
    await app.engine.deployResources([{ name: 'task-test.bpmn', content: processXml }]);
    await db.insertInto('procedures').values({
      id: 'test-procedure', national_code: null, name_vi: 'Thủ tục thử nghiệm', name_en: 'Test', field: 'Hộ tịch', legal_limit: JSON.stringify({ kind: 'workingDays', days: 3 }),
      online_level: 'full', process_id: PROCESS_ID, form_schema_id: 'test-procedure',
      extra: JSON.stringify({ taskOutcomes: { reception: ['accept', 'refuse'], appraisal: ['ok', 'refuse', 'supplement'], approval: ['approve'], delivery: ['returned'] } }),
    }).execute();
    clock.set('2026-03-02T02:00:00Z');
    const reception = bearer(await ctx.token('reception'));

    /** Receives a counter dossier; its outbox event waits for `settle`. */
    const receive = async () => {
      const res = await app.inject({ method: 'POST', url: '/api/dossiers', headers: reception, payload: { procedureId: 'test-procedure', channel: 'in_person', formData } });
      if (res.statusCode !== 201) throw new Error(`dossier not received: ${res.body}`);
      return db.selectFrom('dossiers').select('id').where('code', '=', (res.json() as { code: string }).code).executeTakeFirstOrThrow();
    };
    const dossier = (id: string) => db.selectFrom('dossiers').select(['process_instance_key', 'process_start_requested_at']).where('id', '=', id).executeTakeFirstOrThrow();
    /** Every instance of the process whose root variables name the dossier (read one by one, not through the variables filter). */
    const instancesOf = async (id: string) => {
      const all = await app.engine.searchProcessInstances({ bpmnProcessId: PROCESS_ID });
      const views = await Promise.all(all.map((p) => app.engine.getProcessInstance(p.processInstanceKey)));
      return views.filter((v) => v?.variables.dossierId === id).map((v) => v!.processInstanceKey);
    };
    const event = (id: string) => db.selectFrom('outbox').select(['attempts', 'processed_at', 'last_error']).where('topic', '=', 'dossier.accepted')
      .where(sql<boolean>`payload->>'dossierId' = ${id}`).executeTakeFirstOrThrow();
    const openTasks = (id: string) => db.selectFrom('tasks').select('step').where('dossier_id', '=', id).where('state', '=', 'CREATED').execute();

    t.test('first delivery: the marker is written and an instance created, without looking for one', async (t) => {
      const { id } = await receive();
      // An instance already carrying this dossier's id, started outside the bridge: only a search would find it.
      const stray = await app.engine.createProcessInstance({ bpmnProcessId: PROCESS_ID, variables: { dossierId: id } });
      await settle(app);
      const d = await dossier(id);
      t.ok(d.process_instance_key, 'the key is stored');
      t.not(d.process_instance_key, stray.processInstanceKey, 'the stray instance was not adopted: no marker, no search');
      t.same(d.process_start_requested_at, new Date('2026-03-02T02:00:00Z'), 'the marker holds when the start was asked for');
      t.match(await event(id), { attempts: 1, last_error: null, processed_at: Date });
      await app.engine.cancelProcessInstance(stray.processInstanceKey);
    });

    /** Receives a dossier whose first bridge attempt fails setting `column`; `retry` lifts the failure and lets the outbox redeliver. */
    const receiveFailingOnce = async (t: Test, column: string, message: string) => {
      const allow = await failSetting(db, column, message);
      t.teardown(allow);
      const { id } = await receive();
      await settle(app);
      t.match(await event(id), { attempts: 1, processed_at: null, last_error: message }, 'the first attempt failed; the event waits for its retry');
      const retry = async () => {
        await allow();
        clock.advance(1000); // past the bridge's first retry delay
        await settle(app);
      };
      return { id, retry };
    };

    t.test('the key is not stored after the engine started the instance: the redelivery adopts it, no second instance', async (t) => {
      const { id, retry } = await receiveFailingOnce(t, 'process_instance_key', 'simulated crash before the instance key is stored');
      const [started, ...others] = await instancesOf(id);
      t.ok(started, 'the engine started the instance');
      t.same(others, [], 'one instance');
      t.match(await dossier(id), { process_instance_key: null, process_start_requested_at: Date }, 'marker set, key lost');
      // The reception's completion is queued behind the failed start: one dossier's events in order.
      t.same((await openTasks(id)).map((r) => r.step), ['reception'], 'the officers see the step once; its completion waits for the start');

      await retry();
      t.same(await instancesOf(id), [started], 'still exactly one instance for the dossier');
      t.equal((await dossier(id)).process_instance_key, started, 'the dossier holds its key');
      t.match(await event(id), { attempts: 2, last_error: null, processed_at: Date });
      t.same((await openTasks(id)).map((r) => r.step), ['appraisal'], 'and the step once');
    });

    t.test('the marker cannot be written: the engine is not asked, the retry starts the one instance', async (t) => {
      const { id, retry } = await receiveFailingOnce(t, 'process_start_requested_at', 'simulated failure writing the marker');
      t.same(await instancesOf(id), [], 'no instance without the marker');
      await retry();
      const instances = await instancesOf(id);
      t.equal(instances.length, 1);
      t.equal((await dossier(id)).process_instance_key, instances[0]);
    });
  });
}
