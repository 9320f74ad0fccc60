/**
 * Which timer kinds an element may have, as Camunda 8.8 deploys them (docs: "Timer events"; Zeebe's
 * validators and their messages). The table is `TIMER_KINDS` in `supported-elements.ts`.
 */
import type { ElementModel, ProcessModel, TimerDef } from './model.ts';
import { TIMER_KINDS } from './supported-elements.ts';

/** The reason `el` may not have a timer of `type`, or undefined when it may. */
export function timerKindError(el: ElementModel, type: TimerDef['type'], model: ProcessModel): string | undefined {
  const allowed = (kinds: readonly string[]) => kinds.includes(type);
  const scope = el.scopeId ? model.elements.get(el.scopeId) : undefined;
  if (el.kind === 'startEvent' && scope?.kind !== 'eventSubProcess') {
    return allowed(TIMER_KINDS.startEvent) ? undefined : 'Timer start event must have either a time date or a time cycle.';
  }
  if (el.kind === 'catchEvent') {
    return allowed(TIMER_KINDS.catchEvent) ? undefined : 'Intermediate timer catch event must have either a time duration or a time date.';
  }
  if ((el.kind === 'boundaryEvent' || el.kind === 'startEvent') && el.interrupting && !allowed(TIMER_KINDS.interrupting)) {
    return 'Interrupting timer event with time cycle is not allowed.';
  }
  return undefined;
}
