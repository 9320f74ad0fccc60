/** Builders for link, escalation and signal events in scenario fixtures (see `bpmn.ts`). */

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** `bpmn:escalation` (a code starting with `=` is FEEL). */
export function escalation(id: string, code?: string): string {
  return `<bpmn:escalation id="${id}" name="${id}"${code === undefined ? '' : ` escalationCode="${esc(code)}"`}/>`;
}

/** `bpmn:signal`. */
export function signal(id: string, name: string): string {
  return `<bpmn:signal id="${id}" name="${esc(name)}"/>`;
}

/** Link event definition. */
export function linkDef(name: string): string {
  return `<bpmn:linkEventDefinition name="${esc(name)}"/>`;
}

/** Escalation event definition (no reference: a catch-all). */
export function escDef(escalationId?: string): string {
  return escalationId ? `<bpmn:escalationEventDefinition escalationRef="${escalationId}"/>` : '<bpmn:escalationEventDefinition/>';
}

/** Signal event definition. */
export function sigDef(signalId: string): string {
  return `<bpmn:signalEventDefinition signalRef="${signalId}"/>`;
}

/** An event sub-process with one start event (its definition, interrupting or not) leading to the given elements. */
export function eventSubProcess(id: string, startDef: string, interrupting: boolean, ...body: string[]): string {
  return `<bpmn:subProcess id="${id}" triggeredByEvent="true"><bpmn:startEvent id="${id}_start" isInterrupting="${interrupting}">${startDef}</bpmn:startEvent>${body.join('')}</bpmn:subProcess>`;
}

/** An embedded sub-process with the given content. */
export function subProcess(id: string, ...body: string[]): string {
  return `<bpmn:subProcess id="${id}">${body.join('')}</bpmn:subProcess>`;
}
