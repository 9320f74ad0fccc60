/**
 * What the embedded engine runs, as data: the BPMN element types it executes, the event definitions
 * it accepts per kind of event, and the flow elements it ignores on purpose. The parser
 * (`parse-element.ts`, `parser.ts`) decides with these tables; the API serves them
 * (`GET /api/modeler/supported-elements`) so that the modeler's palette and replace menu offer only
 * what both engines run (Zeebe runs a superset of this list).
 */
import type { ElementKind } from './model.ts';

/** Flow elements that carry no behaviour and are ignored on purpose. */
export const IGNORED_TYPES: ReadonlySet<string> = new Set(['bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference']);

/** Task types run as jobs (a `zeebe:taskDefinition` type). `bpmn:ScriptTask` too, unless it has a FEEL `zeebe:script`. */
export const JOB_TASK_TYPES: ReadonlySet<string> = new Set(['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask']);

/** Element types with one fixed kind. `bpmn:ScriptTask` and `bpmn:SubProcess` are decided by their content. */
export const ELEMENT_KINDS: Readonly<Record<string, ElementKind>> = {
  'bpmn:StartEvent': 'startEvent', 'bpmn:EndEvent': 'endEvent', 'bpmn:IntermediateThrowEvent': 'throwEvent',
  'bpmn:IntermediateCatchEvent': 'catchEvent', 'bpmn:BoundaryEvent': 'boundaryEvent', 'bpmn:UserTask': 'userTask',
  'bpmn:ReceiveTask': 'receiveTask', 'bpmn:ManualTask': 'passThrough', 'bpmn:Task': 'passThrough',
  'bpmn:ExclusiveGateway': 'exclusiveGateway', 'bpmn:ParallelGateway': 'parallelGateway',
  'bpmn:InclusiveGateway': 'inclusiveGateway', 'bpmn:EventBasedGateway': 'eventBasedGateway',
  'bpmn:CallActivity': 'callActivity', 'bpmn:Process': 'process',
};

/** Allowed event definitions per element kind (`eventSubProcessStart`: a start event inside an event sub-process). */
export const ALLOWED_EVENTS: Readonly<Record<string, readonly string[]>> = {
  startEvent: ['none', 'message', 'timer'],
  eventSubProcessStart: ['message', 'timer', 'error'],
  endEvent: ['none', 'terminate', 'error', 'message'],
  throwEvent: ['none'],
  catchEvent: ['message', 'timer'],
  boundaryEvent: ['message', 'timer', 'error'],
};

/** The BPMN event definition type of each event kind name used above. */
export const EVENT_DEFINITION_TYPES: Readonly<Record<string, string>> = {
  message: 'bpmn:MessageEventDefinition', timer: 'bpmn:TimerEventDefinition', error: 'bpmn:ErrorEventDefinition', terminate: 'bpmn:TerminateEventDefinition',
};

/** The supported-elements list as plain JSON, for the modeler. */
export interface SupportedElements {
  /** Flow node types the engine runs (including `bpmn:ScriptTask`, `bpmn:SubProcess` and event sub-processes). */
  flowNodes: string[];
  /** Per event element type: the event definitions allowed (`none` = no definition). */
  events: Record<string, string[]>;
  /** Event definitions allowed on a start event inside an event sub-process. */
  eventSubProcessStart: string[];
  /** Elements accepted but ignored (data objects and stores). */
  ignored: string[];
  /** Only multi-instance loops (`bpmn:MultiInstanceLoopCharacteristics`), no standard loops. */
  loops: string[];
}

const EVENT_KIND_OF_TYPE: Record<string, string> = {
  'bpmn:StartEvent': 'startEvent', 'bpmn:EndEvent': 'endEvent', 'bpmn:IntermediateThrowEvent': 'throwEvent',
  'bpmn:IntermediateCatchEvent': 'catchEvent', 'bpmn:BoundaryEvent': 'boundaryEvent',
};

const toDefinitions = (kinds: readonly string[]) => kinds.map((k) => (k === 'none' ? 'none' : EVENT_DEFINITION_TYPES[k]!));

/** The tables above as one JSON value (event kinds as BPMN definition types). */
export function supportedElements(): SupportedElements {
  const flowNodes = [...Object.keys(ELEMENT_KINDS).filter((t) => t !== 'bpmn:Process'), ...JOB_TASK_TYPES, 'bpmn:ScriptTask', 'bpmn:SubProcess'].sort();
  const events: Record<string, string[]> = {};
  for (const [type, kind] of Object.entries(EVENT_KIND_OF_TYPE)) events[type] = toDefinitions(ALLOWED_EVENTS[kind]!);
  return { flowNodes, events, eventSubProcessStart: toDefinitions(ALLOWED_EVENTS.eventSubProcessStart!), ignored: [...IGNORED_TYPES].sort(), loops: ['bpmn:MultiInstanceLoopCharacteristics'] };
}
