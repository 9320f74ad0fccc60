/**
 * The grouped rows of the supervisor's summary and how they become the answer of
 * `GET /api/supervision/summary`; shared by the summary from the counters and its reference recount.
 */
import { sql } from 'kysely';
import type { Bucket, Counts } from './supervision-buckets.ts';

export interface SummaryRow {
  agency_id: string | null; procedure_id: string | null; step: string | null; bucket: Bucket; n: string | number; g: number;
  agency_name: string | null; procedure_name: string | null; step_name: string | null;
}

/**
 * The final select over the CTEs `by_agency (bucket, agency_id, n)`, `by_procedure (bucket, procedure_id,
 * n)`, `by_step (bucket, step, n, step_name)` and `total (bucket, n)`. `g` as grouping(agency, procedure,
 * step) would give (a bit per column left out: agency 4, procedure 2, step 1).
 */
export const GROUPED = sql`
    select x.agency_id, null as procedure_id, null as step, x.bucket, x.n, 3 as g, a.name as agency_name, null as procedure_name, null as step_name
    from by_agency x join agencies a on a.id = x.agency_id
    union all
    select null, x.procedure_id, null, x.bucket, x.n, 5, null, p.name_vi, null from by_procedure x join procedures p on p.id = x.procedure_id
    union all
    select null, null, x.step, x.bucket, x.n, 6, null, null, x.step_name from by_step x
    union all
    select null, null, null, x.bucket, x.n, 7, null, null, null from total x`;

const zero = (): Counts => ({ in_time: 0, due_soon: 0, overdue: 0, paused: 0 });

interface Group { key: string; name: string | null; counts: Counts }

/** The summary's answer from its grouped rows. */
export function foldSummary(agencyId: string, now: Date, rows: SummaryRow[]) {
  const totals = zero();
  const groups = { agency: new Map<string, Group>(), procedure: new Map<string, Group>(), step: new Map<string, Group>() };
  // A step's name: the greatest of its tasks' names over every bucket (steps of several procedures may
  // share a key under different names; taking the first row's would depend on the rows' order).
  const named = new Map<Group, string | null>();
  const add = (map: Map<string, Group>, key: string, name: string | null, b: Bucket, n: number) => {
    if (!map.has(key)) map.set(key, { key, name: name ?? key, counts: zero() });
    const group = map.get(key)!;
    group.counts[b] += n;
    const best = named.get(group) ?? null;
    if (name !== null && (best === null || name > best)) { named.set(group, name); group.name = name; }
  };
  for (const r of rows) {
    const n = Number(r.n);
    const g = Number(r.g);
    if (g === 7) totals[r.bucket] += n;
    else if (g === 3) add(groups.agency, r.agency_id!, r.agency_name, r.bucket, n);
    else if (g === 5) add(groups.procedure, r.procedure_id!, r.procedure_name, r.bucket, n);
    else if (g === 6) add(groups.step, r.step!, r.step === 'supplement' ? null : r.step_name, r.bucket, n);
  }
  const list = (m: Map<string, Group>) =>
    [...m.values()].sort((a, b) => b.counts.overdue - a.counts.overdue || (a.name ?? '').localeCompare(b.name ?? '', 'vi') || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map((x) => ({ id: x.key, name: x.name, ...x.counts }));
  return { agencyId, asOf: now.toISOString(), totals, byAgency: list(groups.agency), byProcedure: list(groups.procedure), byStep: list(groups.step) };
}
