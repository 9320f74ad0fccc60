/**
 * The rows of the supervisor's summary from the open-step counters (migration 2026120801), not from
 * every open task: at 1M dossiers a province has ~100k open tasks and about a thousand counter rows
 * (`open_step_counts` plus the deltas written since the last rollup, `open_step_deltas`).
 *
 * - A counter row (agency, procedure, step, step name, due slot = the UTC hour of `due_at`, or `-infinity`
 *   once the rollup folded the hours ended more than a day before, due-soon flag) falls wholly in one bucket: overdue when its hour ended by `now`; in time without a due date;
 *   with the `workingHours` policy due soon when its hour ends by the agency's due-soon bound and in
 *   time when it starts after it; with `fraction`, the SLA sweep's flag once the hour starts at or after
 *   `now`. Any other row straddles `now` or a bound ("mixed"), at most two hours per agency: the hour of
 *   `now` has its tasks read one by one (index `tasks_open_idx (agency_id, due_at)`); the hour of the bound
 *   counts due soon less its tasks after the bound, the only ones read (the steps just received sit before it).
 * - Counters count tasks; the summary counts each dossier once per group, at its nearest step there. Only a
 *   dossier with more than one running open step (~2% at 1M) is in the counters more than once: its tasks
 *   beyond the first, per subtree, agency and step, are kept in `open_step_excess` (migration 2026121602)
 *   and taken off, each in its own bucket — no task of theirs is read.
 * - Dossiers waiting for the applicant are counted from `dossiers`, as before (one row each).
 * Equal to {@link supervisionSummaryFromTasks}, the query over the task rows (checked by
 * test/services/open-step-counts.test.ts).
 */
import { sql, type RawBuilder } from 'kysely';
import { bucketOf, dueSoonBounds, RUNNING_TASK, type SupervisionDeps } from './supervision-buckets.ts';
import { GROUPED, type SummaryRow } from './supervision-rows.ts';

const HOUR = sql`interval '1 hour'`;

/** The bucket of a counter row `c` (null: mixed, read task by task). */
function counterBucket(deps: SupervisionDeps): RawBuilder<string | null> {
  const ahead = deps.policy.dueSoon.kind === 'workingHours'
    ? sql`when c.due_slot > b.bound then 'in_time' when c.due_slot + ${HOUR} <= b.bound then 'due_soon'`
    : sql`when c.due_soon then 'due_soon' else 'in_time'`;
  return sql`case when c.due_slot = 'infinity'::timestamptz then 'in_time' when c.due_slot + ${HOUR} <= ${deps.now} then 'overdue'
    when c.due_slot < ${deps.now} then null ${ahead} end`;
}

/** The summary's grouped rows (same shape as the query over the task rows), from the counters. */
export async function summaryRowsFromCounters(deps: SupervisionDeps, agencyId: string, scope: string[]): Promise<SummaryRow[]> {
  const inScope = sql`(${sql.join(scope)})`;
  const ahead = deps.policy.dueSoon.kind !== 'workingHours' ? [] : (await sql<{ agency_id: string }>`
    select agency_id from open_step_counts where agency_id in ${inScope} and due_slot <> 'infinity'::timestamptz and due_slot + ${HOUR} > ${deps.now}
    union select agency_id from open_step_deltas where agency_id in ${inScope} and due_slot <> 'infinity'::timestamptz and due_slot + ${HOUR} > ${deps.now}`.execute(deps.db)).rows.map((r) => r.agency_id);
  const bounds = await dueSoonBounds(deps, ahead);
  const bucket = bucketOf(deps);
  const rows = await sql<SummaryRow>`
    with k as (
      select agency_id, procedure_id, step, step_name, due_slot, due_soon, sum(n) as n from (
        -- Every ended hour as the rollup folds the old ones (-infinity, not due soon): a delta of a folded hour sums with its row.
        select agency_id, procedure_id, step, step_name,
          case when due_slot + ${HOUR} <= ${deps.now} then '-infinity'::timestamptz else due_slot end as due_slot,
          due_soon and due_slot + ${HOUR} > ${deps.now} as due_soon, n
        from (
          select agency_id, procedure_id, step, step_name, due_slot, due_soon, n from open_step_counts where agency_id in ${inScope}
          union all
          select agency_id, procedure_id, step, step_name, due_slot, due_soon, n from open_step_deltas where agency_id in ${inScope}) y) x
      group by 1, 2, 3, 4, 5, 6 having sum(n) > 0
    ),
    c as (
      select c.agency_id, c.procedure_id, c.step, c.step_name, c.due_slot, c.n, ${counterBucket(deps)} as bucket, b.bound
      from k c left join ${bounds} on b.agency_id = c.agency_id
    ),
    -- A mixed hour that straddles now: its tasks read by index (tasks_open_idx); lateral and not flattened (offset 0).
    mixed as (select distinct agency_id, due_slot from c where bucket is null and due_slot < ${deps.now}),
    mixed_tasks as materialized (
      select t.* from mixed m cross join lateral (select t.agency_id, t.procedure_id, t.step, t.element_id, t.name, t.due_at, t.sla_state from tasks t
        where t.agency_id = m.agency_id and t.state = 'CREATED' and t.due_at >= m.due_slot and t.due_at < m.due_slot + ${HOUR} and ${RUNNING_TASK} offset 0) t
    ),
    -- A mixed hour that straddles an agency's due-soon bound (it starts at or after now): counted due soon, less
    -- its tasks after the bound, the only ones read. The steps received in the last hour whose time equals the
    -- due-soon threshold all sit before it; reading them made the summary's cost grow with the reception rate.
    at_bound as (select distinct agency_id, due_slot, bound from c where bucket is null and due_slot >= ${deps.now}),
    after_bound as materialized (
      select t.agency_id, t.procedure_id, coalesce(t.step, t.element_id) as step, t.name, count(*) as n
      from at_bound m cross join lateral (select t.agency_id, t.procedure_id, t.step, t.element_id, t.name from tasks t
        where t.agency_id = m.agency_id and t.state = 'CREATED' and t.due_at > m.bound and t.due_at < m.due_slot + ${HOUR} and ${RUNNING_TASK} offset 0) t
      group by 1, 2, 3, 4
    ),
    -- Summed once per agency, procedure, step, name and bucket: the four groupings below read these few rows.
    counted as materialized (select agency_id, procedure_id, step, step_name, bucket, sum(n) as n from (
      select agency_id, procedure_id, step, step_name, n, coalesce(bucket, 'due_soon') as bucket from c
      where bucket is not null or due_slot >= ${deps.now}
      union all
      select t.agency_id, t.procedure_id, coalesce(t.step, t.element_id), t.name, 1, ${bucket}
      from mixed_tasks t left join ${bounds} on b.agency_id = t.agency_id
      union all
      select t.agency_id, t.procedure_id, t.step, t.name, x.sign * t.n, x.bucket
      from after_bound t cross join (values (1, 'in_time'), (-1, 'due_soon')) as x(sign, bucket)
      union all
      select coalesce(d.handling_agency_id, d.receiving_agency_id), d.procedure_id, 'supplement', null, count(*), 'paused'
      from dossiers d
      where d.status = 'supplement_requested' and coalesce(d.handling_agency_id, d.receiving_agency_id) in ${inScope}
      group by 1, 2) x
      group by 1, 2, 3, 4, 5
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

/**
 * Folds the deltas written since the last rollup into the counters (the SLA sweep calls it, with its clock's
 * `now`), then the rows of hours ended more than a day before `now` into one overdue row per step (migration
 * 2026121502); the number of counter rows written by the deltas.
 */
export async function rollupOpenStepCounts(db: SupervisionDeps['db'], now?: Date): Promise<number> {
  const moved = Number((await sql<{ n: number }>`select open_step_counts_rollup() as n`.execute(db)).rows[0]!.n);
  if (now) await sql`select open_step_counts_fold(${now}::timestamptz)`.execute(db);
  return moved;
}
