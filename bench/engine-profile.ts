/** Profiling aid: the PostgreSQL part of the engine benchmark only (`node --cpu-prof --import tsx bench/engine-profile.ts`). */
import { readFileSync } from 'node:fs';
import { benchDatabase } from './engine-postgres.ts';
import { runEngine } from './engine-run.ts';

const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!url) throw new Error('set BENCH_DATABASE_URL or TEST_DATABASE_URL');
const xml = readFileSync(new URL('./fixtures/five-tasks.bpmn', import.meta.url), 'utf8');
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 24);
const handle = await benchDatabase(url, concurrency);
try {
  console.log(await runEngine(handle.db, xml, Number(process.env.BENCH_INSTANCES ?? 500), concurrency));
} finally {
  await handle.close();
}
