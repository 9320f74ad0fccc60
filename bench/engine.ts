/**
 * Benchmark of the embedded engine (`npm run bench:engine`): a five-service-task process, in-process
 * workers, on PGlite (on disk) and on PostgreSQL (fsync as configured, normally on). Prints
 * instances/s, jobs/s, p50/p99 instance latency, the database's single-row insert ceiling measured in
 * the same run, the ratio, and bpmn-engine as an in-memory peer. The last line is one JSON object.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { connectDatabase } from '../api/db/connect.ts';
import { benchDatabase } from './engine-postgres.ts';
import { runPeer } from './engine-peer.ts';
import { insertCeiling, runEngine, type RunResult } from './engine-run.ts';
import { r1 } from './engine-stats.ts';

const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!url) {
  console.error('bench:engine: set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL server, e.g. postgres://motcua:motcua@127.0.0.1:5432/motcua');
  process.exit(2);
}
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 24);
const xml = readFileSync(new URL('./fixtures/five-tasks.bpmn', import.meta.url), 'utf8');

function report(name: string, r: RunResult): void {
  console.log(`${name}: ${r.instancesPerS} instances/s, ${r.jobsPerS} jobs/s, latency p50 ${r.p50Ms} ms / p99 ${r.p99Ms} ms; ` +
    `ceiling ${r1(r.ceilingTxPerS)} single-row insert tx/s; jobs/s ÷ ceiling = ${(r.jobsPerS / r.ceilingTxPerS).toFixed(3)}`);
}

async function onPostgres(): Promise<RunResult> {
  const handle = await benchDatabase(url!, CONCURRENCY);
  try {
    const { db } = handle;
    const fsync = (await sql<{ fsync: string }>`show fsync`.execute(db)).rows[0]?.fsync;
    const commit = (await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(db)).rows[0]?.synchronous_commit;
    console.log(`PostgreSQL ${handle.label} (fsync ${fsync}, synchronous_commit ${commit}), pool ${CONCURRENCY}`);
    const ceilingTxPerS = await insertCeiling(db, 5000, CONCURRENCY);
    return { ...(await runEngine(db, xml, INSTANCES, CONCURRENCY)), ceilingTxPerS };
  } finally {
    await handle.close();
  }
}

async function onPglite(): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-pglite-'));
  const handle = await connectDatabase({ databaseUrl: null, dataDir: dir });
  try {
    const db = handle.db as unknown as Kysely<any>;
    console.log(`PGlite on disk (${dir})`);
    const ceilingTxPerS = await insertCeiling(db, 2000, 1);
    return { ...(await runEngine(db, xml, INSTANCES, 8)), ceilingTxPerS };
  } finally {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`bench:engine — ${INSTANCES} instances of a 5-service-task process, workers in-process`);
const pg = await onPostgres();
report('postgres', pg);
const lite = await onPglite();
report('pglite', lite);
const peer = await runPeer(xml, INSTANCES, 50);
console.log(`peer bpmn-engine (in memory, not durable): ${peer.instancesPerS} instances/s, ${peer.jobsPerS} jobs/s`);
console.log(JSON.stringify({
  pg_jobs_per_s: pg.jobsPerS, pglite_jobs_per_s: lite.jobsPerS, pg_ceiling_tx_per_s: r1(pg.ceilingTxPerS),
  pg_ratio: Number((pg.jobsPerS / pg.ceilingTxPerS).toFixed(3)), peer_bpmn_engine_jobs_per_s: peer.jobsPerS,
}));
