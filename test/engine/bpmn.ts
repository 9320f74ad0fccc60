/**
 * Compact builders for Zeebe-dialect BPMN fixtures used by the scenarios. Each builder returns XML;
 * `definitions()` wraps processes, messages and errors into a deployable resource.
 */

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Wraps content into `bpmn:definitions`. */
export function definitions(...content: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
${content.join('\n')}
</bpmn:definitions>`;
}

/** An executable process. */
export function processXml(id: string, ...body: string[]): string {
  return `<bpmn:process id="${id}" isExecutable="true">\n${body.join('\n')}\n</bpmn:process>`;
}

/** A single-process resource. */
export function bpmn(id: string, ...body: string[]): string {
  return definitions(processXml(id, ...body));
}

/** `bpmn:message` with a correlation key expression. */
export function message(id: string, name: string, correlationKey?: string): string {
  const sub = correlationKey ? `<bpmn:extensionElements><zeebe:subscription correlationKey="${esc(correlationKey)}"/></bpmn:extensionElements>` : '';
  return `<bpmn:message id="${id}" name="${esc(name)}">${sub}</bpmn:message>`;
}

/** `bpmn:error`. */
export function error(id: string, code: string): string {
  return `<bpmn:error id="${id}" errorCode="${esc(code)}"/>`;
}

/** A sequence flow, optionally conditional. */
export function flow(id: string, from: string, to: string, condition?: string): string {
  const cond = condition ? `<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${esc(condition)}</bpmn:conditionExpression>` : '';
  return `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}">${cond}</bpmn:sequenceFlow>`;
}

/** Chains elements with flows `f_<a>_<b>`. */
export function chain(...ids: string[]): string {
  return ids.slice(1).map((to, i) => flow(`f_${ids[i]}_${to}`, ids[i]!, to)).join('\n');
}

/** Extension elements. */
export function ext(...parts: string[]): string {
  return parts.length ? `<bpmn:extensionElements>${parts.join('')}</bpmn:extensionElements>` : '';
}

/** `zeebe:ioMapping`. */
export function io(inputs: Record<string, string> = {}, outputs: Record<string, string> = {}): string {
  const i = Object.entries(inputs).map(([t, s]) => `<zeebe:input source="${esc(s)}" target="${t}"/>`).join('');
  const o = Object.entries(outputs).map(([t, s]) => `<zeebe:output source="${esc(s)}" target="${t}"/>`).join('');
  return `<zeebe:ioMapping>${i}${o}</zeebe:ioMapping>`;
}

/** `zeebe:taskDefinition`. */
export function taskDef(type: string, retries?: number | string): string {
  return `<zeebe:taskDefinition type="${esc(type)}"${retries === undefined ? '' : ` retries="${retries}"`}/>`;
}

/** `zeebe:taskHeaders`. */
export function headers(h: Record<string, string>): string {
  return `<zeebe:taskHeaders>${Object.entries(h).map(([k, v]) => `<zeebe:header key="${k}" value="${esc(v)}"/>`).join('')}</zeebe:taskHeaders>`;
}

/** A service task of a job type, with extra extension parts. */
export function serviceTask(id: string, type: string, ...extras: string[]): string {
  return `<bpmn:serviceTask id="${id}">${ext(taskDef(type), ...extras)}</bpmn:serviceTask>`;
}

/** A plain element: `<bpmn:tag id>inner</bpmn:tag>`. */
export function el(tag: string, id: string, inner = '', attrs = ''): string {
  return `<bpmn:${tag} id="${id}"${attrs ? ` ${attrs}` : ''}>${inner}</bpmn:${tag}>`;
}

/** Timer event definition. */
export function timer(kind: 'timeDuration' | 'timeDate' | 'timeCycle', value: string): string {
  return `<bpmn:timerEventDefinition><bpmn:${kind} xsi:type="bpmn:tFormalExpression">${esc(value)}</bpmn:${kind}></bpmn:timerEventDefinition>`;
}

/** Message event definition. */
export function msgDef(messageId: string): string {
  return `<bpmn:messageEventDefinition messageRef="${messageId}"/>`;
}

/** Error event definition. */
export function errDef(errorId?: string): string {
  return errorId ? `<bpmn:errorEventDefinition errorRef="${errorId}"/>` : '<bpmn:errorEventDefinition/>';
}

/** Boundary event. */
export function boundary(id: string, attachedTo: string, def: string, interrupting = true): string {
  return `<bpmn:boundaryEvent id="${id}" attachedToRef="${attachedTo}" cancelActivity="${interrupting}">${def}</bpmn:boundaryEvent>`;
}

/** Start → service task(s) of the given types → end. */
export function linear(id: string, ...types: string[]): string {
  const tasks = types.map((t, i) => serviceTask(`t${i + 1}`, t));
  return bpmn(id, el('startEvent', 's'), ...tasks, el('endEvent', 'e'), chain('s', ...types.map((_, i) => `t${i + 1}`), 'e'));
}
