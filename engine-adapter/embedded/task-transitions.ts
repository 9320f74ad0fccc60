/**
 * User-task transitions with listeners (Camunda 8.8): `assigning` (assign, unassign, or an assignee
 * given by the process when the task is created), `updating` and `completing`. While the listeners'
 * jobs run one after the other the task is ASSIGNING, UPDATING or COMPLETING; each job may correct the
 * task or deny the transition. Denied: the task is CREATED again, as it was (every correction of the
 * transition discarded). After the last listener the command's changes and the corrections are applied.
 * Variables set on a user task's element instance are an update too (applied after its listeners).
 * A task without listeners of the event changes at once, as before.
 */
import type { JobResult, UserTask } from '../workflow-engine.ts';
import { cancelingDone } from './canceling-listeners.ts';
import type { EngineCore } from './core.ts';
import type { Execution } from './executor.ts';
import { pushListenerJob, userTaskHeaders } from './listener-jobs.ts';
import type { ElementModel, TaskTransitionEvent } from './model.ts';
import type { ElementInstanceState, PendingTransition, UserTaskRow } from './state.ts';
import type { LoadedInstance, StepContext } from './step-context.ts';
import { refreshJobVariables, toUserTask } from './store.ts';
import { correctionColumns } from './task-listeners.ts';
import { setLocal, setPropagating } from './variables.ts';

/** The task state while the listeners of an event run. */
const STATE_OF: Record<TaskTransitionEvent, string> = { assigning: 'ASSIGNING', updating: 'UPDATING', completing: 'COMPLETING', canceling: 'CANCELING' };

/** True when the element instance waits on a transition listener's job. */
export function waitsOnTransition(ei: ElementInstanceState): boolean {
  return ei.own?.transition !== undefined;
}

/** The task as the next listener sees it: the command's changes and the corrections so far applied. */
function pendingView(row: Record<string, any>, tr: PendingTransition): UserTask {
  return toUserTask({ ...row, ...tr.changes, ...tr.corrections });
}

/** Opens the job of the transition's current listener (`tr.index`). */
export function openTransitionListener(x: Execution, ei: ElementInstanceState, el: ElementModel, row: Record<string, any>, tr: PendingTransition): void {
  const listener = el.userTask!.listeners![tr.event]![tr.index]!;
  pushListenerJob(x, ei, el, listener, 'TASK_LISTENER', tr.event.toUpperCase(), userTaskHeaders(pendingView(row, tr)));
  ei.own = { ...ei.own, transition: tr };
}

/**
 * Starts a transition of the CREATED task `key` if its element has listeners of `event`: returns the
 * transition's id (the command waits on it, transition-outcome.ts); false when it has none (the caller
 * then changes the task at once) or the task is not CREATED.
 */
export async function startTransition(
  core: EngineCore, ctx: StepContext, key: string, event: TaskTransitionEvent, changes: Record<string, unknown>, variables?: Record<string, unknown>, local = false,
): Promise<string | false> {
  // Locked: a concurrent command on the same task waits, then finds it in its transition (INVALID_STATE).
  const row = await ctx.tx.selectFrom('engine_user_task').selectAll().where('key', '=', key).where('state', '=', 'CREATED').forUpdate().executeTakeFirst();
  if (!row) return false;
  const def = await core.defs.byKey(ctx.tx, String(row.process_definition_key));
  const el = def.model.elements.get(row.element_id);
  if (!el?.userTask?.listeners?.[event]?.length) return false;
  const inst = await core.instance(ctx, String(row.process_instance_key));
  const ei = inst.doc.elements[String(row.element_instance_key)];
  if (!ei) return false;
  const x = core.exec(ctx, inst);
  await ctx.tx.updateTable('engine_user_task').set({ state: STATE_OF[event] }).where('key', '=', key).execute();
  const id = ctx.keys.next();
  const tr: PendingTransition = { event, id, index: 0, changes, corrections: {}, ...(variables ? { variables } : {}), ...(local ? { local } : {}) };
  x.guarded(ei, 'behavior', () => openTransitionListener(x, ei, el, row, tr));
  if (!ei.own?.transition) ei.own = { ...ei.own, transition: { ...tr, index: -1 } }; // an incident: retried from the first listener
  return id;
}

/**
 * A task created with an assignee given by the process, on an element with `assigning` listeners: the
 * task is created unassigned and ASSIGNING (mutates `row`, not yet written). Returns true if so.
 */
export function assignOnCreation(x: Execution, ei: ElementInstanceState, el: ElementModel, row: UserTaskRow): boolean {
  if (!row.assignee || !el.userTask?.listeners?.assigning?.length) return false;
  const tr: PendingTransition = { event: 'assigning', index: 0, changes: { assignee: row.assignee }, corrections: {} };
  row.assignee = null;
  row.state = 'ASSIGNING';
  x.guarded(ei, 'behavior', () => openTransitionListener(x, ei, el, row, tr));
  if (!ei.own?.transition) ei.own = { ...ei.own, transition: { ...tr, index: -1 } };
  return true;
}

/**
 * Variables set on the element instance of a CREATED user task with `updating` listeners (Camunda 8.8):
 * an update, the variables set when its listeners are done (not if denied). False otherwise.
 */
export async function startVariablesUpdate(core: EngineCore, ctx: StepContext, inst: LoadedInstance, elementInstanceKey: string, variables: Record<string, unknown>, local: boolean): Promise<boolean> {
  const ei = inst.doc.elements[elementInstanceKey];
  if (!ei?.own?.userTask || ei.own.transition) return false;
  const el = inst.def.model.elements.get(ei.elementId);
  if (!el?.userTask?.listeners?.updating?.length) return false;
  const row = await ctx.tx.selectFrom('engine_user_task').select('key').where('element_instance_key', '=', elementInstanceKey).where('state', '=', 'CREATED').executeTakeFirst();
  return row ? (await startTransition(core, ctx, String(row.key), 'updating', {}, variables, local)) !== false : false;
}

/** Re-runs a transition from its first listener (its incident was resolved). */
export async function retryTransition(core: EngineCore, ctx: StepContext, inst: LoadedInstance, ei: ElementInstanceState): Promise<void> {
  const x = core.exec(ctx, inst);
  const row = await ctx.tx.selectFrom('engine_user_task').selectAll().where('element_instance_key', '=', ei.key).where('state', '=', STATE_OF[ei.own!.transition!.event]).executeTakeFirst();
  if (!row) return;
  const tr = { ...ei.own!.transition!, index: 0, corrections: {} };
  x.guarded(ei, 'behavior', () => openTransitionListener(x, ei, x.el(ei), row, tr));
}

/**
 * A transition listener's job was completed (the job row is already taken; the result checked):
 * denies, opens the next listener's job, or applies the transition.
 */
export async function transitionListenerCompleted(core: EngineCore, ctx: StepContext, inst: LoadedInstance, ei: ElementInstanceState, result: JobResult | undefined): Promise<void> {
  const tr = ei.own!.transition!;
  ei.own = { ...ei.own, job: false };
  const x = core.exec(ctx, inst);
  const el = x.el(ei);
  const row = await ctx.tx.selectFrom('engine_user_task').selectAll().where('element_instance_key', '=', ei.key).where('state', '=', STATE_OF[tr.event]).executeTakeFirst();
  if (!row) return;
  if (result?.denied) {
    ei.own = { ...ei.own, transition: undefined, ...(tr.id ? { outcome: { id: tr.id, denied: true, reason: result.deniedReason ?? '' } } : {}) };
    await ctx.tx.updateTable('engine_user_task').set({ state: 'CREATED' }).where('key', '=', row.key).execute();
    return;
  }
  const next: PendingTransition = { ...tr, index: tr.index + 1, corrections: { ...tr.corrections, ...correctionColumns(result) } };
  if (next.index < (el.userTask!.listeners![tr.event]?.length ?? 0)) return x.guarded(ei, 'behavior', () => openTransitionListener(x, ei, el, row, next));
  if (tr.event === 'canceling') return cancelingDone(x, ei, row, next.corrections);
  ei.own = { ...ei.own, transition: undefined, ...(tr.id ? { outcome: { id: tr.id, denied: false, reason: '' } } : {}) };
  const set: Record<string, unknown> = { ...tr.changes, ...next.corrections, state: 'CREATED' };
  if (tr.event === 'completing') Object.assign(set, { state: 'COMPLETED', ended_at: ctx.now });
  const done = await ctx.tx.updateTable('engine_user_task').set(set).where('key', '=', row.key).returningAll().executeTakeFirstOrThrow();
  if (tr.event === 'updating' && tr.variables) {
    if (tr.local) setLocal(inst.doc, ei.key, tr.variables);
    else setPropagating(inst.doc, ei.key, tr.variables);
    await refreshJobVariables(ctx, inst);
  }
  if (tr.event !== 'completing') return void ctx.events.push({ type: 'updated', task: toUserTask(done) });
  const variables = tr.variables ?? {};
  ctx.events.push({ type: 'completed', task: toUserTask(done), variables });
  ei.own = { ...ei.own, userTask: false };
  x.completeWith(ei, variables);
}
