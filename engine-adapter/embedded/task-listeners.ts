/**
 * `creating` user-task listeners (Camunda 8.8): a user task with creating listeners stays CREATING while
 * each listener's job runs in turn; completing a listener job may correct the task's properties
 * (`result.corrections`); after the last one the task is CREATED and announced.
 */
import { InvalidArgumentError } from '../errors.ts';
import type { JobResult, Variables } from '../workflow-engine.ts';
import { createListenerJob } from './behaviors.ts';
import type { EngineCore } from './core.ts';
import type { ElementInstanceState } from './state.ts';
import type { LoadedInstance, StepContext } from './step-context.ts';
import type { UserTaskRow } from './state.ts';
import { toUserTask } from './store.ts';
import { assignOnCreation } from './task-transitions.ts';

/** True when the element instance waits on a creating listener's job. */
export function waitsOnListener(ei: ElementInstanceState): boolean {
  return ei.own?.listener !== undefined;
}

/** Columns set by each correctable property. */
export function correctionColumns(result: JobResult | undefined): Record<string, unknown> {
  const c = result?.corrections ?? {};
  const set: Record<string, unknown> = {};
  if (c.assignee !== undefined) set.assignee = c.assignee || null;
  if (c.dueDate !== undefined) set.due_date = c.dueDate || null;
  if (c.followUpDate !== undefined) set.follow_up_date = c.followUpDate || null;
  if (c.candidateGroups !== undefined) set.candidate_groups = JSON.stringify(c.candidateGroups);
  if (c.candidateUsers !== undefined) set.candidate_users = JSON.stringify(c.candidateUsers);
  if (c.priority !== undefined) set.priority = c.priority;
  return set;
}

/** Checks a job result before anything is written (a bad result rejects the completion). */
export function assertJobResult(result: JobResult | undefined, variables: Variables, event = 'creating'): void {
  if (variables && Object.keys(variables).length) throw new InvalidArgumentError('a task listener job is completed without variables', {});
  if (!result) return;
  if (result.denied && (event === 'creating' || event === 'canceling')) throw new InvalidArgumentError(`a '${event}' task listener cannot deny the transition`, {});
  const c = result.corrections ?? {};
  if (result.denied && Object.keys(c).length) {
    // Zeebe 8.8 refuses it: the denial would revert the corrections.
    throw new InvalidArgumentError('Expected to complete task listener job with corrections, but the job result is denied. The corrections would be reverted by the denial. Either complete the job with corrections without setting denied, or complete the job with a denied result but no corrections.', {});
  }
  for (const k of Object.keys(c)) {
    if (!['assignee', 'dueDate', 'followUpDate', 'candidateGroups', 'candidateUsers', 'priority'].includes(k)) throw new InvalidArgumentError(`unknown correction '${k}'`, {});
  }
  for (const k of ['dueDate', 'followUpDate'] as const) {
    const v = c[k];
    if (v !== undefined && v !== '' && v !== null && Number.isNaN(Date.parse(String(v)))) throw new InvalidArgumentError(`correction ${k} is not an ISO 8601 date-time`, {});
  }
  if (c.priority !== undefined && (!Number.isInteger(c.priority) || c.priority < 0 || c.priority > 100)) throw new InvalidArgumentError('correction priority must be an integer from 0 to 100', {});
  for (const k of ['candidateGroups', 'candidateUsers'] as const) {
    const v = c[k];
    if (v !== undefined && (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))) throw new InvalidArgumentError(`correction ${k} must be a list of strings`, {});
  }
}

/**
 * A creating listener's job was completed (the job row is already taken): applies the corrections,
 * then opens the next listener's job or makes the task CREATED.
 */
export async function listenerCompleted(core: EngineCore, ctx: StepContext, inst: LoadedInstance, ei: ElementInstanceState, result: JobResult | undefined): Promise<void> {
  const index = ei.own!.listener!;
  ei.own = { ...ei.own, job: false, listener: undefined };
  const set = correctionColumns(result);
  const x = core.exec(ctx, inst);
  const el = x.el(ei);
  const next = index + 1;
  const last = next >= (el.userTask?.creatingListeners?.length ?? 0);
  if (last) set.state = 'CREATED';
  // The task being created, corrected in the same statement when there is something to set (the instance is locked).
  let row = Object.keys(set).length
    ? await ctx.tx.updateTable('engine_user_task').set(set).where('element_instance_key', '=', ei.key).where('state', '=', 'CREATING').returningAll().executeTakeFirst()
    : await ctx.tx.selectFrom('engine_user_task').selectAll().where('element_instance_key', '=', ei.key).where('state', '=', 'CREATING').executeTakeFirst();
  if (!row) return;
  if (last && row.assignee && el.userTask?.listeners?.assigning?.length) {
    // The assignee given by the process (or corrected) is assigned through the `assigning` listeners.
    const pending = { ...row } as UserTaskRow;
    assignOnCreation(x, ei, el, pending);
    row = await ctx.tx.updateTable('engine_user_task').set({ state: pending.state, assignee: null }).where('key', '=', row.key).returningAll().executeTakeFirstOrThrow();
  }
  if (last) ctx.events.push({ type: 'created', task: toUserTask(row) });
  else x.guarded(ei, 'behavior', () => createListenerJob(x, ei, el, toUserTask(row), next));
}
