/**
 * The supervisor's summary counts on a generated database (no HTTP), from the open-step counters
 * (migration 2026120801) against the reference query over every open task, in the same run; then the
 * counters' cost on the write path: task inserts, completions and deletes with the counter triggers and
 * without them, alternated. Applies pending migrations first and prints their time.
 * `tsx bench/scale/time-summary.ts <database-url> [agency,…] [runs]` (default `tinh-demo`, 20 runs); `NOW=<iso>` sets the
 * moment (e.g. amid the due dates, so that slots straddle it).
 * It writes (test tasks, deleted again; the triggers disabled for a moment): use a copy of the database.
 */
import { sql } from 'kysely';
import { connectDatabase } from '../../api/db/connect.ts';
import { migrateAll } from '../../api/db/migrate-all.ts';
import { agencySubtree } from '../../api/services/agencies.ts';
import { CalendarService } from '../../api/services/calendars.ts';
import { rollupOpenStepCounts } from '../../api/services/supervision-counts.ts';
import { supervisionSummary, supervisionSummaryFromTasks } from '../../api/services/supervision-summary.ts';
import { DEFAULT_SLA_POLICY } from '../../api/domain/sla/index.ts';

const [url, agencyList = 'tinh-demo', runsArg = '20'] = process.argv.slice(2);
const runs = Number(runsArg);
const handle = await connectDatabase({ databaseUrl: url!, dataDir: 'memory://' });
const db = handle.db;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
try {
  const t0 = performance.now();
  const applied = await migrateAll(db);
  if (applied.length) console.log(`migrations ${applied.join(', ')}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const calendars = new CalendarService(db);
  const now = process.env.NOW ? new Date(process.env.NOW) : new Date();
  const open = (await sql<{ n: number }>`select count(*)::int as n from tasks where state = 'CREATED'`.execute(db)).rows[0]!.n;
  const counters = (await sql<{ n: number }>`select count(*)::int as n from open_step_counts`.execute(db)).rows[0]!.n;
  const multi = (await sql<{ n: number }>`select count(*)::int as n from dossier_open_steps where n > 1`.execute(db)).rows[0]!.n;
  console.log(`open tasks ${open}, counter rows ${counters}, dossiers with several open steps ${multi}, now ${now.toISOString()}`);
  for (const agencyId of agencyList.split(',')) {
    const scope = await agencySubtree(db, agencyId);
    const deps = { db, calendars, policy: DEFAULT_SLA_POLICY, now };
    const a = await supervisionSummary(deps, agencyId, scope);
    const b = await supervisionSummaryFromTasks(deps, agencyId, scope);
    const same = JSON.stringify(a) === JSON.stringify(b);
    const tc: number[] = []; const tr: number[] = [];
    for (let i = 0; i < runs; i++) {
      let s = performance.now(); await supervisionSummary(deps, agencyId, scope); tc.push(performance.now() - s);
      s = performance.now(); await supervisionSummaryFromTasks(deps, agencyId, scope); tr.push(performance.now() - s);
    }
    console.log(`${agencyId} (${scope.length} agencies) totals ${JSON.stringify(a.totals)} equal to the reference: ${same}`);
    console.log(`  counters  p50 ${pct(tc, 50).toFixed(1)} ms  p95 ${pct(tc, 95).toFixed(1)} ms`);
    console.log(`  reference p50 ${pct(tr, 50).toFixed(1)} ms  p95 ${pct(tr, 95).toFixed(1)} ms  (counters/reference p50 ${(pct(tc, 50) / pct(tr, 50)).toFixed(3)})`);
  }

  // Write path: N tasks of real open dossiers inserted, completed and deleted, one statement each.
  const N = 300;
  const targets = (await sql<{ id: string; agency: string }>`
    select t.dossier_id as id, t.agency_id as agency from tasks t where t.state = 'CREATED' and t.dossier_status = 'processing' limit ${N}`.execute(db)).rows;
  const cycle = async (label: string) => {
    const keys = targets.map((_, i) => `bench-osc-${label}-${i}`);
    const t1 = performance.now();
    for (const [i, d] of targets.entries()) {
      await sql`insert into tasks (key, process_instance_key, bpmn_process_id, element_id, name, dossier_id, agency_id, state, due_at, created_at)
        values (${keys[i]}, '1', 'bench', 'bench-step', 'Bench', ${d.id}, ${d.agency}, 'CREATED', ${new Date(now.getTime() + (i % 48) * 3_600_000)}, now())`.execute(db);
    }
    const t2 = performance.now();
    for (const k of keys) await sql`update tasks set state = 'COMPLETED', completed_at = now() where key = ${k}`.execute(db);
    const t3 = performance.now();
    for (const k of keys) await sql`delete from tasks where key = ${k}`.execute(db);
    const t4 = performance.now();
    return [t2 - t1, t3 - t2, t4 - t3].map((x) => x / targets.length);
  };
  const toggle = (on: boolean) => sql.raw(`alter table tasks ${on ? 'enable' : 'disable'} trigger tasks_open_step_counts_insert, ${on ? 'enable' : 'disable'} trigger tasks_open_step_counts_delete, ${on ? 'enable' : 'disable'} trigger tasks_open_step_counts_update`).execute(db);
  const sums = { with: [0, 0, 0], without: [0, 0, 0] };
  for (let round = 0; round < 3; round++) {
    for (const on of [true, false]) {
      await toggle(on);
      try {
        const r = await cycle(`${round}-${on}`);
        r.forEach((x, i) => { sums[on ? 'with' : 'without'][i] += x / 3; });
      } finally { await toggle(true); }
    }
  }
  const fmt = (xs: number[]) => `insert ${xs[0]!.toFixed(2)} ms, complete ${xs[1]!.toFixed(2)} ms, delete ${xs[2]!.toFixed(2)} ms`;
  console.log(`write path, per task (${targets.length} tasks × 3 rounds): with counters ${fmt(sums.with)}; without ${fmt(sums.without)}`);
  const pending = (await sql<{ n: number }>`select count(*)::int as n from open_step_deltas`.execute(db)).rows[0]!.n;
  const scope = await agencySubtree(db, 'tinh-demo');
  const deps = { db, calendars, policy: DEFAULT_SLA_POLICY, now };
  const ts: number[] = [];
  for (let i = 0; i < 5; i++) { const s0 = performance.now(); await supervisionSummary(deps, 'tinh-demo', scope); ts.push(performance.now() - s0); }
  const r0 = performance.now();
  const folded = await rollupOpenStepCounts(db);
  console.log(`province summary with ${pending} deltas pending: p50 ${pct(ts, 50).toFixed(1)} ms; rollup of them: ${(performance.now() - r0).toFixed(1)} ms (${folded} counter rows written)`);
} finally {
  await handle.close();
}
