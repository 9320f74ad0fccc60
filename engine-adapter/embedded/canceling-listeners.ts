/**
 * `canceling` user-task listeners (Camunda 8.8): a user task terminated (instance cancelled, interrupting
 * boundary or event, terminate end event…) whose element has `canceling` listeners is not left at once:
 * the task is CANCELING while the listeners' jobs run one after the other, and only after the last one
 * is the task CANCELED and its element instance TERMINATED. What waited on that termination waits too:
 * the scopes around it (each terminated once nothing is left inside it), the interrupting boundary event
 * (activated after its activity is terminated) and the instance's cancellation. A canceling listener
 * cannot deny; its corrections are recorded on the canceled task.
 */
import type { EngineCore } from './core.ts';
import { hooks, type Execution } from './executor.ts';
import type { ElementInstanceState, PendingTransition, UserTaskRow } from './state.ts';
import type { StepContext } from './step-context.ts';
import { toUserTask } from './store.ts';
import { openTransitionListener } from './task-transitions.ts';

const OPEN = ['CREATED', 'ASSIGNING', 'UPDATING', 'COMPLETING'];

function hasCancelingListeners(x: Execution, ei: ElementInstanceState): boolean {
  // A task still CREATING (its creating listeners not done) was never announced: it is canceled at once.
  return !!(ei.own?.userTask && ei.own.listener === undefined && x.el(ei).userTask?.listeners?.canceling?.length);
}

hooks.holdTermination = (x, ei, then) => {
  const listened = hasCancelingListeners(x, ei);
  if (!listened && !x.children(ei.key).length) return false;
  ei.terminating = then ? { then } : {};
  const { cleanup } = x.ctx;
  // Its boundary events and subscriptions end now; nothing triggers an element being terminated.
  if (ei.own?.timers) cleanup.timers.add(ei.key);
  if (ei.own?.subs) cleanup.subs.add(ei.key);
  ei.own = { ...ei.own, timers: false, subs: false };
  if (!listened) {
    if (ei.own.job) cleanup.jobs.add(ei.key);
    if (ei.incident) cleanup.incidents.add(ei.key);
    ei.own = { ...ei.own, job: false };
    return true;
  }
  const inst = x.inst;
  const oldIncident = ei.incident;
  ei.incident = undefined;
  ei.own = { ...ei.own, job: false, transition: { event: 'canceling', index: -1, changes: {}, corrections: {} } };
  x.ctx.pending.push({ kind: 'async', run: (core, ctx) => startCanceling(core, ctx, inst.key, ei.key, oldIncident) });
  return true;
};

/** Drops what the task waited on (an open listener job, an incident), makes it CANCELING and opens the first listener's job. */
async function startCanceling(core: EngineCore, ctx: StepContext, instanceKey: string, eiKey: string, oldIncident?: string): Promise<void> {
  const inst = await core.instance(ctx, instanceKey);
  const ei = inst.doc.elements[eiKey];
  if (!ei?.terminating) return;
  await ctx.tx.deleteFrom('engine_job').where('element_instance_key', '=', eiKey).execute();
  removeWhere(ctx.jobs, (j) => j.element_instance_key === eiKey);
  if (oldIncident) {
    await ctx.tx.deleteFrom('engine_incident').where('key', '=', oldIncident).execute();
    removeWhere(ctx.incidents, (i) => i.key === oldIncident);
  }
  let row: Record<string, any> | undefined = ctx.userTasks.find((r) => r.element_instance_key === eiKey);
  if (row) row.state = 'CANCELING'; // created in this very step, not written yet
  else row = await ctx.tx.updateTable('engine_user_task').set({ state: 'CANCELING' }).where('element_instance_key', '=', eiKey).where('state', 'in', OPEN).returningAll().executeTakeFirst();
  const x = core.exec(ctx, inst);
  if (!row) return finishTermination(x, ei);
  const tr: PendingTransition = { event: 'canceling', index: 0, changes: {}, corrections: {} };
  openTransitionListener(x, ei, x.el(ei), row, tr);
}

function removeWhere<T>(list: T[], drop: (item: T) => boolean): void {
  for (let n = list.length - 1; n >= 0; n--) if (drop(list[n]!)) list.splice(n, 1);
}

/** The last canceling listener completed: the task is CANCELED (with the corrections) and the termination goes on. */
export async function cancelingDone(x: Execution, ei: ElementInstanceState, row: UserTaskRow | Record<string, any>, corrections: Record<string, unknown>): Promise<void> {
  const done = await x.ctx.tx.updateTable('engine_user_task').set({ ...corrections, state: 'CANCELED', ended_at: x.ctx.now })
    .where('key', '=', row.key).returningAll().executeTakeFirstOrThrow();
  x.ctx.events.push({ type: 'canceled', task: toUserTask(done) });
  ei.own = { ...ei.own, userTask: false, transition: undefined };
  finishTermination(x, ei);
}

/** Leaves a held element instance as TERMINATED, runs what followed it, and finishes the scopes that waited on it. */
export function finishTermination(x: Execution, ei: ElementInstanceState): void {
  const then = ei.terminating?.then;
  const parent = ei.parentKey ? x.doc.elements[ei.parentKey] : undefined;
  x.leave(ei, 'TERMINATED');
  if (then) x.afterTermination(then);
  if (!parent || !x.alive(parent)) return;
  if (parent.terminating) {
    if (!x.children(parent.key).length) finishTermination(x, parent);
    return;
  }
  // A scope that went on (a terminate end event, an ad-hoc sub-process cancelling the rest) completes now.
  x.ctx.later(() => x.scopeMaybeComplete(parent.key));
}
