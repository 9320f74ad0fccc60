/**
 * Trends for the supervisor: per local (UTC+7) week (Monday first) or month, the dossiers received and
 * those resolved early, on time and late (Decree 118, as in report II.06a: against the due date in
 * force), over an agency subtree and optionally one procedure; with the period's totals by procedure
 * and by agency (the handling agency, else the receiving one). One grouped query.
 * Dossiers refused at reception or stopped are not counted; a dossier is the scope's when one of its
 * agencies is in the subtree.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';

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

export async function trends(db: Kysely<Database>, args: { scope: string[]; procedureId?: string; granularity: Granularity; from: string; to: string; start: Date; end: Date }) {
  const { start, end } = args;
  const trunc = args.granularity === 'week' ? sql.lit('week') : sql.lit('month');
  const bucket = (col: string) => sql`date_trunc(${trunc}, (${sql.ref(col)} at time zone 'UTC') + interval '7 hours')::date::text`;
  const localDay = (col: string) => sql`((${sql.ref(col)} at time zone 'UTC') + interval '7 hours')::date`;
  const procedure = args.procedureId ? sql`and d.procedure_id = ${args.procedureId}` : sql``;
  const rows = await sql<{ bucket: string; kind: TrendKind; procedure_id: string; procedure_name: string; agency_id: string; agency_name: string; n: string | number }>`
    with sel as (
      select d.procedure_id, d.handling_agency_id, d.receiving_agency_id, d.received_at, d.finished_at, d.due_at from dossiers d
      where d.status not in ('refused', 'stopped') ${procedure}
        and ((d.received_at >= ${start} and d.received_at < ${end}) or (d.finished_at >= ${start} and d.finished_at < ${end}))
        and exists (select 1 from dossier_agencies da where da.dossier_id = d.id and da.agency_id in (${sql.join(args.scope)}))
    ), ev as (
      select s.procedure_id, coalesce(s.handling_agency_id, s.receiving_agency_id) as agency_id, ${bucket('s.received_at')} as bucket, 'received' as kind
      from sel s where s.received_at >= ${start} and s.received_at < ${end}
      union all
      select s.procedure_id, coalesce(s.handling_agency_id, s.receiving_agency_id), ${bucket('s.finished_at')},
        case when s.due_at is not null and s.finished_at > s.due_at then 'late'
             when s.due_at is not null and ${localDay('s.finished_at')} < ${localDay('s.due_at')} then 'early'
             else 'onTime' end
      from sel s where s.finished_at >= ${start} and s.finished_at < ${end}
    )
    select ev.bucket, ev.kind, ev.procedure_id, max(p.name_vi) as procedure_name, ev.agency_id, max(a.name) as agency_name, count(*) as n
    from ev join procedures p on p.id = ev.procedure_id join agencies a on a.id = ev.agency_id
    group by ev.bucket, ev.kind, ev.procedure_id, ev.agency_id`.execute(db);
  const series = new Map(bucketStarts(start, end, args.granularity).map((b) => [b, zero()]));
  const byProcedure = new Map<string, { id: string; name: string } & TrendCounts>();
  const byAgency = new Map<string, { id: string; name: string } & TrendCounts>();
  const total = zero();
  for (const r of rows.rows) {
    const n = Number(r.n);
    const key = String(r.bucket).slice(0, 10);
    if (!series.has(key)) series.set(key, zero());
    series.get(key)![r.kind] += n;
    total[r.kind] += n;
    if (!byProcedure.has(r.procedure_id)) byProcedure.set(r.procedure_id, { id: r.procedure_id, name: r.procedure_name, ...zero() });
    byProcedure.get(r.procedure_id)![r.kind] += n;
    if (!byAgency.has(r.agency_id)) byAgency.set(r.agency_id, { id: r.agency_id, name: r.agency_name, ...zero() });
    byAgency.get(r.agency_id)![r.kind] += n;
  }
  const sorted = <T extends { name: string; received: number }>(m: Map<string, T>) => [...m.values()].sort((a, b) => b.received - a.received || a.name.localeCompare(b.name, 'vi'));
  return {
    period: { from: args.from, to: args.to }, granularity: args.granularity, procedureId: args.procedureId ?? null,
    buckets: [...series.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([b, c]) => ({ start: b, ...c })),
    total, byProcedure: sorted(byProcedure), byAgency: sorted(byAgency),
  };
}
