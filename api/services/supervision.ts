/**
 * The supervisor's live view: the summary's counts (`supervision-summary.ts`), the overdue steps, most
 * late first, with who holds each (one paged query), the dossiers waiting for the applicant and the
 * heatmap of a procedure's process.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { AuthUser } from '../plugins/auth.ts';
import { agencySubtree } from './agencies.ts';
import { RUNNING_TASK, type SupervisionDeps } from './supervision-buckets.ts';

export { BUCKETS, type Bucket, type Counts, type SupervisionDeps } from './supervision-buckets.ts';
export { supervisionSummary } from './supervision-summary.ts';

type Db = Kysely<Database>;

/** The agencies the request looks at: `agency` (default the user's own) and below; 404 outside the user's subtree. */
export async function scopeOf(db: Db, user: AuthUser, agency: string | undefined): Promise<{ agencyId: string; scope: string[] }> {
  const own = await agencySubtree(db, user.agencyId);
  const agencyId = agency ?? user.agencyId;
  if (!own.includes(agencyId)) throw new AppError('NOT_FOUND');
  return { agencyId, scope: agencyId === user.agencyId ? own : await agencySubtree(db, agencyId) };
}

/** A page of the overdue open steps of the scope, most late first, with who holds each and since when. */
export async function overdueSteps(deps: SupervisionDeps, scope: string[], page: number, pageSize: number) {
  const where = sql<boolean>`${RUNNING_TASK} and t.due_at < ${deps.now} and t.agency_id in (${sql.join(scope)})`;
  const [{ total }] = (await sql<{ total: string | number }>`select count(*) as total from tasks t where ${where}`.execute(deps.db)).rows as [{ total: string | number }];
  const rows = await sql<{ key: string; step: string | null; name: string | null; due_at: Date; created_at: Date; agency_id: string; agency_name: string; candidate_groups: string[];
    user_id: string | null; user_name: string | null; username: string | null; code: string; applicant_name: string; procedure_id: string; procedure_name: string; dossier_due_at: Date | null }>`
    select t.key, t.step, t.name, t.due_at, t.created_at, t.agency_id, a.name as agency_name, t.candidate_groups,
      u.id as user_id, u.full_name as user_name, u.username, d.code, d.applicant_name, d.procedure_id, p.name_vi as procedure_name, d.due_at as dossier_due_at
    from tasks t join dossiers d on d.id = t.dossier_id join procedures p on p.id = d.procedure_id
      join agencies a on a.id = t.agency_id left join users u on u.id = t.assignee_id
    where ${where}
    order by t.due_at asc, t.key asc limit ${pageSize} offset ${(page - 1) * pageSize}`.execute(deps.db);
  const items = rows.rows.map((r) => ({
    taskKey: r.key, step: r.step, stepName: r.name, dueAt: r.due_at.toISOString(), lateMs: deps.now.getTime() - r.due_at.getTime(),
    since: r.created_at.toISOString(), agencyId: r.agency_id, agencyName: r.agency_name, candidateGroups: r.candidate_groups,
    holder: r.user_id ? { id: r.user_id, fullName: r.user_name!, username: r.username! } : null,
    dossier: { code: r.code, applicantName: r.applicant_name, procedureId: r.procedure_id, procedureName: r.procedure_name, dueAt: r.dossier_due_at?.toISOString() ?? null },
  }));
  return { items, total: Number(total), page, pageSize };
}

/** A page of the dossiers of the scope waiting for the applicant's supplement, longest waiting first. */
export async function pausedDossiers(deps: SupervisionDeps, scope: string[], page: number, pageSize: number) {
  const where = sql<boolean>`d.status = 'supplement_requested' and coalesce(d.handling_agency_id, d.receiving_agency_id) in (${sql.join(scope)})`;
  const [{ total }] = (await sql<{ total: string | number }>`select count(*) as total from dossiers d where ${where}`.execute(deps.db)).rows as [{ total: string | number }];
  const rows = await sql<{ code: string; applicant_name: string; procedure_id: string; procedure_name: string; agency_name: string; since: Date | null }>`
    select d.code, d.applicant_name, d.procedure_id, p.name_vi as procedure_name, a.name as agency_name,
      (select max(h.at) from dossier_history h where h.dossier_id = d.id and h.to_status = 'supplement_requested') as since
    from dossiers d join procedures p on p.id = d.procedure_id join agencies a on a.id = coalesce(d.handling_agency_id, d.receiving_agency_id)
    where ${where}
    order by since asc nulls first, d.code asc limit ${pageSize} offset ${(page - 1) * pageSize}`.execute(deps.db);
  const items = rows.rows.map((r) => ({ code: r.code, applicantName: r.applicant_name, procedureId: r.procedure_id, procedureName: r.procedure_name, agencyName: r.agency_name, since: r.since ? new Date(r.since).toISOString() : null }));
  return { items, total: Number(total), page, pageSize };
}

/**
 * The heatmap of a procedure's process: the diagram of `version` (default the latest) and, per
 * element, the dossiers of the scope waiting there and how many of them are overdue (one grouped
 * query over the open tasks). Tasks do not record their process version, so the counts are over
 * every version of the procedure; an element missing from the drawn version is still listed.
 */
export async function heatmap(deps: SupervisionDeps, scope: string[], procedureId: string, version: number | undefined) {
  let q = deps.db.selectFrom('process_versions').select(['version', 'xml']).where('procedure_id', '=', procedureId);
  if (version !== undefined) q = q.where('version', '=', version);
  const pv = await q.orderBy('version', 'desc').limit(1).executeTakeFirst();
  if (!pv) throw new AppError('NOT_FOUND');
  const versions = (await deps.db.selectFrom('process_versions').select('version').where('procedure_id', '=', procedureId).orderBy('version', 'desc').execute()).map((r) => r.version);
  const rows = await sql<{ element_id: string; name: string | null; waiting: string | number; overdue: string | number }>`
    select t.element_id, max(t.name) as name, count(distinct t.dossier_id) as waiting,
      count(distinct case when t.due_at < ${deps.now} then t.dossier_id end) as overdue
    from tasks t
    where ${RUNNING_TASK} and t.agency_id in (${sql.join(scope)}) and t.procedure_id = ${procedureId}
    group by t.element_id order by t.element_id`.execute(deps.db);
  return {
    procedureId, version: pv.version, versions, xml: pv.xml, asOf: deps.now.toISOString(),
    elements: rows.rows.map((r) => ({ elementId: r.element_id, name: r.name, waiting: Number(r.waiting), overdue: Number(r.overdue) })),
  };
}

/** A page of the dossiers of the scope waiting at `elementId` of a procedure's process, most late first, with who holds each. */
export async function heatmapItems(deps: SupervisionDeps, scope: string[], procedureId: string, elementId: string, page: number, pageSize: number) {
  const where = sql<boolean>`${RUNNING_TASK} and t.agency_id in (${sql.join(scope)}) and t.procedure_id = ${procedureId} and t.element_id = ${elementId}`;
  const [{ total }] = (await sql<{ total: string | number }>`select count(*) as total from tasks t where ${where}`.execute(deps.db)).rows as [{ total: string | number }];
  const rows = await sql<{ key: string; name: string | null; due_at: Date | null; sla_state: string | null; candidate_groups: string[]; agency_name: string; user_id: string | null; user_name: string | null; username: string | null; code: string; applicant_name: string }>`
    select t.key, t.name, t.due_at, t.sla_state, t.candidate_groups, a.name as agency_name,
      u.id as user_id, u.full_name as user_name, u.username, d.code, d.applicant_name
    from tasks t join dossiers d on d.id = t.dossier_id join agencies a on a.id = t.agency_id left join users u on u.id = t.assignee_id
    where ${where}
    order by t.due_at asc nulls last, t.key asc limit ${pageSize} offset ${(page - 1) * pageSize}`.execute(deps.db);
  const items = rows.rows.map((r) => ({
    taskKey: r.key, stepName: r.name, code: r.code, applicantName: r.applicant_name, agencyName: r.agency_name, candidateGroups: r.candidate_groups,
    dueAt: r.due_at ? new Date(r.due_at).toISOString() : null,
    sla: r.due_at && new Date(r.due_at) < deps.now ? 'overdue' : (r.sla_state ?? 'in_time'),
    holder: r.user_id ? { id: r.user_id, fullName: r.user_name!, username: r.username! } : null,
  }));
  return { items, total: Number(total), page, pageSize };
}
