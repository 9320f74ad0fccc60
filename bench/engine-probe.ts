/** Profiling aid: sequential step latencies of the embedded engine on PostgreSQL. */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import { EmbeddedEngine } from '../engine-adapter/embedded/embedded-engine.ts';
import { migrateEngine } from '../engine-adapter/embedded/migrations.ts';
import { freshPostgres } from '../test/helpers/databases.ts';

const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!url) throw new Error('set BENCH_DATABASE_URL or TEST_DATABASE_URL');
const xml = readFileSync(new URL('./fixtures/five-tasks.bpmn', import.meta.url), 'utf8');
const handle = await freshPostgres(url, 4);
const db = handle.db as unknown as Kysely<any>;
await migrateEngine(db);
const engine = new EmbeddedEngine({ db });
await engine.deployResources([{ name: 'f.bpmn', content: xml }]);
let t0 = performance.now();
for (let i = 0; i < 200; i++) await engine.createProcessInstance({ bpmnProcessId: 'bench-five' });
console.log('create ms/op', (performance.now() - t0) / 200);
t0 = performance.now();
const jobs = await engine.activateJobs({ type: 'bench-1', maxJobsToActivate: 200, timeout: 60000, worker: 'w' });
console.log('activate 200 ms', performance.now() - t0);
t0 = performance.now();
for (const j of jobs) await engine.completeJob(j.key);
console.log('complete ms/op', (performance.now() - t0) / 200);
t0 = performance.now();
for (let i = 0; i < 200; i++) await db.selectFrom('engine_job').select('key').limit(1).execute();
console.log('select ms/op', (performance.now() - t0) / 200);
await handle.close();
