/**
 * The rows of the supervisor's summary from the open-step counters (migrations 2026120801, 2026121801), not
 * from every open task: at 1M dossiers a province has ~100k open tasks and about a thousand counter rows
 * (`open_step_counts` plus the deltas written since the last rollup, `open_step_deltas`).
 *
 * - A counter row (agency, procedure, step, step name, SLA class) counts its tasks in the bucket its class
 *   says (`none`, no due date, and `in_time`: in time). The class is the SLA sweep's `sla_state`, right when
 *   the sweep wrote it; since then a task may have crossed a line. Only the tasks whose class may differ
 *   from their bucket now are read (each by a partial index on `due_at`), moved out of their class's
 *   bucket and into their own: the ones not classified yet (`unset`: new, or their due date moved); in
 *   time or due soon, now past due; in time, now within their agency's due-soon bound; due soon, beyond it
 *   (a bound moved back); overdue, not yet due (a clock set back): `open_steps_maybe_stale`, with plain index
 *   scans (migration 2026121801). With the sweep every minute, about a minute of due instants, whatever the
 *   number of open tasks.
 * - Counters count tasks; the summary counts each dossier once per group, at its nearest step there. Only a
 *   dossier with more than one running open step (~2% at 1M) is in the counters more than once: its tasks
 *   beyond the first, per subtree, agency and step, are kept in `open_step_excess` (migration 2026121602)
 *   and taken off, each in its own bucket — no task of theirs is read.
 * - Dossiers waiting for the applicant are counted from `dossiers`, as before (one row each).
 * Equal to {@link supervisionSummaryFromTasks}, the query over the task rows (checked by
 * test/services/open-step-counts.test.ts), whatever the stored classes.
 */
import { sql } from 'kysely';
import { bucketOf, dueSoonBounds, RUNNING_TASK, type SupervisionDeps } from './supervision-buckets.ts';
import { GROUPED, type SummaryRow } from './supervision-rows.ts';

/** The bucket of a stored class `x.sla_class` (null: `unset`, every such task read). */
const CLASS_BUCKET = sql`case x.sla_class when 'unset' then null when 'none' then 'in_time' else x.sla_class end`;

/** The summary's grouped rows (same shape as the query over the task rows), from the counters. */
export async function summaryRowsFromCounters(deps: SupervisionDeps, agencyId: string, scope: string[]): Promise<SummaryRow[]> {
  const inScope = sql`(${sql.join(scope)})`;
  // The agencies with dated open steps: their due-soon bounds.
  const dated = deps.policy.dueSoon.kind !== 'workingHours' ? [] : (await sql<{ agency_id: string }>`
    select agency_id from open_step_counts where agency_id in ${inScope} and sla_class <> 'none'
    union select agency_id from open_step_deltas where agency_id in ${inScope} and sla_class <> 'none'`.execute(deps.db)).rows.map((r) => r.agency_id);
  const bounds = await dueSoonBounds(deps, dated);
  const bucket = bucketOf(deps);
  const { now } = deps;
  const rows = await sql<SummaryRow>`
    with k as (
      select agency_id, procedure_id, step, step_name, sla_class, sum(n) as n from (
        select agency_id, procedure_id, step, step_name, sla_class, n from open_step_counts where agency_id in ${inScope}
        union all
        select agency_id, procedure_id, step, step_name, sla_class, n from open_step_deltas where agency_id in ${inScope}) x
      group by 1, 2, 3, 4, 5 having sum(n) > 0
    ),
    lim as (select min(bound) as lo, max(bound) as hi from ${bounds}),
    -- The open steps whose class may differ from their bucket now: five ranges, each by its partial index (migration 2026121801).
    maybe as materialized (select * from open_steps_maybe_stale(${now}::timestamptz, (select lo from lim), (select hi from lim))),
    moved as materialized (
      select t.agency_id, t.procedure_id, coalesce(t.step, t.element_id) as step, t.name, t.sla_class, ${bucket} as bucket
      from maybe t left join ${bounds} on b.agency_id = t.agency_id
      where ${RUNNING_TASK} and t.agency_id in ${inScope}
    ),
    -- Summed once per agency, procedure, step, name and bucket: the four groupings below read these few rows.
    counted as materialized (select agency_id, procedure_id, step, step_name, bucket, sum(n) as n from (
      select agency_id, procedure_id, step, step_name, n, ${CLASS_BUCKET} as bucket from k x where sla_class <> 'unset'
      union all
      select agency_id, procedure_id, step, name, -1, ${CLASS_BUCKET} from moved x where sla_class <> 'unset' and ${CLASS_BUCKET} <> bucket
      union all
      select agency_id, procedure_id, step, name, 1, bucket from moved x where sla_class = 'unset' or ${CLASS_BUCKET} <> bucket
      union all
      select coalesce(d.handling_agency_id, d.receiving_agency_id), d.procedure_id, 'supplement', null, count(*), 'paused'
      from dossiers d
      where d.status = 'supplement_requested' and coalesce(d.handling_agency_id, d.receiving_agency_id) in ${inScope}
      group by 1, 2) x
      group by 1, 2, 3, 4, 5 having sum(n) > 0
    ),
    -- The running tasks beyond the first of their dossier, per grouping (migration 2026121602): taken off the counts.
    excess as materialized (
      select t.kind, t.agency_id, t.procedure_id, t.step, ${bucket} as bucket, count(*) as n
      from (select e.*, case when e.due_soon then 'due_soon' end as sla_state from open_step_excess e
        where (e.kind = 'agency' and e.root_id in ${inScope}) or (e.kind <> 'agency' and e.root_id = ${agencyId})) t
      left join ${bounds} on b.agency_id = t.agency_id
      group by 1, 2, 3, 4, 5
    ),
    by_agency as (
      select bucket, agency_id, sum(n) as n from (
        select bucket, agency_id, n from counted union all select bucket, agency_id, -n from excess where kind = 'agency') x
      group by 1, 2 having sum(n) > 0),
    by_procedure as (
      select bucket, procedure_id, sum(n) as n from (
        select bucket, procedure_id, n from counted union all select bucket, procedure_id, -n from excess where kind = 'dossier') x
      group by 1, 2 having sum(n) > 0),
    by_step as (
      select bucket, step, sum(n) as n, max(step_name) as step_name from (
        select bucket, step, n, step_name from counted union all select bucket, step, -n, null from excess where kind = 'step') x
      group by 1, 2 having sum(n) > 0),
    total as (
      select bucket, sum(n) as n from (
        select bucket, n from counted union all select bucket, -n from excess where kind = 'dossier') x
      group by 1 having sum(n) > 0)
    ${GROUPED}`.execute(deps.db);
  return rows.rows;
}

/** Folds the deltas written since the last rollup into the counters (the SLA sweep calls it); the number of counter rows written. */
export async function rollupOpenStepCounts(db: SupervisionDeps['db']): Promise<number> {
  return Number((await sql<{ n: number }>`select open_step_counts_rollup() as n`.execute(db)).rows[0]!.n);
}
