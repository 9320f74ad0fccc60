/**
 * Link events, as Camunda 8.8 runs them: a link throw event continues at the link catch event of the
 * same name in the same scope, as if a sequence flow joined them. Deployment checks the pairs as Zeebe
 * does: every throw has a catch of its name in its scope, and a scope has at most one catch per name.
 */
import { BpmnValidationError } from '../errors.ts';
import type { Execution } from './executor.ts';
import type { ElementModel, ProcessModel } from './model.ts';
import type { ElementInstanceState } from './state.ts';

const linkName = (el: ElementModel): string | undefined => (el.event?.kind === 'link' ? el.event.name : undefined);

function catchOf(model: ProcessModel, scopeId: string | undefined, name: string): ElementModel | undefined {
  for (const el of model.elements.values()) if (el.kind === 'catchEvent' && el.scopeId === scopeId && linkName(el) === name) return el;
  return undefined;
}

/** A link throw event: the token continues at its catch event (which completes at once and takes its flows). */
export function throwLink(x: Execution, ei: ElementInstanceState, el: ElementModel): void {
  const target = catchOf(x.model, el.scopeId, linkName(el)!)!;
  x.activate(target.id, ei.parentKey!, { trigger: {} });
  x.complete(ei);
}

function invalid(el: ElementModel, message: string): BpmnValidationError {
  return new BpmnValidationError(`Element '${el.id}' (${el.type}): ${message}`, { elementId: el.id, elementType: el.type, attribute: 'bpmn:linkEventDefinition.name' });
}

/** Deploy-time checks of link events (Zeebe's messages). */
export function validateLinks(model: ProcessModel): void {
  const catches = new Map<string, ElementModel>();
  for (const el of model.elements.values()) {
    const name = linkName(el);
    if (name === undefined) continue;
    if (!name) throw invalid(el, 'Link name must be present and not empty.');
    if (el.kind !== 'catchEvent') continue;
    const key = `${el.scopeId}\u001f${name}`;
    if (catches.has(key)) throw invalid(el, `Multiple intermediate catch link event definitions with the same name '${name}' are not allowed.`);
    catches.set(key, el);
  }
  for (const el of model.elements.values()) {
    const name = linkName(el);
    if (el.kind !== 'throwEvent' || !name) continue;
    if (!catches.has(`${el.scopeId}\u001f${name}`)) throw invalid(el, `Can't find an catch link event for the throw link event with the name '${name}'.`);
  }
}
