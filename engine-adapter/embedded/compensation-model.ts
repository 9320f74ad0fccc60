/**
 * Compensation in the model: reading `isForCompensation`, compensation events and the association from a
 * compensation boundary event to its handler, and the deploy-time checks Zeebe 8.8 makes (same messages).
 */
import { BpmnValidationError, UnsupportedElementError } from '../errors.ts';
import type { ElementModel, ProcessModel } from './model.ts';

/** A bpmn-moddle element (untyped). */
type Moddle = any;

/** Element kinds that may be compensation handlers (Camunda 8.8: tasks, embedded sub-processes, call activities). */
const HANDLER_KINDS = new Set(['jobTask', 'userTask', 'receiveTask', 'passThrough', 'scriptFeel', 'subProcess', 'callActivity']);

/** The id of the handler a compensation boundary event is associated with, searched in the enclosing containers. */
function associatedHandler(el: Moddle): string | undefined {
  for (let c: Moddle = el.$parent; c; c = c.$parent) {
    for (const a of (c.artifacts ?? []) as Moddle[]) {
      if (a.$type !== 'bpmn:Association') continue;
      if (a.sourceRef?.id === el.id && a.targetRef?.isForCompensation) return a.targetRef.id;
      if (a.targetRef?.id === el.id && a.sourceRef?.isForCompensation) return a.sourceRef.id;
    }
  }
  return undefined;
}

/** Adds the compensation parts of one element to its model (called by `buildElement`). */
export function applyCompensation(el: Moddle, model: ElementModel): void {
  if (el.isForCompensation === true) model.forCompensation = true;
  if (model.event?.kind !== 'compensation') return;
  if (model.kind === 'throwEvent' || model.kind === 'endEvent') model.kind = 'compensationThrow';
  if (model.kind === 'boundaryEvent') model.compensationHandler = associatedHandler(el);
}

function invalid(el: ElementModel, message: string, attribute?: string): BpmnValidationError {
  return new BpmnValidationError(`Element '${el.id}' (${el.type}): ${message}`, { elementId: el.id, elementType: el.type, attribute });
}

/** The scope a compensation throw event compensates (and, inside an event sub-process, the one around it). */
function compensationScopes(el: ElementModel, model: ProcessModel): string[] {
  const scope = model.elements.get(el.scopeId!)!;
  return scope.kind === 'eventSubProcess' ? [scope.id, scope.scopeId!] : [scope.id];
}

function checkThrow(el: ElementModel, model: ProcessModel): void {
  const ev = el.event as { activityRef?: string; waitForCompletion: boolean };
  if (!ev.waitForCompletion) {
    const what = el.type === 'bpmn:EndEvent' ? 'end event' : 'intermediate throwing event';
    throw invalid(el, `A compensation ${what} waitForCompletion attribute must be true or not present`, 'waitForCompletion');
  }
  if (!ev.activityRef) return;
  const target = model.elements.get(ev.activityRef);
  const compensable = target?.boundaries.some((b) => model.elements.get(b)?.event?.kind === 'compensation');
  if (!target || !compensable) throw invalid(el, `The referenced activity '${ev.activityRef}' must have a compensation boundary event`, 'activityRef');
  if (!compensationScopes(el, model).includes(target.scopeId!)) throw invalid(el, `The referenced activity '${ev.activityRef}' must be in the same scope as the compensation throw event`, 'activityRef');
}

function checkHandler(el: ElementModel): void {
  if (!HANDLER_KINDS.has(el.kind)) throw new UnsupportedElementError(el.id, el.type, 'this element cannot be a compensation handler');
  if (el.incoming.length) throw invalid(el, 'A compensation handler should have no incoming sequence flows', 'incoming');
  if (el.outgoing.length) throw invalid(el, 'A compensation handler should have no outgoing sequence flows', 'outgoing');
  if (el.boundaries.length) throw invalid(el, 'A compensation handler should have no boundary events', 'boundaryEvent');
}

/** Zeebe's deploy-time checks of compensation events and handlers; throws on the first problem. */
export function checkCompensation(model: ProcessModel): void {
  for (const el of model.elements.values()) {
    if (el.kind === 'compensationThrow') checkThrow(el, model);
    if (el.forCompensation) checkHandler(el);
    if (el.kind === 'boundaryEvent' && el.event?.kind === 'compensation') {
      const handler = el.compensationHandler ? model.elements.get(el.compensationHandler) : undefined;
      if (!handler || el.outgoing.length) throw invalid(el, 'Compensation boundary events must have a compensation association and no outgoing sequence flows', 'association');
      if (handler.scopeId !== el.scopeId) throw invalid(el, `The compensation handler '${handler.id}' must be in the same scope as the boundary event`, 'association');
    }
  }
}
