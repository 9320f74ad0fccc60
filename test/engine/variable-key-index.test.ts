/**
 * Variable keys (migration `2026_12_01_0007_variable_keys`, `variable-key-index.ts`): a variable is
 * found by its key through the index kept in each step's transaction; the index loses a key when the
 * variable goes with its scope; instances written before keys existed (documents without `varKeys`,
 * finished or not) get keys from the migration, found by key too, and never a key the engine hands
 * out later. Embedded engine, on each database target.
 */
import t from 'tap';
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { ManualClock } from '../../engine-adapter/clock.ts';
import { EmbeddedEngine } from '../../engine-adapter/embedded/embedded-engine.ts';
import { engineMigrations, migrateEngine } from '../../engine-adapter/embedded/migrations.ts';
import { bpmn, chain, el, io, serviceTask } from './bpmn.ts';
import { completeAll } from './harness.ts';
import { databaseTargets } from '../helpers/databases.ts';

for (const db of databaseTargets()) {
  t.test(db.name, async (t) => {
    const handle = await db.open();
    await migrateEngine(handle.db);
    const engine = new EmbeddedEngine({ db: handle.db, clock: new ManualClock('2026-03-02T01:00:00Z') });
    t.teardown(async () => { await engine.stop(); await handle.close(); });
    const indexRows = async () => Number((await sql<{ n: string }>`select count(*) as n from engine_variable_key`.execute(handle.db)).rows[0]!.n);
    // start → task `work` (a local input `draft`) → end.
    await engine.deployResources([{ name: 'v.bpmn', content: bpmn('vk', el('startEvent', 's'), serviceTask('work', 'vk-work', io({ draft: '="v1"' })), el('endEvent', 'e'), chain('s', 'work', 'e')) }]);

    t.test('a variable is found by its key; a local variable leaves the index with its scope', async (t) => {
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: 'vk', variables: { dossierCode: 'HS-1' } });
      const vars = await engine.listVariables({ processInstanceKey });
      const draft = vars.find((v) => v.name === 'draft')!;
      const code = vars.find((v) => v.name === 'dossierCode')!;
      t.match(await engine.getVariable(code.variableKey), { name: 'dossierCode', value: 'HS-1', processInstanceKey });
      t.match(await engine.getVariable(draft.variableKey), { name: 'draft', value: 'v1' });
      const before = await indexRows();
      await completeAll(engine, 'vk-work', { outcome: 'ok' });
      await engine.runUntilIdle();
      t.equal(await engine.getVariable(draft.variableKey), undefined, 'gone with its scope');
      t.equal(await indexRows(), before, 'one key dropped (draft), one added (outcome)');
      t.match(await engine.getVariable(code.variableKey), { value: 'HS-1' }, 'a completed instance keeps its keys');
      t.equal(await engine.getVariable('not-a-key'), undefined);
    });

    t.test('the migration gives keys to the variables of instances written before keys existed', async (t) => {
      const done = await engine.createProcessInstance({ bpmnProcessId: 'vk', variables: { applicant: 'Lan' } });
      await completeAll(engine, 'vk-work', { decision: 'approve' });
      const open = await engine.createProcessInstance({ bpmnProcessId: 'vk', variables: { applicant: 'Minh' } });
      await engine.runUntilIdle();
      t.equal((await engine.getProcessInstance(done.processInstanceKey))?.state, 'COMPLETED');
      // As written before this session: no `varKeys` in the documents, nothing in an index.
      await sql`update engine_process_instance set doc = doc - 'varKeys' where key in (${done.processInstanceKey}, ${open.processInstanceKey})`.execute(handle.db);
      const migrator = new Migrator({ db: handle.db, provider: { getMigrations: async () => engineMigrations }, migrationTableName: 'engine_migration', migrationLockTableName: 'engine_migration_lock' });
      const down = await migrator.migrateTo('2026_12_01_0006_retention');
      t.notOk(down.error, 'back to before the variable keys');
      t.same(await engine.listVariables({ processInstanceKey: done.processInstanceKey }), [], 'an old instance: no keyed variable');
      t.same(await migrateEngine(handle.db), ['2026_12_01_0007_variable_keys']);

      const vars = await engine.listVariables({ processInstanceKey: done.processInstanceKey });
      t.same(vars.map((v) => v.name).sort(), ['applicant', 'decision'], 'the completed instance\'s variables have keys');
      for (const v of vars) t.match(await engine.getVariable(v.variableKey), { name: v.name, processInstanceKey: done.processInstanceKey });
      const openVars = await engine.listVariables({ processInstanceKey: open.processInstanceKey });
      t.same(openVars.map((v) => v.name).sort(), ['applicant', 'draft']);
      // The engine's next keys never meet the migration's.
      const later = await engine.createProcessInstance({ bpmnProcessId: 'vk', variables: { applicant: 'An' } });
      const laterVars = await engine.listVariables({ processInstanceKey: later.processInstanceKey });
      const all = [...vars, ...openVars, ...laterVars].map((v) => v.variableKey);
      t.equal(new Set(all).size, all.length, 'every key distinct');
      // The open old instance goes on: its keys stay (updates keep them) and the next step indexes the new ones.
      await completeAll(engine, 'vk-work', { decision: 'refuse' });
      await engine.runUntilIdle();
      const applicant = openVars.find((v) => v.name === 'applicant')!;
      t.match(await engine.getVariable(applicant.variableKey), { value: 'Minh' });
      const decision = (await engine.listVariables({ processInstanceKey: open.processInstanceKey })).find((v) => v.name === 'decision')!;
      t.match(await engine.getVariable(decision.variableKey), { value: 'refuse' });
    });
  });
}
