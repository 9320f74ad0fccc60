/**
 * On a real PostgreSQL: messages published (with a time to live) at the same moment as their
 * subscriptions open are never lost — the two transactions are serialised per name and correlation key.
 */
import type { Kysely } from 'kysely';
import t from 'tap';
import { EmbeddedEngine } from '../../engine-adapter/embedded/embedded-engine.ts';
import { migrateEngine } from '../../engine-adapter/embedded/migrations.ts';
import { freshPostgres } from '../helpers/databases.ts';
import { chain, definitions, el, message, msgDef, processXml, serviceTask } from './bpmn.ts';
import { jobsOf } from './harness.ts';

const N = 60;
const url = process.env.TEST_DATABASE_URL;

if (!url) {
  t.fail('TEST_DATABASE_URL is not set: the message race test needs a real PostgreSQL server');
} else {
  t.test('publish racing subscription opening: every message is correlated', async (t) => {
    const handle = await freshPostgres(url, 16);
    t.teardown(() => handle.close());
    const db = handle.db as unknown as Kysely<any>;
    await migrateEngine(db);
    const engine = new EmbeddedEngine({ db });
    const xml = definitions(message('m', 'race-go', '=ref'), processXml('race', el('startEvent', 's'), serviceTask('prep', 'race-prep'), el('intermediateCatchEvent', 'c', msgDef('m')), el('endEvent', 'e'), chain('s', 'prep', 'c', 'e')));
    await engine.deployResources([{ name: 'race.bpmn', content: xml }]);
    const keys: string[] = [];
    for (let i = 0; i < N; i++) keys.push((await engine.createProcessInstance({ bpmnProcessId: 'race', variables: { ref: `r${i}` } })).processInstanceKey);
    const jobs = await jobsOf(engine, 'race-prep');
    t.equal(jobs.length, N);
    await Promise.all(jobs.flatMap((job) => [
      engine.completeJob(job.key),
      engine.publishMessage({ name: 'race-go', correlationKey: job.variables.ref as string, timeToLive: 60_000 }),
    ]));
    const states = await Promise.all(keys.map(async (k) => (await engine.getProcessInstance(k))!.state));
    t.same(states.filter((s) => s !== 'COMPLETED'), [], 'every instance received its message');
  });
}
