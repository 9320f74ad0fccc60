/**
 * Read models of the workflow engine beyond what the task list needs, as Camunda 8.8's Orchestration
 * Cluster REST API serves them (`/v2`): definitions, element instances, variables with their keys, jobs,
 * message subscriptions and the sequence flows an instance took. Part of {@link WorkflowEngine}
 * (`workflow-engine.ts`); keys are decimal strings of int64 values.
 */
import type { ElementHistoryEntry } from './workflow-engine.ts';

/** A deployed process definition. */
export interface ProcessDefinitionView {
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  resourceName: string;
  /** The `name` of the `bpmn:process`, if it has one. */
  name: string | null;
  /** `zeebe:versionTag`, if any. */
  versionTag: string | null;
}

/** Filter of {@link EngineReads.searchProcessDefinitions}; absent fields match every definition. */
export interface ProcessDefinitionQuery {
  bpmnProcessId?: string;
  processDefinitionKey?: string;
}

/** One element instance, active or done, with the instance it belongs to. */
export interface ElementInstanceView extends ElementHistoryEntry {
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
}

/** A variable on one scope (the process instance key is the root scope). */
export interface VariableView {
  /** A stable int64 key of this variable on this scope. */
  variableKey: string;
  name: string;
  value: unknown;
  scopeKey: string;
  processInstanceKey: string;
}

/** Filter of {@link EngineReads.listVariables}: an instance's variables, on every scope or on one. */
export interface VariableQuery {
  processInstanceKey: string;
  scopeKey?: string;
}

/** A job that exists now (created, activated or failed; completed jobs are gone). */
export interface JobView {
  key: string;
  type: string;
  /** Camunda's job state: `CREATED` (activatable or activated) or `FAILED` (failed at least once). */
  state: 'CREATED' | 'FAILED';
  retries: number;
  worker: string | null;
  /** When the activation times out; null while not activated. */
  deadline: Date | null;
  errorMessage: string | null;
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  elementId: string;
  elementInstanceKey: string;
  customHeaders: Record<string, string>;
  /** Camunda's job kind and listener event type, when the engine knows them. */
  kind?: string;
  listenerEventType?: string;
}

/** Filter of {@link EngineReads.searchJobs}. */
export interface JobQuery {
  processInstanceKey?: string;
  jobKey?: string;
}

/** An open message subscription of a process instance (a catch event, receive task or boundary event waiting). */
export interface MessageSubscriptionView {
  key: string;
  messageName: string;
  correlationKey: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  elementId: string;
  elementInstanceKey: string;
}

/** The reads. */
export interface EngineReads {
  /** Deployed definitions matching the filter, by key. */
  searchProcessDefinitions(filter?: ProcessDefinitionQuery): Promise<ProcessDefinitionView[]>;
  /** One element instance (active or done); undefined if unknown. */
  getElementInstance(elementInstanceKey: string): Promise<ElementInstanceView | undefined>;
  /** Variables of an instance (every scope, or the one given), each with its key. */
  listVariables(filter: VariableQuery): Promise<VariableView[]>;
  /** One variable by its key; undefined if unknown. */
  getVariable(variableKey: string): Promise<VariableView | undefined>;
  /** The variables of a user task's scope and every scope enclosing it (Camunda 8.8's user-task variables); NotFoundError if unknown. */
  listUserTaskVariables(userTaskKey: string): Promise<VariableView[]>;
  /** Jobs that exist now, matching the filter. */
  searchJobs(filter?: JobQuery): Promise<JobView[]>;
  /** Open message subscriptions of process instances (not those of message start events). */
  searchMessageSubscriptions(filter?: { processInstanceKey?: string }): Promise<MessageSubscriptionView[]>;
  /** The ids of the sequence flows a process instance took, each once, in the order first taken. */
  getTakenSequenceFlows(processInstanceKey: string): Promise<string[]>;
}
