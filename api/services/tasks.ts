/**
 * The task list: which tasks a user sees, claiming, and completing a task with its form — the
 * dossier action the outcome implies and the engine completion (through the outbox) written in one
 * transaction with the audit row.
 */
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database, Task } from '../db/database.ts';
import type { AuthUser } from '../plugins/auth.ts';
import { AppError, type Lang } from '../errors.ts';
import type { FormSchemas } from './form-schemas.ts';
import type { AuditContext } from './audit.ts';
import { writeAudit } from './audit.ts';
import { agencySubtree } from './agencies.ts';
import { enqueue } from './outbox.ts';
import { runAction, type RunActionArgs } from './dossier-actions.ts';
import { stateFromJson } from './dossier-codec.ts';
import { formatVnInstant } from '../domain/calendar/index.ts';
import { supplementDeadline } from '../domain/sla/index.ts';
import { actionsForCompletion, STEP_VARIABLE } from './task-outcomes.ts';
import { latestStepOutcomes, recordStepOutcome } from './step-outcomes.ts';
import { TASK_COMPLETE_TOPIC } from './engine-bridge.ts';

type Db = Kysely<Database>;

/** Roles that see every task of their agencies, not only their groups'. */
export const WATCHERS: readonly string[] = ['supervisor', 'leader'];

/** The views of the task list: everything the user sees, their own, their groups' free tasks, the whole agency. */
export type TaskListView = 'all' | 'mine' | 'groups' | 'agency';

/**
 * The SQL condition (on the qualified `tasks.*` columns, so it works in joins) of the tasks a user
 * sees in a view: their agencies, and their own or their groups' free tasks — every task of their
 * agencies for supervisors and leaders. `view=agency` is theirs only (403 otherwise).
 */
export async function taskVisibility(db: Db, user: AuthUser, view: TaskListView): Promise<RawBuilder<boolean>> {
  const scope = await agencySubtree(db, user.agencyId);
  const inScope = sql<boolean>`tasks.agency_id in (${sql.join(scope)})`;
  const mine = sql<boolean>`tasks.assignee_id = ${user.id}`;
  const groups = sql<boolean>`(tasks.assignee_id is null and tasks.candidate_groups && ${sql.val(user.roles)}::text[])`;
  const watcher = user.roles.some((r) => WATCHERS.includes(r));
  if (view === 'agency' && !watcher) throw new AppError('FORBIDDEN');
  if (view === 'mine') return sql<boolean>`(${inScope} and ${mine})`;
  if (view === 'groups') return sql<boolean>`(${inScope} and ${groups})`;
  if (view === 'agency' || watcher) return inScope;
  return sql<boolean>`(${inScope} and (${mine} or ${groups}))`;
}

/** Narrows a task query to what a user may see: their agencies, and their own or their groups' tasks. */
export async function visibleTasks(db: Db, user: AuthUser, view: TaskListView) {
  return db.selectFrom('tasks').where(await taskVisibility(db, user, view));
}

/** A task the user may see and act on, or 404. */
export async function loadTask(db: Db | Transaction<Database>, user: AuthUser, key: string, forUpdate = false): Promise<Task> {
  const scope = await agencySubtree(db as Db, user.agencyId);
  let q = db.selectFrom('tasks').selectAll().where('key', '=', key).where('agency_id', 'in', scope);
  if (forUpdate) q = q.forUpdate();
  const task = await q.executeTakeFirst();
  if (!task) throw new AppError('NOT_FOUND');
  return task;
}

function assertActionable(task: Task, user: AuthUser): void {
  if (task.state !== 'CREATED') throw new AppError('TASK_NOT_OPEN');
  if (task.assignee_id && task.assignee_id !== user.id) throw new AppError('TASK_CLAIMED');
  if (!task.assignee_id && !task.candidate_groups.some((g) => (user.roles as string[]).includes(g))) throw new AppError('TASK_NOT_CANDIDATE');
}

/** Claims a task for the user in the caller's transaction; 409 when someone else has it. */
export async function claimInTx(tx: Transaction<Database>, user: AuthUser, key: string, audit: AuditContext): Promise<Task> {
  const task = await loadTask(tx, user, key, true);
  assertActionable(task, user);
  if (task.assignee_id === user.id) return task;
  const updated = await tx.updateTable('tasks').set({ assignee_id: user.id }).where('key', '=', key).returningAll().executeTakeFirstOrThrow();
  await writeAudit(tx, audit, { action: 'task.claim', targetType: 'task', targetId: key, before: { assignee: null }, after: { assignee: user.username, dossier: task.dossier_code }, agencyId: task.agency_id });
  return updated;
}

export interface CompleteArgs extends Pick<RunActionArgs, 'calendars' | 'policy' | 'now'> {
  user: AuthUser;
  key: string;
  variables: Record<string, unknown>;
  audit: AuditContext;
  lang: Lang;
  taskSchemas: FormSchemas;
}

/** Validates a task form against its step's schema and the procedure's allowed outcomes. */
async function checkSubmission(db: Db | Transaction<Database>, task: Task, args: CompleteArgs): Promise<void> {
  const step = task.step ?? '';
  if (!args.taskSchemas.has(step)) return;
  const errors = args.taskSchemas.validate(step, args.variables, args.lang);
  if (errors.length) throw new AppError('VALIDATION_FAILED', errors);
  const dossier = task.dossier_id ? await db.selectFrom('dossiers').innerJoin('procedures', 'procedures.id', 'dossiers.procedure_id').select('procedures.extra').where('dossiers.id', '=', task.dossier_id).executeTakeFirst() : undefined;
  const allowed = (dossier?.extra as { taskOutcomes?: Record<string, string[]> } | undefined)?.taskOutcomes?.[step];
  const outcome = (args.variables[STEP_VARIABLE[step] ?? step] as { outcome?: string } | undefined)?.outcome;
  if (allowed && outcome && !allowed.includes(outcome)) {
    throw new AppError('TASK_OUTCOME_NOT_ALLOWED', [{ field: `variables.${STEP_VARIABLE[step] ?? step}.outcome`, message: `${args.lang === 'vi' ? 'chỉ được chọn' : 'must be one of'}: ${allowed.join(', ')}` }]);
  }
}

/**
 * A supplement request also tells the process when the applicant's time runs out
 * (`supplementDeadline`, read by the diagram's supplement timer): the same instant the dossier's
 * `request_supplement` records (the receiving agency's calendar, the SLA policy).
 */
async function supplementVariables(tx: Transaction<Database>, task: Task, args: CompleteArgs): Promise<Record<string, unknown>> {
  const step = task.step ?? '';
  const outcome = (args.variables[STEP_VARIABLE[step] ?? step] as { outcome?: string } | undefined)?.outcome;
  if (outcome !== 'supplement' || !task.dossier_id) return {};
  const dossier = await tx.selectFrom('dossiers').select('receiving_agency_id').where('id', '=', task.dossier_id).executeTakeFirstOrThrow();
  const calendar = await args.calendars.forAgency(dossier.receiving_agency_id, tx);
  return { supplementDeadline: formatVnInstant(supplementDeadline(calendar, args.now, args.policy)) };
}

/**
 * Completes a task: the form is checked; in one transaction the task is claimed if free, the
 * engine completion is queued (before any dossier event, so the engine sees the user's variables
 * first), the dossier actions of the outcome are applied, and the audit row is written.
 */
export async function completeTask(db: Db, args: CompleteArgs): Promise<Task> {
  return db.transaction().execute(async (tx) => {
    const task = await claimInTx(tx, args.user, args.key, args.audit);
    if (task.kind !== 'user_task') throw new AppError('TASK_NOT_OPEN');
    await checkSubmission(tx, task, args);
    const variables = { ...args.variables, ...(await supplementVariables(tx, task, args)) };
    await enqueue(tx, TASK_COMPLETE_TOPIC, task.key, { taskKey: task.key, ...(task.dossier_id ? { dossierId: task.dossier_id } : {}), variables }, args.now);
    if (task.dossier_id) {
      let dossier = await tx.selectFrom('dossiers').selectAll().where('id', '=', task.dossier_id).forUpdate().executeTakeFirstOrThrow();
      // The earlier steps' outcomes as stored with the dossier (the approval reads the appraisal's), then this one's.
      const earlier = await latestStepOutcomes(tx, task.dossier_id);
      if (task.step) await recordStepOutcome(tx, { dossierId: task.dossier_id, step: task.step, taskKey: task.key, submitted: args.variables, at: args.now, by: args.user.id });
      for (const { action, input } of actionsForCompletion(task.step ?? '', args.variables, stateFromJson(dossier.state), earlier)) {
        dossier = await runAction(tx, { dossier, action, body: input, user: args.user, audit: args.audit, now: args.now, calendars: args.calendars, policy: args.policy, lang: args.lang });
      }
    }
    const done = await tx.updateTable('tasks').set({ state: 'COMPLETED', completed_at: args.now, completed_by: args.user.id }).where('key', '=', task.key).returningAll().executeTakeFirstOrThrow();
    await writeAudit(tx, args.audit, { action: 'task.complete', targetType: 'task', targetId: task.key, agencyId: task.agency_id, after: { step: task.step, dossier: task.dossier_code, variables: args.variables } });
    return done;
  });
}

/**
 * The colleagues a task may be handed to: enabled officers of the task's agency in one of its
 * candidate groups, except its assignee (the handoff route checks the same rule).
 */
export async function handoffCandidates(db: Db, task: Task): Promise<Array<{ id: string; username: string; fullName: string }>> {
  if (!task.agency_id || task.candidate_groups.length === 0) return [];
  let q = db.selectFrom('users').select(['id', 'username', 'full_name']).where('agency_id', '=', task.agency_id).where('disabled', '=', false)
    .where(sql<boolean>`roles && ${sql.val(task.candidate_groups)}::text[]`);
  if (task.assignee_id) q = q.where('id', '<>', task.assignee_id);
  const rows = await q.orderBy('full_name').orderBy('username').execute();
  return rows.map((u) => ({ id: u.id, username: u.username, fullName: u.full_name }));
}
