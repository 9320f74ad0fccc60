/** The executable model: a process definition reduced to what the executor needs. */
import type { Expr } from './feel.ts';

/** How an element behaves when a token arrives. */
export type ElementKind =
  | 'process' | 'startEvent' | 'endEvent' | 'throwEvent' | 'jobTask' | 'userTask' | 'receiveTask' | 'passThrough'
  | 'scriptFeel' | 'exclusiveGateway' | 'parallelGateway' | 'inclusiveGateway' | 'eventBasedGateway'
  | 'catchEvent' | 'boundaryEvent' | 'subProcess' | 'eventSubProcess' | 'callActivity'
  /** A compensation intermediate throw or end event (`compensation.ts`); an ad-hoc sub-process (`ad-hoc.ts`). */
  | 'compensationThrow' | 'adHocSubProcess'
  /** A business rule task with `zeebe:calledDecision` (`dmn/business-rule-task.ts`). */
  | 'businessRule';

/** A timer definition. */
export interface TimerDef {
  type: 'date' | 'duration' | 'cycle';
  expr: Expr;
}

/** The event definition of an event element. */
export type EventDef =
  | { kind: 'none' }
  | { kind: 'terminate' }
  | { kind: 'message'; name: Expr; correlationKey?: Expr }
  | { kind: 'timer'; timer: TimerDef }
  | { kind: 'error'; code?: string }
  /** Compensation (`compensation.ts`): a throw's `activityRef` (absent = the whole scope); a boundary's is unused. */
  | { kind: 'compensation'; activityRef?: string; waitForCompletion: boolean }
  /** A link throw or catch event, paired by name within one scope (`links.ts`). */
  | { kind: 'link'; name: string }
  /** Escalation (`escalation.ts`): a throw's code may be FEEL; a catch's is static, absent = catch all. */
  | { kind: 'escalation'; code?: Expr }
  /** Signal (`signals.ts`): the name may be FEEL (a process start event's is evaluated at deployment). */
  | { kind: 'signal'; name: Expr };

/** A zeebe:ioMapping entry. */
export interface Mapping {
  source: Expr;
  target: string;
}

/** Multi-instance characteristics. */
export interface MultiInstanceDef {
  sequential: boolean;
  inputCollection: Expr;
  inputElement?: string;
  outputCollection?: string;
  outputElement?: Expr;
  completionCondition?: Expr;
}

/** `bpmn:adHocSubProcess` with `zeebe:adHoc`. */
export interface AdHocDef {
  activeElementsCollection?: Expr;
  completionCondition?: Expr;
  cancelRemainingInstances: boolean;
  outputCollection?: string;
  outputElement?: Expr;
  /** Inner elements that can be activated (no incoming flow, not a boundary event or compensation handler). */
  activities: string[];
  /** Job-worker implementation (`zeebe:taskDefinition` on the sub-process; `ad-hoc-jobs.ts`). */
  job?: { type: Expr; retries: Expr };
  /** Zeebe's `adHocSubProcessElements` entry of each inner element, by id (`parameters` are not extracted). */
  metadata: Record<string, { elementId: string; elementName: string | null; documentation: string | null; properties: Record<string, string | null> | null; parameters: null }>;
}

/** zeebe:userTask properties. */
export interface UserTaskDef {
  assignee?: Expr;
  candidateGroups?: Expr;
  candidateUsers?: Expr;
  dueDate?: Expr;
  followUpDate?: Expr;
  priority?: Expr;
  formKey?: string;
  /** `zeebe:taskListeners` of event type `creating`, in order. */
  creatingListeners?: { type: Expr; retries: Expr }[];
  /** `zeebe:taskListeners` of the other event types, in order, by event type (`task-transitions.ts`). */
  listeners?: Partial<Record<TaskTransitionEvent, ListenerDef[]>>;
}

/** A listener: its job type and retries (`zeebe:executionListener`, `zeebe:taskListener`). */
export interface ListenerDef {
  type: Expr;
  retries: Expr;
}

/** User-task lifecycle events other than `creating` that listeners may run on. */
export type TaskTransitionEvent = 'assigning' | 'updating' | 'completing' | 'canceling';

/** One flow node (or the process itself, kind `process`). */
export interface ElementModel {
  id: string;
  type: string;
  name: string | null;
  kind: ElementKind;
  /** Id of the enclosing process / sub-process; undefined for the process. */
  scopeId?: string;
  incoming: string[];
  outgoing: string[];
  defaultFlow?: string;
  event?: EventDef;
  /** Boundary `cancelActivity` / event sub-process start `isInterrupting`. */
  interrupting: boolean;
  attachedTo?: string;
  boundaries: string[];
  job?: { type: Expr; retries: Expr };
  headers: Record<string, string>;
  inputs: Mapping[];
  outputs: Mapping[];
  mi?: MultiInstanceDef;
  /** For process / sub-process: its none start event. For event sub-process: its start event. */
  startEvent?: string;
  /** For process / sub-process: their event sub-processes. */
  eventSubProcesses: string[];
  called?: { processId: Expr; propagateAllChildVariables: boolean; propagateAllParentVariables: boolean };
  userTask?: UserTaskDef;
  script?: { expr: Expr; resultVariable?: string };
  /** `zeebe:executionListeners` by event type, in order (`execution-listeners.ts`). */
  executionListeners?: { start: ListenerDef[]; end: ListenerDef[] };
  /** `isForCompensation="true"`: a compensation handler, activated only by compensation. */
  forCompensation?: boolean;
  /** A compensation boundary event: the id of its handler (linked by a `bpmn:association`). */
  compensationHandler?: string;
  /** An ad-hoc sub-process (`ad-hoc.ts`). */
  adHoc?: AdHocDef;
  /** A business rule task's `zeebe:calledDecision` (`dmn/called-decision.ts`). */
  calledDecision?: import('./dmn/called-decision.ts').CalledDecisionDef;
  /** Inclusive joins: elements of the same scope from which this gateway can be reached. */
  reachableFrom?: Set<string>;
}

/** A sequence flow. */
export interface FlowModel {
  id: string;
  sourceId: string;
  targetId: string;
  condition?: Expr;
}

/** An executable process. */
export interface ProcessModel {
  bpmnProcessId: string;
  name: string | null;
  elements: Map<string, ElementModel>;
  flows: Map<string, FlowModel>;
  /** Process-level message and timer start events. */
  messageStarts: string[];
  timerStarts: string[];
}

/** A deployed definition with its model. */
export interface ProcessDefinition {
  key: string;
  bpmnProcessId: string;
  version: number;
  resourceName: string;
  model: ProcessModel;
}

/** Looks an element up; throws if the model is inconsistent. */
export function element(model: ProcessModel, id: string): ElementModel {
  const el = model.elements.get(id);
  if (!el) throw new Error(`Element '${id}' not in process '${model.bpmnProcessId}'`);
  return el;
}
