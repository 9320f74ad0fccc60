/**
 * Two engines (two processes' worth: separate pools) on one PostgreSQL share the jobs: activation with
 * FOR UPDATE SKIP LOCKED hands each job to exactly one of them, and both do some of the work.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import t from 'tap';
import { connectDatabase } from '../../api/db/connect.ts';
import { EmbeddedEngine } from '../../engine-adapter/embedded/embedded-engine.ts';
import { migrateEngine } from '../../engine-adapter/embedded/migrations.ts';
import { freshPostgres } from '../helpers/databases.ts';
import { linear } from './bpmn.ts';

const INSTANCES = 300;
const url = process.env.TEST_DATABASE_URL;

if (!url) {
  t.fail('TEST_DATABASE_URL is not set: the SKIP LOCKED test needs a real PostgreSQL server');
} else {
  t.test('two engines on one PostgreSQL never hand out the same job twice', async (t) => {
    const handle = await freshPostgres(url, 6);
    const second = await connectDatabase({ databaseUrl: handle.url, dataDir: 'memory://', poolSize: 6 });
    t.teardown(async () => { await second.close(); await handle.close(); });
    const dbs = [handle.db, second.db] as never as Kysely<any>[];
    await migrateEngine(dbs[0]!);
    const engines = dbs.map((db) => new EmbeddedEngine({ db, timerInterval: 50 }));
    await engines[0]!.deployResources([{ name: 'sl.bpmn', content: linear('sl', 'sl-a', 'sl-b') }]);
    const handled = new Map<string, number[]>();
    engines.forEach((engine, n) => {
      for (const type of ['sl-a', 'sl-b']) {
        engine.createWorker({ type, maxJobsActive: 8, pollInterval: 5, timeout: 600_000, handler: async (job) => {
          handled.set(job.key, [...(handled.get(job.key) ?? []), n]);
          await job.complete();
        } });
      }
    });
    await Promise.all(engines.map((e) => e.start()));
    await Promise.all([0, 1].map(async (n) => {
      for (let i = n; i < INSTANCES; i += 2) await engines[n]!.createProcessInstance({ bpmnProcessId: 'sl', variables: { i } });
    }));
    const db = dbs[0]!;
    const active = async () => Number((await db.selectFrom('engine_process_instance').select((eb) => eb.fn.countAll().as('n')).where('state', '=', 'ACTIVE').executeTakeFirstOrThrow()).n);
    for (let waited = 0; waited < 120_000 && (await active()) > 0; waited += 100) await sleep(100);
    await Promise.all(engines.map((e) => e.stop()));

    t.equal(await active(), 0, 'every instance completed');
    t.equal(handled.size, INSTANCES * 2, 'every job handled');
    t.same([...handled.values()].filter((by) => by.length > 1), [], 'no job handed to two workers');
    const byEngine = [0, 1].map((n) => [...handled.values()].filter((by) => by[0] === n).length);
    t.ok(byEngine.every((c) => c > 0), `both engines worked: ${byEngine.join(' / ')}`);
  });
}
