/**
 * The reminder marker of a task (migration 2026120703): the deadline of the last reminder sent and
 * whether it was the overdue one. The pass reads only tasks whose next reminder may be due
 * (`tasks_remind_pending_idx`) and marks those it has dealt with, so the overdue backlog is read once,
 * not every minute. Writing the marker does not stamp the task as changed for the task stream.
 */
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../db/database.ts';
import { nextAt } from '../db/migrations/2026121202_remind_next.ts';

/** The predicate of `tasks_remind_pending_idx`, repeated verbatim so the planner can use the index. */
export const REMIND_PENDING = sql<SqlBool>`(tasks.reminded_due_at is distinct from tasks.due_at or not tasks.reminded_overdue)`;

/**
 * Of the pending tasks, those with a reminder possibly due now: a new deadline, or overdue and not yet told;
 * and not found not yet due soon by an earlier pass for this deadline on this basis (until its `remind_check_at`).
 */
export function remindDueNow(now: Date, basis: number) {
  return sql<SqlBool>`(tasks.reminded_due_at is distinct from tasks.due_at or tasks.due_at <= ${now})
    and (tasks.remind_check_due is distinct from tasks.due_at or tasks.remind_check_at <= ${now} or tasks.remind_check_basis is distinct from ${basis})`;
}

/**
 * The instant a pending row of `tasks` or `dossiers` needs looking at again, the expression of
 * `tasks_remind_next_idx` / `dossiers_remind_next_idx` (migration 2026121202): the later of its deadline once told
 * due soon for it and its due-soon instant once checked for it; `-infinity` when neither. `<= now` is
 * {@link remindDueNow} without its basis clause: a pass on the basis it last walked reads by this instant.
 */
export const remindNextAt = (table: 'tasks' | 'dossiers') => sql.raw<Date>(nextAt(table));

/** A row read and found not yet due soon: its deadline as read, and when its first reminder may be due. */
export interface CheckMark {
  id: string;
  due: Date;
  dueSoon: Date;
}

/**
 * Writes when to look again at tasks found not yet due soon (their due-soon instants) and the basis they were
 * computed on, each only if its deadline is still the one read.
 */
export async function markChecked(db: Kysely<Database>, marks: CheckMark[], basis: number): Promise<void> {
  if (!marks.length) return;
  const rows = sql.join(marks.map((m) => sql`(${m.id}::text, ${m.due.toISOString()}::timestamptz, ${m.dueSoon.toISOString()}::timestamptz)`));
  await sql`update tasks set remind_check_due = m.due_at, remind_check_at = m.at, remind_check_basis = ${basis}
    from (values ${rows}) as m(key, due_at, at) where tasks.key = m.key and tasks.due_at = m.due_at and tasks.state = 'CREATED'`.execute(db);
}

/** As {@link markChecked}, for dossiers, each only if its `due_at` is still the one read. */
export async function markDossiersChecked(db: Kysely<Database>, marks: CheckMark[], basis: number): Promise<void> {
  if (!marks.length) return;
  const rows = sql.join(marks.map((m) => sql`(${m.id}::uuid, ${m.due.toISOString()}::timestamptz, ${m.dueSoon.toISOString()}::timestamptz)`));
  await sql`update dossiers d set remind_check_due = m.due_at, remind_check_at = m.at, remind_check_basis = ${basis}
    from (values ${rows}) as m(id, due_at, at) where d.id = m.id and d.due_at = m.due_at`.execute(db);
}

/** A task dealt with by a pass: its reminders for `due` were sent (or found sent) up to `overdue`. */
export interface ReminderMark {
  key: string;
  due: Date;
  overdue: boolean;
}

/** Writes the marks of one batch, each only if the task's deadline is still the one reminded of. */
export async function markReminded(db: Kysely<Database>, marks: ReminderMark[]): Promise<void> {
  for (const overdue of [false, true]) {
    const rows = marks.filter((m) => m.overdue === overdue);
    if (!rows.length) continue;
    // A join on a values list: `(key, due_at) in ((…), …)` becomes one OR per row, 0.3–0.5 s to plan for 1,000.
    const pairs = sql.join(rows.map((m) => sql`(${m.key}::text, ${m.due.toISOString()}::timestamptz)`));
    await sql`update tasks set reminded_due_at = tasks.due_at, reminded_overdue = ${overdue}
      from (values ${pairs}) as m(key, due_at) where tasks.key = m.key and tasks.due_at = m.due_at and tasks.state = 'CREATED'`.execute(db);
  }
}

/** The predicate of `dossiers_remind_pending_idx` (migration 2026120804), verbatim, with its status list. */
export const DOSSIER_REMIND_PENDING = sql<SqlBool>`(dossiers.status in ('accepted', 'processing', 'decided') and dossiers.due_at is not null
  and (dossiers.reminded_due_at is distinct from dossiers.due_at or not dossiers.reminded_overdue))`;

/**
 * Of the pending dossiers, those with a reminder possibly due now: a deadline not the one reminded of, or
 * overdue and not yet told; and not found not yet due soon by an earlier pass for this deadline.
 */
export function dossierRemindDueNow(now: Date, basis: number) {
  return sql<SqlBool>`(dossiers.reminded_due_at is distinct from dossiers.due_at or dossiers.due_at <= ${now})
    and (dossiers.remind_check_due is distinct from dossiers.due_at or dossiers.remind_check_at <= ${now} or dossiers.remind_check_basis is distinct from ${basis})`;
}

/** A dossier dealt with by a pass: its reminders for the deadline in force `due` were sent up to `overdue`, `dueAt` as read. */
export interface DossierReminderMark {
  id: string;
  dueAt: Date;
  due: Date;
  overdue: boolean;
}

/** Writes the marks of one batch, each only if the dossier's `due_at` is still the one read. */
export async function markDossiersReminded(db: Kysely<Database>, marks: DossierReminderMark[]): Promise<void> {
  if (!marks.length) return;
  const rows = sql.join(marks.map((m) => sql`(${m.id}::uuid, ${m.dueAt.toISOString()}::timestamptz, ${m.due.toISOString()}::timestamptz, ${m.overdue}::boolean)`));
  await sql`update dossiers d set reminded_due_at = m.due, reminded_overdue = m.overdue
    from (values ${rows}) as m(id, due_at, due, overdue) where d.id = m.id and d.due_at = m.due_at`.execute(db);
}
