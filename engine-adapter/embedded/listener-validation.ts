/**
 * Deploy-time checks of execution and user-task listeners, with Zeebe 8.8's rules: a job type is
 * required; type and retries are valid FEEL; an execution listener's eventType + type is unique on its
 * element; no `start` listeners on start and boundary events, no `end` listeners on gateways and error
 * end events.
 */
import { BpmnValidationError } from '../errors.ts';
import { checkSyntax, unknownFunctions, type Expr } from './feel.ts';
import type { ElementModel, ListenerDef } from './model.ts';

function invalid(el: ElementModel, attribute: string, message: string): BpmnValidationError {
  return new BpmnValidationError(`Element '${el.id}' (${el.type}): ${message}`, { elementId: el.id, elementType: el.type, attribute });
}

function feel(el: ElementModel, attribute: string, expr: Expr): void {
  checkSyntax(expr, { elementId: el.id, elementType: el.type, attribute });
  const [unknown] = unknownFunctions(expr);
  if (unknown) throw invalid(el, attribute, `no function found with name '${unknown}' in the expression '${expr.src}'`);
}

function checkList(el: ElementModel, what: 'executionListener' | 'taskListener', list: ListenerDef[]): void {
  for (const l of list) {
    if (!l.type.src) throw invalid(el, `zeebe:${what}.type`, `${what === 'taskListener' ? 'task' : 'execution'} listener without a job type`);
    feel(el, `zeebe:${what}.type`, l.type);
    feel(el, `zeebe:${what}.retries`, l.retries);
  }
}

function checkPlacement(el: ElementModel): void {
  const { start, end } = el.executionListeners!;
  const attribute = 'zeebe:executionListener.eventType';
  if (start.length && el.kind === 'startEvent') throw invalid(el, attribute, "Execution listeners of type 'start' are not supported by start events");
  if (start.length && el.kind === 'boundaryEvent') throw invalid(el, attribute, "Execution listeners of type 'start' are not supported by boundary events");
  if (end.length && el.kind.endsWith('Gateway')) throw invalid(el, attribute, "Execution listeners of type 'end' are not supported by gateway element");
  if (end.length && el.kind === 'endEvent' && el.event?.kind === 'error') throw invalid(el, attribute, "Execution listeners of type 'end' are not supported by [error] end events");
  for (const [event, list] of [['start', start], ['end', end]] as const) {
    const seen = new Map<string, number>();
    for (const l of list) seen.set(l.type.src, (seen.get(l.type.src) ?? 0) + 1);
    for (const [type, n] of seen) {
      if (n > 1) throw invalid(el, 'zeebe:executionListener.type', `Found '${n}' duplicates based on eventType[${event}] and type[${type}], these combinations should be unique.`);
    }
  }
}

/** Throws a typed engine error on the first problem with the element's listeners. */
export function checkListeners(el: ElementModel): void {
  if (el.executionListeners) {
    checkPlacement(el);
    checkList(el, 'executionListener', [...el.executionListeners.start, ...el.executionListeners.end]);
  }
  for (const list of Object.values(el.userTask?.listeners ?? {})) checkList(el, 'taskListener', list);
}
