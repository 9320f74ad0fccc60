/**
 * Execution listeners (Camunda 8.8 `zeebe:executionListeners`): jobs of kind `EXECUTION_LISTENER` run
 * one after the other, in model order. `start` listeners run after the input mappings and before the
 * element subscribes to events or runs its behaviour; their job variables become local variables of the
 * element. `end` listeners run after the output mappings and before the element is left; their job
 * variables propagate to the parent scope. A terminated element runs no end listeners.
 */
import type { Variables } from '../workflow-engine.ts';
import type { EngineCore } from './core.ts';
import { hooks, type Execution } from './executor.ts';
import { pushListenerJob } from './listener-jobs.ts';
import type { ElementModel } from './model.ts';
import type { ElementInstanceState } from './state.ts';
import type { LoadedInstance, StepContext } from './step-context.ts';
import { setLocal, setPropagating } from './variables.ts';

/** True when the element instance waits on an execution listener's job. */
export function waitsOnExecutionListener(ei: ElementInstanceState): boolean {
  return ei.own?.el !== undefined && ei.own.job === true;
}

function openListener(x: Execution, ei: ElementInstanceState, el: ElementModel, event: 'start' | 'end', index: number): void {
  const listener = el.executionListeners![event][index]!;
  pushListenerJob(x, ei, el, listener, 'EXECUTION_LISTENER', event.toUpperCase());
  ei.own = { ...ei.own, el: { event, index } };
}

/** After the last start listener: the process opens its event sub-processes and starts; an element runs its behaviour. */
function afterStart(x: Execution, ei: ElementInstanceState, el: ElementModel): void {
  const trigger = ei.own?.trigger;
  ei.own = { ...ei.own, started: true, el: undefined, trigger: undefined };
  x.behave(ei, el, trigger); // the process: its event sub-processes, then its start event (`processActivation`)
}

hooks.processStart = (x, root, startEventId) => {
  const el = x.el(root);
  if (!el.executionListeners?.start.length) return false;
  root.own = { ...root.own, startEvent: startEventId };
  x.guarded(root, 'behavior', () => openListener(x, root, el, 'start', 0));
  return true;
};

hooks.startListeners = (x, ei, el, trigger) => {
  if (ei.mi?.role === 'body' || ei.own?.started) return false;
  if (!el.executionListeners?.start.length) return false;
  // (The process root comes here only when re-entered after an incident on one of its start listeners.)
  openListener(x, ei, el, 'start', 0);
  if (trigger) ei.own = { ...ei.own, trigger };
  return true;
};

hooks.endListeners = (x, ei, el) => {
  const list = el.executionListeners?.end;
  if (!list?.length || ei.mi?.role === 'body') return false;
  const state = ei.own?.el;
  if (state?.event === 'end') return state.index < list.length; // waiting, or done (index past the last)
  x.guarded(ei, 'complete', () => openListener(x, ei, el, 'end', 0));
  return true;
};

/**
 * An execution listener's job was completed (the job row is already taken): applies its variables,
 * then opens the next listener's job or carries on with the element.
 */
export function executionListenerCompleted(core: EngineCore, ctx: StepContext, inst: LoadedInstance, ei: ElementInstanceState, variables: Variables): void {
  const x = core.exec(ctx, inst);
  const el = x.el(ei);
  const { event, index } = ei.own!.el!;
  ei.own = { ...ei.own, job: false };
  const list = el.executionListeners![event];
  const next = index + 1;
  if (event === 'start') {
    setLocal(inst.doc, ei.key, variables);
    if (next < list.length) return x.guarded(ei, 'behavior', () => openListener(x, ei, el, 'start', next));
    ei.own = { ...ei.own, el: undefined };
    return x.guarded(ei, 'behavior', () => afterStart(x, ei, el));
  }
  setPropagating(inst.doc, ei.parentKey ?? ei.key, variables);
  if (next < list.length) return x.guarded(ei, 'complete', () => openListener(x, ei, el, 'end', next));
  ei.own = { ...ei.own, el: { event: 'end', index: list.length } };
  if (el.kind === 'process') x.completeInstance(ei);
  else x.finish(ei, el);
}
