/**
 * The supervisor's live view: open dossiers of an agency subtree counted in time, due soon,
 * overdue and waiting for the applicant, by agency, procedure and step (one grouped query), and the
 * overdue steps, most late first, with who holds each (one paged query).
 *
 * An open dossier is counted at each of its open steps (tasks), by the step's deadline; a dossier
 * waiting for a supplement has no open step: it is counted as `paused` at its handling agency (or the
 * receiving one), step `supplement`. Totals count distinct dossiers.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/database.ts';
import { dueSoonBound, type SlaPolicy } from '../domain/sla/index.ts';
import { AppError } from '../errors.ts';
import type { AuthUser } from '../plugins/auth.ts';
import { agencySubtree } from './agencies.ts';
import type { CalendarService } from './calendars.ts';

type Db = Kysely<Database>;

export interface SupervisionDeps {
  db: Db;
  calendars: CalendarService;
  policy: SlaPolicy;
  now: Date;
}

export const BUCKETS = ['in_time', 'due_soon', 'overdue', 'paused'] as const;
export type Bucket = (typeof BUCKETS)[number];
export type Counts = Record<Bucket, number>;

/** Statuses whose dossier has no open deadline (closed, or waiting for the applicant). */
const NOT_RUNNING = ['refused', 'stopped', 'returned', 'supplement_requested'];

/** The agencies the request looks at: `agency` (default the user's own) and below; 404 outside the user's subtree. */
export async function scopeOf(db: Db, user: AuthUser, agency: string | undefined): Promise<{ agencyId: string; scope: string[] }> {
  const own = await agencySubtree(db, user.agencyId);
  const agencyId = agency ?? user.agencyId;
  if (!own.includes(agencyId)) throw new AppError('NOT_FOUND');
  return { agencyId, scope: agencyId === user.agencyId ? own : await agencySubtree(db, agencyId) };
}

/**
 * The SQL bucket of an open task (`t.*`, with `b.bound` joined by {@link dueSoonBounds}): overdue after
 * its due instant, due soon within the threshold of its agency's calendar.
 */
function bucketOf(deps: SupervisionDeps): RawBuilder<Bucket> {
  const dueSoon = deps.policy.dueSoon.kind === 'workingHours' ? sql`t.due_at <= b.bound` : sql`t.sla_state = 'due_soon'`;
  return sql<Bucket>`case when t.due_at < ${deps.now} then 'overdue' when t.due_at is not null and ${dueSoon} then 'due_soon' else 'in_time' end`;
}

/** `(values (agency, bound), …) as b(agency_id, bound)`: the due-soon bound of each agency of the scope with open tasks not yet due. */
async function dueSoonBounds(deps: SupervisionDeps, scope: string[]): Promise<RawBuilder<unknown>> {
  const { db, now, policy } = deps;
  const pairs: RawBuilder<unknown>[] = [];
  if (policy.dueSoon.kind === 'workingHours') {
    const agencies = await db.selectFrom('tasks').select('agency_id').distinct()
      .where('state', '=', 'CREATED').where('agency_id', 'in', scope).where('due_at', '>=', now).execute();
    for (const { agency_id: id } of agencies) pairs.push(sql`(${id}::text, ${dueSoonBound(await deps.calendars.forAgency(id!), now, policy.dueSoon)!}::timestamptz)`);
  }
  if (!pairs.length) pairs.push(sql`(null::text, null::timestamptz)`);
  return sql`(values ${sql.join(pairs)}) as b(agency_id, bound)`;
}

/** Open tasks of running dossiers (the dossier's status and procedure are on the task: migration 2026120704). */
const RUNNING_TASK = sql<boolean>`t.state = 'CREATED' and t.procedure_id is not null and t.dossier_status not in (${sql.join(NOT_RUNNING)})`;

const zero = (): Counts => ({ in_time: 0, due_soon: 0, overdue: 0, paused: 0 });

interface Group<K extends string> { counts: Counts; key: K }

/** The counts of `GET /api/supervision/summary`. */
export async function supervisionSummary(deps: SupervisionDeps, agencyId: string, scope: string[]) {
  const bucket = bucketOf(deps);
  const bounds = await dueSoonBounds(deps, scope);
  const rows = await sql<{ agency_id: string | null; procedure_id: string | null; step: string | null; bucket: Bucket; n: string | number; g: number; agency_name: string | null; procedure_name: string | null; step_name: string | null }>`
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
    -- g: as grouping(agency, procedure, step) would give (a bit per column left out: agency 4, procedure 2, step 1).
    select x.agency_id, null as procedure_id, null as step, x.bucket, x.n, 3 as g, a.name as agency_name, null as procedure_name, null as step_name
    from by_agency x join agencies a on a.id = x.agency_id
    union all
    select null, x.procedure_id, null, x.bucket, x.n, 5, null, p.name_vi, null from by_procedure x join procedures p on p.id = x.procedure_id
    union all
    select null, null, x.step, x.bucket, x.n, 6, null, null, x.step_name from by_step x
    union all
    select null, null, null, x.bucket, x.n, 7, null, null, null from total x`.execute(deps.db);
  const totals = zero();
  const groups = { agency: new Map<string, Group<string> & { name: string }>(), procedure: new Map<string, Group<string> & { name: string }>(), step: new Map<string, Group<string> & { name: string | null }>() };
  const add = <M extends Map<string, Group<string> & { name: string | null }>>(map: M, key: string, name: string | null, b: Bucket, n: number) => {
    if (!map.has(key)) map.set(key, { key, name: name ?? key, counts: zero() } as never);
    map.get(key)!.counts[b] += n;
  };
  for (const r of rows.rows) {
    const n = Number(r.n);
    // grouping(): a bit set per column left out of the set (agency 4, procedure 2, step 1).
    const g = Number(r.g);
    if (g === 7) totals[r.bucket] += n;
    else if (g === 3) add(groups.agency, r.agency_id!, r.agency_name, r.bucket, n);
    else if (g === 5) add(groups.procedure, r.procedure_id!, r.procedure_name, r.bucket, n);
    else if (g === 6) add(groups.step, r.step!, r.step === 'supplement' ? null : r.step_name, r.bucket, n);
  }
  const list = <T extends { key: string; name: string | null; counts: Counts }>(m: Map<string, T>) =>
    [...m.values()].sort((a, b) => b.counts.overdue - a.counts.overdue || (a.name ?? '').localeCompare(b.name ?? '', 'vi'))
      .map((x) => ({ id: x.key, name: x.name, ...x.counts }));
  return { agencyId, asOf: deps.now.toISOString(), totals, byAgency: list(groups.agency), byProcedure: list(groups.procedure), byStep: list(groups.step) };
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
