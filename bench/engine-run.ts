/** One benchmark run of the embedded engine on one database, plus the database's insert ceiling. */
import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import { EmbeddedEngine } from '../engine-adapter/embedded/embedded-engine.ts';
import { migrateEngine } from '../engine-adapter/embedded/migrations.ts';
import { percentile, pool, r1 } from './engine-stats.ts';

/** Figures of one run. */
export interface RunResult {
  instancesPerS: number;
  jobsPerS: number;
  p50Ms: number;
  p99Ms: number;
  ceilingTxPerS: number;
}

/** Single-row insert transactions per second with `concurrency` clients (autocommit). */
export async function insertCeiling(db: Kysely<any>, count: number, concurrency: number): Promise<number> {
  await sql`create table if not exists bench_ceiling (id bigserial primary key, payload text not null)`.execute(db);
  const t0 = performance.now();
  await pool(count, concurrency, async (i) => {
    await sql`insert into bench_ceiling (payload) values (${`row-${i}`})`.execute(db);
  });
  return count / ((performance.now() - t0) / 1000);
}

/** Runs `instances` of the five-task process with in-process workers; measures throughput and latency. */
export async function runEngine(db: Kysely<any>, xml: string, instances: number, concurrency: number): Promise<Omit<RunResult, 'ceilingTxPerS'>> {
  await migrateEngine(db);
  const engine = new EmbeddedEngine({ db });
  await engine.deployResources([{ name: 'five-tasks.bpmn', content: xml }]);
  const started = new Map<string, number>();
  const latencies: number[] = [];
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  for (let n = 1; n <= 5; n++) {
    engine.createWorker({ type: `bench-${n}`, maxJobsActive: concurrency, pollInterval: 100, timeout: 600_000, handler: async (job) => {
      await job.complete({ [`r${n}`]: n });
      if (n !== 5) return;
      latencies.push(performance.now() - started.get(job.processInstanceKey)!);
      if (latencies.length === instances) resolveDone();
    } });
  }
  await engine.start();
  const t0 = performance.now();
  await pool(instances, Math.max(2, concurrency >> 1), async (i) => {
    const begin = performance.now();
    const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: 'bench-five', variables: { i } });
    started.set(processInstanceKey, begin);
  });
  await done;
  const seconds = (performance.now() - t0) / 1000;
  await engine.stop();
  return { instancesPerS: r1(instances / seconds), jobsPerS: r1((instances * 5) / seconds), p50Ms: r1(percentile(latencies, 50)), p99Ms: r1(percentile(latencies, 99)) };
}
