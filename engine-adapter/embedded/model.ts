/** The executable model: a process definition reduced to what the executor needs. */
import type { Expr } from './feel.ts';

/** How an element behaves when a token arrives. */
export type ElementKind =
  | 'process' | 'startEvent' | 'endEvent' | 'throwEvent' | 'jobTask' | 'userTask' | 'receiveTask' | 'passThrough'
  | 'scriptFeel' | 'exclusiveGateway' | 'parallelGateway' | 'inclusiveGateway' | 'eventBasedGateway'
  | 'catchEvent' | 'boundaryEvent' | 'subProcess' | 'eventSubProcess' | 'callActivity';

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
  | { kind: 'error'; code?: string };

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

/** zeebe:userTask properties. */
export interface UserTaskDef {
  assignee?: Expr;
  candidateGroups?: Expr;
  candidateUsers?: Expr;
  dueDate?: Expr;
  followUpDate?: Expr;
  priority?: Expr;
  formKey?: string;
  /** `zeebe:taskListeners` of event type `creating`, in order (the only event type this engine runs). */
  creatingListeners?: { type: Expr; retries: Expr }[];
}

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
