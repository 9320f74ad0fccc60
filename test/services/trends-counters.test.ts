/**
 * Trends read from the report counters (services/trends.ts, report-months.ts, migration 2026121601)
 * against a recount in plain code from every dossier row, over the generated dossiers of
 * test/helpers/report-dossiers.ts (hand-offs, an agency moved, extensions asked late, refusals, stops):
 * for each agency, per month and per week, over whole months and periods that start and end inside a
 * month (read by days, or by the month less its days outside), at two moments; with the writes still in
 * the deltas, after the rollup, after changes to the dossiers, and after the rollup again. And the month
 * rows equal the sums of their day rows after every rollup.
 */
import t, { type Test } from 'tap';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../api/db/database.ts';
import { METRICS } from '../../api/db/migrations/2026120701_report_counters.ts';
import { agencySubtree } from '../../api/services/agencies.ts';
import { rollupReportCounters } from '../../api/services/report-counters.ts';
import { periodOf } from '../../api/services/report-ii06a.ts';
import { trends, type TrendCounts } from '../../api/services/trends.ts';
import { databaseTargets } from '../helpers/databases.ts';
import { mutate, seed } from '../helpers/report-dossiers.ts';

const AGENCIES = ['t-prov', 't-a', 't-b', 't-a1'];
const PERIODS = [['2026-02-01', '2026-03-31'], ['2026-01-10', '2026-05-20'], ['2026-02-10', '2026-03-04'], ['2026-03-14', '2026-03-14'], ['2026-01-01', '2026-06-30']] as const;
const MOMENTS = ['2026-03-15T04:30:00Z', '2026-06-30T10:00:00Z'];
const localDay = (at: Date) => new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);

interface Row { id: string; procedure_id: string; status: string; received_at: Date | null; finished_at: Date | null; judged: Date | null; agencies: string[] }

/** Every dossier with the due date II.06a judges it by and the agencies it passed through. */
async function rows(db: Kysely<Database>): Promise<Row[]> {
  return (await sql<Row>`select d.id, d.procedure_id, d.status, d.received_at, d.finished_at,
      case when (d.state->>'extensionLate')::boolean and d.original_due_at is not null then d.original_due_at else d.due_at end as judged,
      array(select da.agency_id from dossier_agencies da where da.dossier_id = d.id) as agencies
    from dossiers d`.execute(db)).rows;
}

/** The recount: bucket → counts, the total, per procedure and per agency of `leaves`. */
function recount(all: Row[], scope: string[], leaves: string[], start: Date, end: Date, granularity: 'week' | 'month') {
  const zero = (): TrendCounts => ({ received: 0, early: 0, onTime: 0, late: 0 });
  const buckets = new Map<string, TrendCounts>(); const total = zero();
  const byProcedure = new Map<string, TrendCounts>(); const byAgency = new Map<string, TrendCounts>();
  const bucketOf = (at: Date) => {
    const day = localDay(at);
    if (granularity === 'month') return `${day.slice(0, 7)}-01`;
    const d = new Date(`${day}T00:00:00Z`);
    return new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
  };
  const add = (m: Map<string, TrendCounts>, key: string, kind: keyof TrendCounts) => { const c = m.get(key) ?? zero(); c[kind] += 1; m.set(key, c); };
  for (const d of all) {
    if (!d.received_at || ['refused', 'stopped'].includes(d.status)) continue;
    const events: Array<[Date, keyof TrendCounts]> = [];
    if (d.received_at >= start && d.received_at < end) events.push([d.received_at, 'received']);
    if (d.finished_at && d.finished_at >= start && d.finished_at < end) {
      const j = d.judged;
      events.push([d.finished_at, !j ? 'onTime' : d.finished_at > j ? 'late' : localDay(d.finished_at) < localDay(j) ? 'early' : 'onTime']);
    }
    for (const [at, kind] of events) {
      if (d.agencies.some((a) => scope.includes(a))) { add(buckets, bucketOf(at), kind); total[kind] += 1; add(byProcedure, d.procedure_id, kind); }
      for (const a of leaves) if (d.agencies.includes(a)) add(byAgency, a, kind);
    }
  }
  return { buckets, total, byProcedure, byAgency };
}

async function monthsMatchDays(t: Test, db: Kysely<Database>, label: string) {
  const sums = METRICS.map((m) => `sum(${m})::bigint as ${m}`).join(', ');
  const key = sql.raw(`agency_id, procedure_id, month, ${METRICS.join(', ')}`);
  const days = await sql`select ${key} from (select agency_id, procedure_id, date_trunc('month', day::timestamp)::date as month, ${sql.raw(sums)}
    from report_counters group by 1, 2, 3) x where ${sql.raw(METRICS.map((m) => `${m} <> 0`).join(' or '))} order by 1, 2, 3`.execute(db);
  const months = await sql`select ${key} from report_counter_months where ${sql.raw(METRICS.map((m) => `${m} <> 0`).join(' or '))} order by 1, 2, 3`.execute(db);
  t.ok(days.rows.length > 10, `${label}: ${days.rows.length} agency-month rows`);
  t.same(months.rows, days.rows, `${label}: each month row is the sum of its day rows`);
}

async function compareAll(t: Test, db: Kysely<Database>, label: string) {
  const all = await rows(db);
  const parents = new Set((await db.selectFrom('agencies').select('parent_id').execute()).map((a) => a.parent_id));
  for (const agencyId of AGENCIES) {
    const scope = await agencySubtree(db, agencyId);
    const leaves = scope.filter((a) => !parents.has(a)); // no sub-agencies
    for (const [from, to] of PERIODS) {
      const { start, end } = periodOf(from, to, 'vi');
      for (const m of MOMENTS) {
        for (const granularity of ['month', 'week'] as const) {
          const got = await trends(db, { agencyId, scope, granularity, from, to, start, end, now: new Date(m) });
          const want = recount(all, scope, leaves, start, end, granularity);
          const at = `${label}: ${agencyId} ${from}..${to} per ${granularity} at ${m}`;
          t.same(got.total, want.total, `${at}: total`);
          t.same(Object.fromEntries(got.buckets.filter((b) => b.received + b.early + b.onTime + b.late).map(({ start: s, ...c }) => [s, c])), Object.fromEntries(want.buckets), `${at}: buckets`);
          t.same(Object.fromEntries(got.byProcedure.map(({ id, name: _n, ...c }) => [id, c])), Object.fromEntries(want.byProcedure), `${at}: by procedure`);
          t.same(Object.fromEntries(got.byAgency.map(({ id, name: _n, ...c }) => [id, c])), Object.fromEntries(want.byAgency), `${at}: by agency`);
        }
      }
    }
  }
}

for (const target of databaseTargets()) {
  t.test(`trends from the counters on ${target.name}`, async (t) => {
    const handle = await target.openMigrated();
    t.teardown(() => handle.close());
    const db = handle.db;
    await seed(db, 220);
    await compareAll(t, db, 'in the deltas');
    await rollupReportCounters(db);
    await monthsMatchDays(t, db, 'rolled up');
    await compareAll(t, db, 'rolled up');
    await mutate(db);
    await compareAll(t, db, 'after changes');
    await rollupReportCounters(db);
    await monthsMatchDays(t, db, 'after changes, rolled up');
    await compareAll(t, db, 'after changes, rolled up');
  });
}
