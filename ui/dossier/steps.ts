/**
 * The steps of a BPMN diagram read from its XML (the browser's DOMParser, no bpmn-js): their
 * names, kinds and candidate groups, in the order of the file. Used for the diagram's text
 * alternative (the steps done and current) and to say who holds an open dossier while it has no
 * open task yet.
 */
import type { ProcessView } from './data.ts';

const BPMN = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
const ZEEBE = 'http://camunda.org/schema/zeebe/1.0';

/** Flow nodes that are steps a reader cares about (flows are left out). */
const STEP_KINDS = new Set([
  'task', 'userTask', 'serviceTask', 'sendTask', 'receiveTask', 'scriptTask', 'businessRuleTask', 'manualTask', 'callActivity', 'subProcess',
  'startEvent', 'endEvent', 'intermediateCatchEvent', 'intermediateThrowEvent', 'boundaryEvent',
]);
/** Gateways: listed only while a token waits at one (an event-based gateway waits for its events). */
const GATEWAYS = new Set(['exclusiveGateway', 'parallelGateway', 'inclusiveGateway', 'complexGateway', 'eventBasedGateway']);

export interface StepInfo {
  id: string;
  name: string;
  kind: string;
  /** Candidate groups of a user task (roles), if any. */
  groups: string[];
  /** What an event-based gateway waits for: the names of the events after it. */
  waitsFor: string[];
}

export type StepState = 'active' | 'done' | 'incident';

export interface StepRow extends StepInfo {
  state: StepState;
}

/** Every named step of the diagram, in document order. */
export function parseSteps(xml: string): StepInfo[] {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length) return [];
  const all = Array.from(doc.getElementsByTagNameNS(BPMN, '*'));
  const nameOf = new Map(all.map((el) => [el.getAttribute('id') ?? '', el.getAttribute('name')?.trim() ?? '']));
  const targets = (id: string) => all.filter((el) => el.localName === 'sequenceFlow' && el.getAttribute('sourceRef') === id)
    .map((el) => nameOf.get(el.getAttribute('targetRef') ?? '') ?? '').filter(Boolean);
  const out: StepInfo[] = [];
  for (const el of all) {
    if (!STEP_KINDS.has(el.localName) && !GATEWAYS.has(el.localName)) continue;
    const id = el.getAttribute('id');
    const name = el.getAttribute('name')?.trim() ?? '';
    const waitsFor = el.localName === 'eventBasedGateway' && id ? targets(id) : [];
    if (!id || (!name && !waitsFor.length)) continue;
    const assignment = el.getElementsByTagNameNS(ZEEBE, 'assignmentDefinition')[0];
    const groups = (assignment?.getAttribute('candidateGroups') ?? '').split(',').map((g) => g.trim()).filter(Boolean);
    out.push({ id, name, kind: el.localName, groups, waitsFor });
  }
  return out;
}

/** The steps done, current and stopped by an incident, in diagram order. */
export function stepRows(steps: StepInfo[], p: Pick<ProcessView, 'active' | 'completed' | 'incidents'>): StepRow[] {
  const rows: StepRow[] = [];
  for (const s of steps) {
    if (GATEWAYS.has(s.kind) && !p.active.includes(s.id) && !p.incidents.includes(s.id)) continue;
    if (p.incidents.includes(s.id)) rows.push({ ...s, state: 'incident' });
    else if (p.active.includes(s.id)) rows.push({ ...s, state: 'active' });
    else if (p.completed.includes(s.id)) rows.push({ ...s, state: 'done' });
  }
  return rows;
}

/** The user tasks active now (who holds the dossier while the view's `holders` is empty). */
export function activeUserTasks(steps: StepInfo[], p: Pick<ProcessView, 'active'>): StepInfo[] {
  return steps.filter((s) => s.kind === 'userTask' && p.active.includes(s.id));
}
