/**
 * What the embedded engine runs, as data: the BPMN element types it executes, the event definitions
 * it accepts per kind of event, and the flow elements it ignores on purpose. The parser
 * (`parse-element.ts`, `parser.ts`) decides with these tables; the API serves them
 * (`GET /api/modeler/supported-elements`) so that the modeler's palette and replace menu offer only
 * what both engines run (Zeebe runs a superset of this list).
 */
import type { ElementKind } from './model.ts';
import { AGGREGATIONS, HIT_POLICIES } from './dmn/model.ts';

/** Flow elements that carry no behaviour and are ignored on purpose. */
export const IGNORED_TYPES: ReadonlySet<string> = new Set(['bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference']);

/**
 * Task types run as jobs (a `zeebe:taskDefinition` type). `bpmn:ScriptTask` too, unless it has a FEEL `zeebe:script`;
 * `bpmn:BusinessRuleTask` with `zeebe:calledDecision` evaluates a DMN decision instead ({@link CALLED_DECISION}).
 */
export const JOB_TASK_TYPES: ReadonlySet<string> = new Set(['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask']);

/** Element types with one fixed kind. `bpmn:ScriptTask` and `bpmn:SubProcess` are decided by their content. */
export const ELEMENT_KINDS: Readonly<Record<string, ElementKind>> = {
  'bpmn:StartEvent': 'startEvent', 'bpmn:EndEvent': 'endEvent', 'bpmn:IntermediateThrowEvent': 'throwEvent',
  'bpmn:IntermediateCatchEvent': 'catchEvent', 'bpmn:BoundaryEvent': 'boundaryEvent', 'bpmn:UserTask': 'userTask',
  'bpmn:ReceiveTask': 'receiveTask', 'bpmn:ManualTask': 'passThrough', 'bpmn:Task': 'passThrough',
  'bpmn:ExclusiveGateway': 'exclusiveGateway', 'bpmn:ParallelGateway': 'parallelGateway',
  'bpmn:InclusiveGateway': 'inclusiveGateway', 'bpmn:EventBasedGateway': 'eventBasedGateway',
  'bpmn:CallActivity': 'callActivity', 'bpmn:Process': 'process', 'bpmn:AdHocSubProcess': 'adHocSubProcess',
};

/** Allowed event definitions per element kind (`eventSubProcessStart`: a start event inside an event sub-process). */
export const ALLOWED_EVENTS: Readonly<Record<string, readonly string[]>> = {
  startEvent: ['none', 'message', 'timer', 'signal'],
  eventSubProcessStart: ['message', 'timer', 'error', 'escalation', 'signal'],
  endEvent: ['none', 'terminate', 'error', 'message', 'escalation', 'signal', 'compensation'],
  throwEvent: ['none', 'message', 'link', 'escalation', 'signal', 'compensation'],
  catchEvent: ['message', 'timer', 'link', 'signal'],
  boundaryEvent: ['message', 'timer', 'error', 'escalation', 'signal', 'compensation'],
};

/**
 * Timer kinds per timer event (Camunda 8.8, checked at deployment by `validate-timers.ts`): a process's
 * timer start event a date or a cycle; an intermediate catch event a duration or a date; an interrupting
 * boundary event or event sub-process start no cycle; a non-interrupting one any kind.
 */
export const TIMER_KINDS = {
  startEvent: ['date', 'cycle'], catchEvent: ['duration', 'date'], interrupting: ['duration', 'date'], nonInterrupting: ['duration', 'date', 'cycle'],
} as const satisfies Record<string, readonly ('date' | 'duration' | 'cycle')[]>;

/** The BPMN event definition type of each event kind name used above. */
export const EVENT_DEFINITION_TYPES: Readonly<Record<string, string>> = {
  message: 'bpmn:MessageEventDefinition', timer: 'bpmn:TimerEventDefinition', error: 'bpmn:ErrorEventDefinition', terminate: 'bpmn:TerminateEventDefinition',
  link: 'bpmn:LinkEventDefinition', escalation: 'bpmn:EscalationEventDefinition', signal: 'bpmn:SignalEventDefinition',
  compensation: 'bpmn:CompensateEventDefinition',
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
  /** Timer kinds (`timeDate`, `timeDuration`, `timeCycle`) per timer event: see {@link TIMER_KINDS}. */
  timers: Record<string, string[]>;
  /** Listener event types run: see {@link LISTENER_EVENTS}. */
  listeners: { execution: string[]; task: string[] };
  /** `bpmn:BusinessRuleTask` also runs a DMN decision itself (`zeebe:calledDecision`): see {@link CALLED_DECISION}. */
  calledDecision: { bindingTypes: string[]; hitPolicies: string[]; aggregations: string[]; decisionLogic: string[] };
}

/** What a business rule task with `zeebe:calledDecision` runs (`dmn/`): binding types and the DMN 1.3 decision logic. */
export const CALLED_DECISION = {
  bindingTypes: ['latest', 'deployment', 'versionTag'], hitPolicies: [...HIT_POLICIES], aggregations: [...AGGREGATIONS], decisionLogic: ['dmn:DecisionTable', 'dmn:LiteralExpression'],
};

/**
 * Listener event types the engine runs: execution listeners (`zeebe:executionListeners`; no `start` on
 * start and boundary events, no `end` on gateways and error end events, as in Camunda) and user-task
 * listeners (`zeebe:taskListeners`: `creating`, `assigning`, `updating`, `completing`, `canceling`).
 */
export const LISTENER_EVENTS = { execution: ['start', 'end'], task: ['creating', 'assigning', 'updating', 'completing', 'canceling'] } as const;

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
  const timer = (kinds: readonly string[]) => kinds.map((k) => `time${k[0]!.toUpperCase()}${k.slice(1)}`);
  const timers = Object.fromEntries(Object.entries(TIMER_KINDS).map(([where, kinds]) => [where, timer(kinds)]));
  return { flowNodes, events, eventSubProcessStart: toDefinitions(ALLOWED_EVENTS.eventSubProcessStart!), ignored: [...IGNORED_TYPES].sort(), loops: ['bpmn:MultiInstanceLoopCharacteristics'], timers,
    listeners: { execution: [...LISTENER_EVENTS.execution], task: [...LISTENER_EVENTS.task] },
    calledDecision: { bindingTypes: [...CALLED_DECISION.bindingTypes], hitPolicies: [...CALLED_DECISION.hitPolicies], aggregations: [...CALLED_DECISION.aggregations], decisionLogic: [...CALLED_DECISION.decisionLogic] } };
}
