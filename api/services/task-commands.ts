/**
 * The commands on a task, shared by the task list (`/api/tasks`) and the Camunda face
 * (`/v2/user-tasks`): claim, unclaim, hand off, complete. Each checks the agency scope (another
 * agency's task is 404), the candidate groups and the assignee, writes its audit row in the same
 * transaction as the change and then tells the engine; completion also checks the step's form and the
 * procedure's outcomes and applies the dossier action of the outcome (`completeTask`).
 */
import type { FastifyInstance } from 'fastify';
import type { Task } from '../db/database.ts';
import type { AuthUser } from '../plugins/auth.ts';
import { AppError, type Lang } from '../errors.ts';
import { writeAudit, type AuditContext } from './audit.ts';
import { runAction } from './dossier-actions.ts';
import { claimInTx, completeTask, loadTask } from './tasks.ts';
import { assignOrRevert } from './task-assign-denial.ts';

/** What the commands need of the app. */
export type TaskCommandDeps = Pick<FastifyInstance, 'db' | 'engine' | 'calendars' | 'slaPolicy' | 'taskSchemas' | 'clock' | 'taskBridge'>;

/** Who acts: the signed-in user, the audit context of the request and its language. */
export interface TaskActor {
  user: AuthUser;
  audit: AuditContext;
  lang: Lang;
}

/**
 * Claims a task (409 when someone else has it); taking up an appraisal or triage starts processing the
 * dossier, once the engine accepted the assignment (an `assigning` listener may deny it: nothing is
 * forwarded then, and the claim is undone — `task-assign-denial.ts`).
 */
export async function claimTask(deps: TaskCommandDeps, actor: TaskActor, key: string): Promise<Task> {
  const now = deps.clock.now();
  const { claimed, before } = await deps.db.transaction().execute(async (tx) => {
    const prior = await tx.selectFrom('tasks').select('assignee_id').where('key', '=', key).forUpdate().executeTakeFirst();
    return { claimed: await claimInTx(tx, actor.user, key, actor.audit), before: prior?.assignee_id ?? null };
  });
  if (claimed.kind === 'user_task') {
    await assignOrRevert(deps.db, { key, before, after: actor.user.id, command: 'claim', audit: actor.audit }, () => deps.engine.assignUserTask(key, actor.user.id));
  }
  // Taking up the appraisal forwards the dossier to processing (form 07's "forwarded" time).
  if (claimed.dossier_id && (claimed.step === 'appraisal' || claimed.step === 'triage')) {
    await deps.db.transaction().execute(async (tx) => {
      const dossier = await tx.selectFrom('dossiers').selectAll().where('id', '=', claimed.dossier_id!).forUpdate().executeTakeFirstOrThrow();
      if (dossier.status === 'accepted') await runAction(tx, { dossier, action: 'start_processing', body: { assignee: actor.user.username }, user: actor.user, audit: actor.audit, now, calendars: deps.calendars, policy: deps.slaPolicy, lang: actor.lang });
    });
  }
  return claimed;
}

/** Gives a task back: its assignee, or a supervisor, may. */
export async function unclaimTask(deps: TaskCommandDeps, actor: TaskActor, key: string): Promise<Task> {
  const updated = await deps.db.transaction().execute(async (tx) => {
    const t = await loadTask(tx, actor.user, key, true);
    if (t.state !== 'CREATED') throw new AppError('TASK_NOT_OPEN');
    if (t.assignee_id && t.assignee_id !== actor.user.id && !actor.user.roles.includes('supervisor')) throw new AppError('TASK_CLAIMED');
    const row = await tx.updateTable('tasks').set({ assignee_id: null }).where('key', '=', key).returningAll().executeTakeFirstOrThrow();
    await writeAudit(tx, actor.audit, { action: 'task.unclaim', targetType: 'task', targetId: key, agencyId: t.agency_id, before: { assignee: t.assignee_id }, after: { assignee: null } });
    return { ...row, before: t.assignee_id };
  });
  if (updated.kind === 'user_task') {
    await assignOrRevert(deps.db, { key, before: updated.before, after: null, command: 'unclaim', audit: actor.audit }, () => deps.engine.unassignUserTask(key));
  }
  return updated;
}

/**
 * Hands a task to a colleague: its assignee, a leader or a supervisor may; the colleague must be an
 * enabled officer of the task's agency in one of its candidate groups (400 naming `field` otherwise).
 */
export async function handoffTask(deps: TaskCommandDeps, actor: TaskActor, key: string, assigneeId: string, field = 'assigneeId'): Promise<Task> {
  const updated = await deps.db.transaction().execute(async (tx) => {
    const t = await loadTask(tx, actor.user, key, true);
    if (t.state !== 'CREATED') throw new AppError('TASK_NOT_OPEN');
    const mayReassign = t.assignee_id === actor.user.id || actor.user.roles.some((r) => r === 'leader' || r === 'supervisor');
    if (!mayReassign) throw new AppError(t.assignee_id ? 'TASK_CLAIMED' : 'FORBIDDEN');
    const colleague = await tx.selectFrom('users').select(['id', 'username', 'roles', 'agency_id', 'disabled']).where('id', '=', assigneeId).executeTakeFirst();
    if (!colleague || colleague.disabled || colleague.agency_id !== t.agency_id || !t.candidate_groups.some((g) => (colleague.roles as string[]).includes(g))) {
      throw new AppError('VALIDATION_FAILED', [{ field, message: actor.lang === 'vi' ? 'không phải cán bộ của cơ quan, nhóm xử lý công việc này' : 'is not an officer of this task\'s agency and group' }]);
    }
    const row = await tx.updateTable('tasks').set({ assignee_id: assigneeId }).where('key', '=', key).returningAll().executeTakeFirstOrThrow();
    await writeAudit(tx, actor.audit, { action: 'task.handoff', targetType: 'task', targetId: key, agencyId: t.agency_id, before: { assignee: t.assignee_id }, after: { assignee: colleague.username } });
    return { ...row, before: t.assignee_id };
  });
  if (updated.kind === 'user_task') {
    await assignOrRevert(deps.db, { key, before: updated.before, after: assigneeId, command: 'handoff', audit: actor.audit }, () => deps.engine.assignUserTask(key, assigneeId));
  }
  return updated;
}

/**
 * Completes a task with its step's form: scope, group and assignee, the form's schema and the
 * procedure's outcomes, the dossier action, the engine completion (through the outbox) and the audit
 * row in one transaction (`completeTask`).
 */
export async function completeTaskCommand(deps: TaskCommandDeps, actor: TaskActor, key: string, variables: Record<string, unknown>): Promise<Task> {
  const done = await completeTask(deps.db, {
    user: actor.user, key, variables, audit: actor.audit, lang: actor.lang, taskSchemas: deps.taskSchemas,
    calendars: deps.calendars, policy: deps.slaPolicy, now: deps.clock.now(),
  });
  deps.taskBridge?.wake();
  return done;
}
