/**
 * `npm run bench:retention`: a soak under steady load, to show that retention keeps the database's size
 * flat once the retention period has passed (issue 17 item 4). Each simulated day: BENCH_DAILY instances
 * (default 300) of a one-step process are started and their task completed, as many messages published
 * with a one-hour time to live, and twice as many outbox events handled; then the retention worker runs
 * (RETENTION_DAYS = BENCH_RETENTION_DAYS, default 3). The same load runs on a second database without
 * retention, the baseline. Printed: the size of the tables that grow, day by day, on both; and the ratio
 * of the last day's size to the size when the period first passed. PGlite by default (each database in
 * memory), or BENCH_DATABASE_URL for PostgreSQL (where autovacuum also runs).
 */
import { sql, type Kysely } from 'kysely';
import { ManualClock } from '../engine-adapter/clock.ts';
import { EmbeddedEngine } from '../engine-adapter/embedded/embedded-engine.ts';
import { connectDatabase, type DatabaseHandle } from '../api/db/connect.ts';
import { migrateAll } from '../api/db/migrate-all.ts';
import { createRetention } from '../api/workers/retention.ts';
import { freshPostgres } from '../test/helpers/databases.ts';

const DAILY = Number(process.env.BENCH_DAILY ?? 300);
const DAYS = Number(process.env.BENCH_DAYS ?? 12);
const RETENTION = Number(process.env.BENCH_RETENTION_DAYS ?? 3);
const TABLES = ['outbox', 'engine_element_history', 'engine_user_task_event', 'engine_message'];

const XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="soak" isExecutable="true">
    <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="u" />
    <bpmn:userTask id="u"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="u" targetRef="e" /><bpmn:endEvent id="e" />
  </bpmn:process>
</bpmn:definitions>`;

async function open(): Promise<DatabaseHandle> {
  const url = process.env.BENCH_DATABASE_URL;
  return url ? freshPostgres(url) : connectDatabase({ databaseUrl: null, dataDir: 'memory://' });
}

async function size(db: Kysely<any>): Promise<number> {
  const r = await sql<{ n: string | number }>`select sum(pg_total_relation_size(c.oid)) as n from pg_class c where c.relname in (${sql.join(TABLES)}) and c.relkind = 'r'`.execute(db);
  return Number(r.rows[0]!.n);
}

async function soak(withRetention: boolean): Promise<number[]> {
  const handle = await open();
  try {
    const db = handle.db;
    await migrateAll(db);
    const clock = new ManualClock('2026-01-05T01:00:00Z');
    const engine = new EmbeddedEngine({ db, clock });
    await engine.deployResources([{ name: 'soak.bpmn', content: XML }]);
    const log = { info: () => {}, warn: () => {}, error: () => {} };
    const retention = createRetention({ db, engine, clock, log, days: RETENTION, intervalMs: 60_000, batch: 500, maxBatches: 1_000 });
    const sizes: number[] = [];
    for (let day = 0; day < DAYS; day++) {
      for (let i = 0; i < DAILY; i++) {
        await engine.createProcessInstance({ bpmnProcessId: 'soak', variables: { i } });
        await engine.publishMessage({ name: 'soak', correlationKey: `${day}-${i}`, timeToLive: 3_600_000 });
      }
      await engine.runUntilIdle();
      for (const task of await engine.listUserTasks({ state: 'CREATED' })) await engine.completeUserTask(task.key, { done: true });
      await engine.runUntilIdle();
      const now = clock.now();
      await db.insertInto('outbox').values(Array.from({ length: DAILY * 2 }, (_, i) => ({ topic: 'soak', key: String(i), payload: '{"a":1}', created_at: now, available_at: now, processed_at: now }))).execute();
      clock.advance(86_400_000);
      if (withRetention) await retention.runOnce();
      sizes.push(await size(db));
    }
    return sizes;
  } finally {
    await handle.close();
  }
}

const kb = (n: number) => `${Math.round(n / 1024).toLocaleString('en')} kB`;
const label = process.env.BENCH_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
console.log(`${label}: ${DAILY} instances, ${DAILY} messages and ${DAILY * 2} outbox events a day for ${DAYS} days; retention ${RETENTION} days.`);
const without = await soak(false);
const withR = await soak(true);
console.log('\nday  without retention   with retention');
for (let d = 0; d < DAYS; d++) console.log(`${String(d + 1).padStart(3)}  ${kb(without[d]!).padStart(17)}  ${kb(withR[d]!).padStart(15)}`);
const passed = RETENTION; // the first day whose end is past the period
const growth = (s: number[]) => s[DAYS - 1]! / s[passed]!;
console.log(`\nSize on day ${DAYS} over day ${passed + 1}: with retention ${growth(withR).toFixed(2)}×, without (baseline) ${growth(without).toFixed(2)}×.`);
console.log(`With retention / without, day ${DAYS}: ${(withR[DAYS - 1]! / without[DAYS - 1]!).toFixed(2)}×.`);
