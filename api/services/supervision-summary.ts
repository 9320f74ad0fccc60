/**
 * `GET /api/supervision/summary`: the open dossiers of an agency subtree counted in time, due soon,
 * overdue and waiting for the applicant, by agency, procedure and step, and in total.
 *
 * An open dossier is counted once per group, in the bucket of its nearest open step (task) there: in the
 * totals and its procedure, its step of nearest due instant in the subtree; per agency, its nearest step
 * at that agency; per step, its nearest of that step (parallel steps: each at its own agency and step, once
 * in the totals). A dossier waiting for a supplement has no open step: it is counted as `paused` at its
 * handling agency (or the receiving one), step `supplement`. So the totals add up to the open dossiers.
 *
 * `supervisionSummary` reads the open-step counters (`supervision-counts.ts`);
 * `supervisionSummaryFromTasks` is the same answer from every open task row, kept as the reference
 * the tests and the benchmark compare it with.
 */
import { sql } from 'kysely';
import { agenciesWithTasksAhead, bucketOf, dueSoonBounds, RUNNING_TASK, type SupervisionDeps } from './supervision-buckets.ts';
import { summaryRowsFromCounters } from './supervision-counts.ts';
import { foldSummary, GROUPED, type SummaryRow } from './supervision-rows.ts';

/** The counts of `GET /api/supervision/summary`, from the open-step counters. */
export async function supervisionSummary(deps: SupervisionDeps, agencyId: string, scope: string[]) {
  return foldSummary(agencyId, deps.now, await summaryRowsFromCounters(deps, agencyId, scope));
}

/** The same counts from the task rows: every open task of the scope, each dossier's nearest chosen (the reference). */
export async function supervisionSummaryFromTasks(deps: SupervisionDeps, agencyId: string, scope: string[]) {
  const bucket = bucketOf(deps);
  const bounds = await dueSoonBounds(deps, await agenciesWithTasksAhead(deps, scope));
  const rows = await sql<SummaryRow>`
    with open as (
      select t.key, t.dossier_id, t.agency_id, t.procedure_id, coalesce(t.step, t.element_id) as step, t.name as step_name, t.due_at, ${bucket} as bucket
      from tasks t left join ${bounds} on b.agency_id = t.agency_id
      where ${RUNNING_TASK} and t.agency_id in (${sql.join(scope)})
    ),
    paused as (
      select d.id as dossier_id, coalesce(d.handling_agency_id, d.receiving_agency_id) as agency_id, d.procedure_id, 'supplement' as step, null as step_name, 'paused' as bucket
      from dossiers d
      where d.status = 'supplement_requested' and coalesce(d.handling_agency_id, d.receiving_agency_id) in (${sql.join(scope)})
    ),
    -- Each dossier's nearest step: in the scope, per agency and per step.
    first_in_scope as (select distinct on (dossier_id) * from open order by dossier_id, due_at nulls last, key),
    first_at_agency as (select distinct on (agency_id, dossier_id) * from open order by agency_id, dossier_id, due_at nulls last, key),
    first_of_step as (select distinct on (step, dossier_id) * from open order by step, dossier_id, due_at nulls last, key),
    by_agency as (select bucket, agency_id, count(*) as n from (select bucket, agency_id from first_at_agency union all select bucket, agency_id from paused) o group by 1, 2),
    by_procedure as (select bucket, procedure_id, count(*) as n from (select bucket, procedure_id from first_in_scope union all select bucket, procedure_id from paused) o group by 1, 2),
    -- A step's name: the greatest of its tasks' names in the bucket, every task's (as the counters' rows have it).
    by_step as (
      select o.bucket, o.step, count(*) as n, (select max(x.step_name) from open x where x.step = o.step and x.bucket = o.bucket) as step_name
      from (select bucket, step from first_of_step union all select bucket, step from paused) o group by 1, 2),
    total as (select bucket, count(*) as n from (select bucket from first_in_scope union all select bucket from paused) o group by 1)
    ${GROUPED}`.execute(deps.db);
  return foldSummary(agencyId, deps.now, rows.rows);
}
