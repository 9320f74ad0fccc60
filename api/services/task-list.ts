/**
 * The task list as the API shows it: one query per page joining each task's dossier, procedure
 * and assignee (the count is a second query, capped at TOTAL_CAP rows), the filters of
 * `GET /api/tasks`, and the view of one task. Calendars are read once per agency per request.
 */
import { sql, type AliasedSelectQueryBuilder, type Kysely, type Selectable } from 'kysely';
import type { Database, Task } from '../db/database.ts';
import type { Calendar } from '../domain/calendar/index.ts';
import { classifyOpen, dueSoonBound, type SlaPolicy } from '../domain/sla/index.ts';
import { AppError, type Lang } from '../errors.ts';
import { agencySubtree } from './agencies.ts';
import type { AuthUser } from '../plugins/auth.ts';
import type { CalendarService } from './calendars.ts';
import { assertWithinWindow, LIST_WINDOW, pageOffset, windowTotal } from './list-window.ts';
import { foldedColumnContains, startsWith } from './search.ts';
import { STEP_VARIABLE } from './task-outcomes.ts';
import { taskVisibility, type TaskListView } from './tasks.ts';

type Db = Kysely<Database>;

/** Query parameters of `GET /api/tasks` besides paging (also the keys a saved filter may hold). */
export const TASK_LIST_FILTERS = {
  view: { type: 'string', enum: ['all', 'mine', 'groups', 'agency'], default: 'all' },
  state: { type: 'string', enum: ['CREATED', 'COMPLETED', 'CANCELED'], default: 'CREATED' },
  step: { type: 'string', maxLength: 50 },
  dossierCode: { type: 'string', maxLength: 80 },
  procedureId: { type: 'string', maxLength: 100 },
  overdue: { type: 'boolean' },
  dueSoon: { type: 'boolean' },
  q: { type: 'string', maxLength: 100 },
  sort: { type: 'string', enum: ['due', '-due', 'created'], default: 'due' },
} as const;

export interface TaskListQuery {
  page: number;
  pageSize: number;
  view: TaskListView;
  state: Task['state'];
  step?: string;
  dossierCode?: string;
  procedureId?: string;
  overdue?: boolean;
  dueSoon?: boolean;
  /** Dossier code prefix, or part of the applicant's name (case and accents ignored). */
  q?: string;
  sort: 'due' | '-due' | 'created';
}

export interface TaskListDeps {
  db: Db;
  calendars: CalendarService;
  policy: SlaPolicy;
  now: Date;
}

/** Tasks with their dossier, procedure and assignee. */
function detailed(db: Db, tasks?: AliasedSelectQueryBuilder<Selectable<Database['tasks']>, 'tasks'>) {
  return (tasks ? db.selectFrom(tasks) : db.selectFrom('tasks'))
    .leftJoin('dossiers', 'dossiers.id', 'tasks.dossier_id')
    .leftJoin('procedures', 'procedures.id', 'dossiers.procedure_id')
    .leftJoin('users', 'users.id', 'tasks.assignee_id')
    .selectAll('tasks')
    .select([
      'dossiers.code as d_code', 'dossiers.status as d_status', 'dossiers.applicant_name as d_applicant_name', 'dossiers.due_at as d_due_at',
      'procedures.id as p_id', 'procedures.name_vi as p_name', 'procedures.extra as p_extra',
      'users.id as u_id', 'users.username as u_username', 'users.full_name as u_full_name',
    ]);
}

type DetailRow = Awaited<ReturnType<ReturnType<typeof detailed>['executeTakeFirstOrThrow']>>;

/** Builds calendars on demand, once per agency for the request. */
function calendarCache(calendars: CalendarService): (agencyId: string | null) => Promise<Calendar> {
  const cache = new Map<string, Promise<Calendar>>();
  return (agencyId) => {
    const key = agencyId ?? '';
    if (!cache.has(key)) cache.set(key, calendars.forAgency(agencyId));
    return cache.get(key)!;
  };
}

function itemOf(t: DetailRow, calendar: Calendar, deps: TaskListDeps) {
  const sla = t.state === 'CREATED' && t.due_at ? classifyOpen(calendar, t.created_at, t.due_at, deps.now, deps.policy.dueSoon) : t.sla_state;
  const outcomes = t.step ? ((t.p_extra as { taskOutcomes?: Record<string, string[]> } | null)?.taskOutcomes?.[t.step] ?? null) : null;
  return {
    key: t.key, kind: t.kind, name: t.name, step: t.step, state: t.state, agencyId: t.agency_id, candidateGroups: t.candidate_groups,
    assignee: t.u_id ? { id: t.u_id, username: t.u_username!, fullName: t.u_full_name! } : null,
    dueAt: t.due_at?.toISOString() ?? null, sla, createdAt: t.created_at.toISOString(), completedAt: t.completed_at?.toISOString() ?? null, formKey: t.form_key,
    dossierCode: t.d_code ?? t.dossier_code, applicantName: t.d_applicant_name, procedureName: t.p_name,
    dossier: t.d_code ? { code: t.d_code, status: t.d_status!, applicantName: t.d_applicant_name!, dueAt: t.d_due_at?.toISOString() ?? null, procedureId: t.p_id!, procedureName: t.p_name! } : null,
    outcomes,
    variable: t.step ? (STEP_VARIABLE[t.step] ?? t.step) : null,
  };
}

/** A task as the API shows it. */
export type TaskItem = ReturnType<typeof itemOf>;

/** One task's view (after an action on it); 404 when it does not exist. */
export async function taskItem(deps: TaskListDeps, key: string): Promise<TaskItem> {
  const row = await detailed(deps.db).where('tasks.key', '=', key).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND');
  return itemOf(row, await deps.calendars.forAgency(row.agency_id), deps);
}

/**
 * The `dueSoon` condition: due at or after now, and within the threshold on each agency's calendar.
 * The bound is computed per agency of the user's scope (calendar arithmetic, no task read) and
 * agencies with the same bound are grouped: usually one or two groups, whatever the scope's size.
 */
async function dueSoonCondition(deps: TaskListDeps, user: AuthUser, calendarOf: (id: string | null) => Promise<Calendar>) {
  const notOverdue = sql<boolean>`tasks.due_at >= ${deps.now}`;
  if (deps.policy.dueSoon.kind !== 'workingHours') return sql<boolean>`(${notOverdue} and tasks.sla_state = 'due_soon')`;
  const byBound = new Map<number, string[]>();
  for (const id of await agencySubtree(deps.db, user.agencyId)) {
    const bound = dueSoonBound(await calendarOf(id), deps.now, deps.policy.dueSoon)!.getTime();
    byBound.set(bound, [...(byBound.get(bound) ?? []), id]);
  }
  const perBound = [...byBound].map(([bound, ids]) => sql<boolean>`(tasks.agency_id in (${sql.join(ids)}) and tasks.due_at <= ${new Date(bound)})`);
  return sql<boolean>`(${notOverdue} and (${sql.join(perBound, sql` or `)}))`;
}

/** How far a list counts and pages (the officers' lists share one window: `list-window.ts`). */
export const TOTAL_CAP = LIST_WINDOW;

/**
 * A page of the tasks the user sees, filtered and sorted (oldest due first by default). Each order
 * has its index of open tasks (migration 2026120601), so a page reads its rows and stops; the count
 * stops at {@link TOTAL_CAP}; a page past the counted end is empty without reading rows.
 */
export async function listTasks(deps: TaskListDeps, user: AuthUser, q: TaskListQuery, lang: Lang = 'vi') {
  const offset = pageOffset(q.page, q.pageSize);
  assertWithinWindow(q.page, q.pageSize, lang);
  const calendarOf = calendarCache(deps.calendars);
  const visible = await taskVisibility(deps.db, user, q.view);
  const conditions = [visible, sql<boolean>`tasks.state = ${q.state}`];
  if (q.step) conditions.push(sql`tasks.step = ${q.step}`);
  if (q.dossierCode) conditions.push(sql`tasks.dossier_code = ${q.dossierCode}`);
  if (q.procedureId) conditions.push(sql`(dossiers.procedure_id = ${q.procedureId} or tasks.bpmn_process_id = ${`motcua-${q.procedureId}`})`);
  if (q.overdue) conditions.push(sql`tasks.due_at < ${deps.now}`);
  if (q.dueSoon) conditions.push(await dueSoonCondition(deps, user, calendarOf));
  if (q.q) conditions.push(sql`(${startsWith('tasks.dossier_code', q.q)} or ${foldedColumnContains('dossiers.applicant_name_folded', q.q)})`);
  const where = sql<boolean>`${sql.join(conditions, sql` and `)}`;
  // The dossier is joined only for a filter on it: PostgreSQL drops an unused left join, but still plans the
  // count as if `tasks.dossier_id` were read, so it could not count from the index alone (a commune's 1,000
  // free specialist tasks at 1M: 1,085 pages read instead of 88; bench/README.md, "The count from the index").
  const withDossier = Boolean(q.procedureId || q.q);
  const capped = deps.db.selectFrom('tasks').$if(withDossier, (qb) => qb.leftJoin('dossiers', 'dossiers.id', 'tasks.dossier_id'))
    .where(where).select(sql`1`.as('one')).limit(TOTAL_CAP + 1);
  const count = deps.db.selectFrom(capped.as('capped')).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  const [by, thenBy] = q.sort === 'created' ? [sql`tasks.created_at`, sql`tasks.key`]
    : q.sort === '-due' ? [sql`tasks.due_at desc nulls last`, sql`tasks.key desc`]
      : [sql`tasks.due_at asc nulls last`, sql`tasks.key`];
  // The page's tasks first, then their dossier, procedure and assignee: joined for the page's rows only.
  // Joined before the sort, an officer's 450 open tasks cost 450 dossier reads for a page of 50 (the planner
  // expects ~20 rows for one assignee in one agency: bench/README.md, "Task list: the page's tasks first").
  const pageOf = deps.db.selectFrom('tasks').$if(withDossier, (qb) => qb.leftJoin('dossiers', 'dossiers.id', 'tasks.dossier_id')).where(where).selectAll('tasks')
    .orderBy(by).orderBy(thenBy).limit(q.pageSize).offset(offset);
  const read = () => detailed(deps.db, pageOf.as('tasks')).orderBy(by).orderBy(thenBy).execute();
  // The first page (most requests) is read beside the count; a later one only once the count says it exists.
  const first = offset === 0 ? read() : undefined;
  first?.catch(() => undefined); // awaited below unless the count fails first
  const counted = Number((await count).n);
  const { total, totalExact } = windowTotal(counted);
  if (totalExact && offset >= total) return { items: [], total, totalExact, page: q.page, pageSize: q.pageSize };
  const rows = await (first ?? read());
  const items = await Promise.all(rows.map(async (r) => itemOf(r, await calendarOf(r.agency_id), deps)));
  return { items, total, totalExact, page: q.page, pageSize: q.pageSize };
}
