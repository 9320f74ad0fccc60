/**
 * Completion of a listener's job, whichever listener it is: an execution listener (variables, no
 * result), a `creating` user-task listener, or the listener of a user-task transition (a result with
 * corrections or a denial, no variables). The element instance tells which one its open job belongs to.
 */
import { InvalidArgumentError } from '../errors.ts';
import type { JobResult, Variables } from '../workflow-engine.ts';
import type { EngineCore } from './core.ts';
import { executionListenerCompleted, waitsOnExecutionListener } from './execution-listeners.ts';
import type { ElementInstanceState } from './state.ts';
import type { LoadedInstance, StepContext } from './step-context.ts';
import { assertJobResult, listenerCompleted, waitsOnListener } from './task-listeners.ts';
import { transitionListenerCompleted, waitsOnTransition } from './task-transitions.ts';

/** The kind of listener whose job the element instance waits on, if any. */
export function listenerOf(ei: ElementInstanceState): 'execution' | 'creating' | 'transition' | undefined {
  if (waitsOnExecutionListener(ei)) return 'execution';
  if (waitsOnListener(ei)) return 'creating';
  if (waitsOnTransition(ei)) return 'transition';
  return undefined;
}

/**
 * Completes the listener job the element instance waits on; returns false when it waits on none (the
 * job is the element's own). `strict`: variables on a task listener's job are refused (otherwise dropped).
 */
export async function completeListenerJob(
  core: EngineCore, ctx: StepContext, inst: LoadedInstance, ei: ElementInstanceState, variables: Variables, result: JobResult | undefined, strict = true,
): Promise<boolean> {
  const which = listenerOf(ei);
  if (!which) return false;
  if (which === 'execution') {
    if (result) throw new InvalidArgumentError('An execution listener\'s job is not a user task listener\'s job: it takes no result', {});
    executionListenerCompleted(core, ctx, inst, ei, variables);
    return true;
  }
  const event = which === 'creating' ? 'creating' : ei.own!.transition!.event;
  assertJobResult(result, strict ? variables : {}, event);
  if (which === 'creating') await listenerCompleted(core, ctx, inst, ei, result);
  else await transitionListenerCompleted(core, ctx, inst, ei, result);
  return true;
}
