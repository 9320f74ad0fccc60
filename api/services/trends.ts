/**
 * Trends for the supervisor: per local (UTC+7) week (Monday first) or month, the dossiers received and
 * those resolved early, on time and late (Decree 118, judged as in report II.06a), over an agency
 * subtree and optionally one procedure; with the period's totals by procedure and by agency.
 * Read from the report counters (migration 2026120701), not the dossiers: the series and the totals
 * from the subtree's own counters (a dossier is the subtree's when one of its agencies is in it, counted
 * once); by agency, each agency of the subtree without sub-agencies, the dossiers that passed through it
 * (a dossier handed from one to another counts at both), by whole months where it can
 * (`report-months.ts`). Dossiers refused at reception or stopped are not counted.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { monthPieces, pieceRows, type Pieces } from './report-months.ts';
import { localDay } from './report-counters.ts';

export type Granularity = 'week' | 'month';
export const TREND_KINDS = ['received', 'early', 'onTime', 'late'] as const;
export type TrendKind = (typeof TREND_KINDS)[number];
export type TrendCounts = Record<TrendKind, number>;

const zero = (): TrendCounts => ({ received: 0, early: 0, onTime: 0, late: 0 });
const DAY_MS = 86_400_000;

/** The local day (YYYY-MM-DD) starting each bucket that meets `[start, end)`. */
export function bucketStarts(start: Date, end: Date, granularity: Granularity): string[] {
  const local = (t: number) => new Date(t + 7 * 3_600_000);
  const first = local(start.getTime());
  let y = first.getUTCFullYear(); let m = first.getUTCMonth(); let day = first.getUTCDate();
  if (granularity === 'month') day = 1;
  else day -= (first.getUTCDay() + 6) % 7;
  const out: string[] = [];
  for (let t = Date.UTC(y, m, day); t - 7 * 3_600_000 < end.getTime();) {
    out.push(new Date(t).toISOString().slice(0, 10));
    if (granularity === 'month') { const n = new Date(t); y = n.getUTCFullYear(); m = n.getUTCMonth() + 1; t = Date.UTC(y, m, 1); } else t += 7 * DAY_MS;
  }
  return out;
}

const COLS = ['rec_online', 'rec_offline', 'early', 'on_time', 'late'];
const SUMS = sql`sum(s * (rec_online + rec_offline)) as received, sum(s * early) as early, sum(s * on_time) as on_time, sum(s * late) as late`;
type Summed = { received: string | number; early: string | number; on_time: string | number; late: string | number };
const counts = (r: Summed): TrendCounts => ({ received: Number(r.received), early: Number(r.early), onTime: Number(r.on_time), late: Number(r.late) });
const nonZero = (c: TrendCounts) => TREND_KINDS.some((k) => c[k] !== 0);

type TrendArgs = { agencyId: string; scope: string[]; procedureId?: string; granularity: Granularity; from: string; to: string; start: Date; end: Date; now: Date };

/**
 * The trends of `args.agencyId`'s subtree. A few thousand counter rows: without parallel workers (on two cores their
 * start cost more than they saved, 10–14 ms against 3.5 for the province's agencies at 1M; bench/README.md).
 */
export async function trends(db: Kysely<Database>, args: TrendArgs) {
  return db.transaction().execute(async (tx) => {
    await sql`set local max_parallel_workers_per_gather = 0`.execute(tx);
    return trendsIn(tx, args);
  });
}

async function trendsIn(db: Kysely<Database>, args: TrendArgs) {
  const today = localDay(args.now);
  const trunc = args.granularity === 'week' ? sql.lit('week') : sql.lit('month');
  // Week buckets need the days; month buckets take whole months from the month rows.
  const seriesPieces: Pieces = args.granularity === 'month' ? monthPieces(args.from, args.to, today) : { months: [], plus: [{ from: args.from, to: args.to }], minus: [] };
  const series = await sql<Summed & { bucket: string; procedure_id: string; procedure_name: string }>`
    select date_trunc(${trunc}, x.day::timestamp)::date::text as bucket, x.procedure_id, max(p.name_vi) as procedure_name, ${SUMS}
    from (${pieceRows(seriesPieces, [args.agencyId], COLS, args.procedureId)}) x join procedures p on p.id = x.procedure_id
    group by 1, 2`.execute(db);
  const agencies = await sql<{ id: string; name: string }>`
    select a.id, a.name from agencies a where a.id in (${sql.join(args.scope)}) and not exists (select 1 from agencies c where c.parent_id = a.id)`.execute(db);
  const names = new Map(agencies.rows.map((a) => [a.id, a.name]));
  const byAgencyRows = names.size ? (await sql<Summed & { agency_id: string }>`
    select x.agency_id, ${SUMS} from (${pieceRows(monthPieces(args.from, args.to, today), [...names.keys()], COLS, args.procedureId)}) x
    group by 1`.execute(db)).rows : [];

  const buckets = new Map(bucketStarts(args.start, args.end, args.granularity).map((b) => [b, zero()]));
  const byProcedure = new Map<string, { id: string; name: string } & TrendCounts>();
  const total = zero();
  for (const r of series.rows) {
    const c = counts(r);
    const key = String(r.bucket).slice(0, 10);
    if (!buckets.has(key)) buckets.set(key, zero());
    const p = byProcedure.get(r.procedure_id) ?? { id: r.procedure_id, name: r.procedure_name, ...zero() };
    byProcedure.set(r.procedure_id, p);
    for (const k of TREND_KINDS) { buckets.get(key)![k] += c[k]; total[k] += c[k]; p[k] += c[k]; }
  }
  const byAgency = byAgencyRows.map((r) => ({ id: r.agency_id, name: names.get(r.agency_id)!, ...counts(r) })).filter(nonZero);
  const sorted = <T extends { name: string; received: number }>(xs: T[]) => xs.sort((a, b) => b.received - a.received || a.name.localeCompare(b.name, 'vi'));
  return {
    period: { from: args.from, to: args.to }, granularity: args.granularity, procedureId: args.procedureId ?? null,
    buckets: [...buckets.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([b, c]) => ({ start: b, ...c })),
    total, byProcedure: sorted([...byProcedure.values()].filter(nonZero)), byAgency: sorted(byAgency),
  };
}
