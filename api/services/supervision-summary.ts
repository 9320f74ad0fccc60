/**
 * `GET /api/supervision/summary`: the open dossiers of an agency subtree counted in time, due soon,
 * overdue and waiting for the applicant, by agency, procedure and step, and in total.
 *
 * An open dossier is counted at each of its open steps (tasks), by the step's deadline; a dossier
 * waiting for a supplement has no open step: it is counted as `paused` at its handling agency (or the
 * receiving one), step `supplement`. Every count is of distinct dossiers.
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
  return foldSummary(agencyId, deps.now, await summaryRowsFromCounters(deps, scope));
}

/** The same counts from the task rows: one pass over every open task of the scope (the reference). */
export async function supervisionSummaryFromTasks(deps: SupervisionDeps, agencyId: string, scope: string[]) {
  const bucket = bucketOf(deps);
  const bounds = await dueSoonBounds(deps, await agenciesWithTasksAhead(deps, scope));
  const rows = await sql<SummaryRow>`
    with open as (
      select t.dossier_id, t.agency_id, t.procedure_id, coalesce(t.step, t.element_id) as step, t.name as step_name, ${bucket} as bucket
      from tasks t left join ${bounds} on b.agency_id = t.agency_id
      where ${RUNNING_TASK} and t.agency_id in (${sql.join(scope)})
      union all
      select d.id, coalesce(d.handling_agency_id, d.receiving_agency_id), d.procedure_id, 'supplement', null, 'paused'
      from dossiers d
      where d.status = 'supplement_requested' and coalesce(d.handling_agency_id, d.receiving_agency_id) in (${sql.join(scope)})
    ),
    -- Distinct dossiers per group, each grouping hashed apart (group by, not distinct: the planner sorts for
    -- distinct and for grouping sets with count(distinct), every open step each time).
    by_agency as (select o.bucket, o.agency_id, count(*) as n from (select bucket, agency_id, dossier_id from open group by 1, 2, 3) o group by 1, 2),
    by_procedure as (select o.bucket, o.procedure_id, count(*) as n from (select bucket, procedure_id, dossier_id from open group by 1, 2, 3) o group by 1, 2),
    by_step as (select o.bucket, o.step, count(*) as n, max(o.step_name) as step_name from (select bucket, step, dossier_id, max(step_name) as step_name from open group by 1, 2, 3) o group by 1, 2),
    total as (select o.bucket, count(*) as n from (select bucket, dossier_id from open group by 1, 2) o group by 1)
    ${GROUPED}`.execute(deps.db);
  return foldSummary(agencyId, deps.now, rows.rows);
}
