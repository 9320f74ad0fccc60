/**
 * Crash test on a real PostgreSQL: 500 instances (two service tasks around a timer) run in a child
 * process that is SIGKILLed at random moments three times and restarted. Every instance must
 * complete; each task of each instance must have exactly one job (no lost, no repeated work) and each
 * job key one recorded side effect.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import t from 'tap';
import { EmbeddedEngine } from '../../engine-adapter/embedded/embedded-engine.ts';
import { migrateEngine } from '../../engine-adapter/embedded/migrations.ts';
import { freshPostgres } from '../helpers/databases.ts';
import { bpmn, chain, el, serviceTask, timer } from './bpmn.ts';

const INSTANCES = 500;
const url = process.env.TEST_DATABASE_URL;
const child = fileURLToPath(new URL('./crash-child.ts', import.meta.url));

function spawnEngine(dbUrl: string): Promise<ChildProcess> {
  const proc = fork(child, [dbUrl], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    proc.once('message', () => resolve(proc));
    proc.once('exit', (code) => reject(new Error(`engine child exited early (${code})`)));
  });
}

function kill(proc: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    proc.removeAllListeners('exit');
    proc.once('exit', () => resolve());
    proc.kill(signal);
  });
}

if (!url) {
  t.fail('TEST_DATABASE_URL is not set: the crash test needs a real PostgreSQL server');
} else {
  t.test('kill -9 three times: every instance completes, no job lost or repeated', async (t) => {
    const handle = await freshPostgres(url);
    t.teardown(() => handle.close());
    const db = handle.db as never as import('kysely').Kysely<any>;
    await migrateEngine(db);
    await sql`create table crash_effect (job_key bigint primary key, instance_key bigint not null, element_id text not null)`.execute(db);
    await sql`create table crash_attempt (job_key bigint not null)`.execute(db);
    const engine = new EmbeddedEngine({ db });
    const xml = bpmn('crash', el('startEvent', 's'), serviceTask('a', 'crash-a'), el('intermediateCatchEvent', 'wait', timer('timeDuration', 'PT0.5S')), serviceTask('b', 'crash-b'), el('endEvent', 'e'), chain('s', 'a', 'wait', 'b', 'e'));
    await engine.deployResources([{ name: 'crash.bpmn', content: xml }]);
    for (let i = 0; i < INSTANCES; i++) await engine.createProcessInstance({ bpmnProcessId: 'crash', variables: { i } });

    for (let round = 0; round < 3; round++) {
      const proc = await spawnEngine(handle.url);
      await sleep(200 + Math.floor(Math.random() * 1200));
      await kill(proc, 'SIGKILL');
    }
    const last = await spawnEngine(handle.url);
    const active = async () => Number((await db.selectFrom('engine_process_instance').select((eb) => eb.fn.countAll().as('n')).where('state', '=', 'ACTIVE').executeTakeFirstOrThrow()).n);
    for (let waited = 0; waited < 180_000 && (await active()) > 0; waited += 250) await sleep(250);
    await kill(last, 'SIGTERM');

    t.equal(await active(), 0, 'every instance completed');
    const effects = await db.selectFrom('crash_effect').select(['instance_key', 'element_id']).execute();
    t.equal(effects.length, INSTANCES * 2, 'one side effect per job key, two jobs per instance');
    const perTask = new Set(effects.map((r) => `${r.instance_key}/${r.element_id}`));
    t.equal(perTask.size, INSTANCES * 2, 'exactly one job per task of each instance');
    const history = await db.selectFrom('engine_element_history').select(['process_instance_key', 'element_id']).where('element_id', 'in', ['a', 'wait', 'b']).execute();
    t.equal(history.length, INSTANCES * 3, 'each task and the timer completed exactly once per instance');
    const attempts = Number((await db.selectFrom('crash_attempt').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    t.ok(attempts >= INSTANCES * 2, `handler attempts: ${attempts} (re-runs after a kill are expected)`);
    const leftovers = await db.selectFrom('engine_job').select('key').execute();
    t.equal(leftovers.length, 0, 'no job left behind');
    await engine.stop();
  });
}
