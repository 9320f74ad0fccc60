/**
 * The workflow engine as the application sees it. Modelled on the Zeebe (Camunda 8.8) client so that
 * both the embedded engine (`embedded/`) and a Zeebe adapter (`zeebe/`) implement it.
 * Keys are decimal strings, as in the Zeebe JavaScript SDK. Times are `Date`s; durations are milliseconds.
 */

import type { EngineReads } from './engine-reads.ts';
import type { Decisions } from './decisions.ts';

/** A JSON object of process variables. */
export type Variables = Record<string, unknown>;

/** One BPMN resource to deploy. */
export interface DeployResource {
  /** File name, e.g. `dang-ky-khai-sinh.bpmn`. */
  name: string;
  /** The BPMN 2.0 XML (Zeebe dialect). */
  content: string;
}

/** A process definition created (or found unchanged) by a deployment. */
export interface DeployedProcess {
  /** The `id` of the `bpmn:process`. */
  bpmnProcessId: string;
  /** Version of this definition; identical XML redeployed keeps its version. */
  version: number;
  /** Key of the process definition. */
  processDefinitionKey: string;
  /** Resource (file) name it came from. */
  resourceName: string;
}

/** Reference to a created process instance. */
export interface ProcessInstanceRef {
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
}

/** Options of {@link WorkflowEngine.publishMessage}. */
export interface PublishMessageRequest {
  /** Message name, as in the `bpmn:message name`. */
  name: string;
  /** Correlation key matched against the subscription's evaluated `zeebe:subscription correlationKey`. */
  correlationKey: string;
  /** Variables set on correlation. */
  variables?: Variables;
  /** How long the message is buffered for subscriptions opened later, in ms (default 0: not buffered). */
  timeToLive?: number;
  /** Optional id: a second message with the same name and id within the first one's time to live is ignored. */
  messageId?: string;
}

/** Outcome of {@link WorkflowEngine.publishMessage}. */
export interface PublishMessageResult {
  /** Key of the message (the earlier message's key for a duplicate). */
  messageKey: string;
  /** True when the message id was already published within its time to live; nothing else happened. */
  duplicate: boolean;
}

/** A job handed to a worker. */
export interface ActivatedJob {
  key: string;
  type: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  processDefinitionVersion: number;
  processDefinitionKey: string;
  elementId: string;
  elementInstanceKey: string;
  /** `zeebe:taskHeaders` of the element. */
  customHeaders: Record<string, string>;
  /** Name of the worker that activated the job. */
  worker: string;
  /** Retries left. */
  retries: number;
  /** When the activation times out and the job becomes activatable again. */
  deadline: Date;
  /** Variables visible from the element (after input mappings). */
  variables: Variables;
  /**
   * Camunda's job kind: `BPMN_ELEMENT`, `EXECUTION_LISTENER` or `TASK_LISTENER`. Absent when the
   * engine's protocol does not carry it (the Zeebe adapter's gateway protocol).
   */
  kind?: JobKind;
  /** The listener's event type (`START`, `END`, `CREATING`, `ASSIGNING`, … ; `UNSPECIFIED` for a BPMN element's job). */
  listenerEventType?: string;
}

/** Camunda's kinds of jobs. */
export type JobKind = 'BPMN_ELEMENT' | 'EXECUTION_LISTENER' | 'TASK_LISTENER' | 'AD_HOC_SUB_PROCESS';

/** Options of {@link WorkflowEngine.failJob}. */
export interface FailJobRequest {
  jobKey: string;
  /** Retries left; 0 raises an incident. */
  retries: number;
  errorMessage?: string;
  /** Delay in ms before the job can be activated again. */
  retryBackOff?: number;
  /** Variables set on the job's element scope. */
  variables?: Variables;
}

/** Options of {@link WorkflowEngine.throwError}. */
export interface ThrowErrorRequest {
  jobKey: string;
  /** BPMN error code matched against error boundary events and error event sub-processes. */
  errorCode: string;
  errorMessage?: string;
  variables?: Variables;
}

/** Options of {@link WorkflowEngine.activateJobs}. */
export interface ActivateJobsRequest {
  type: string;
  /** Most jobs to return. */
  maxJobsToActivate: number;
  /** Activation timeout in ms. */
  timeout: number;
  /** Worker name recorded on the jobs. */
  worker: string;
}

/** Corrections a user-task listener's job may make to the task (Camunda 8.8 `result.corrections`). */
export interface UserTaskCorrections {
  assignee?: string;
  /** ISO 8601 date-time; the empty string clears it. */
  dueDate?: string;
  followUpDate?: string;
  candidateGroups?: string[];
  candidateUsers?: string[];
  priority?: number;
}

/**
 * The result of a user-task listener's job (Camunda 8.8 job result of type `userTask`). Every listener
 * may correct the task; `assigning`, `updating` and `completing` listeners may deny the transition
 * (the task stays as it was, every correction of the transition discarded).
 */
export interface JobResult {
  /** `userTask` (default: a task listener's denial or corrections) or `adHocSubProcess` (the job of an ad-hoc sub-process's job worker). */
  type?: 'userTask' | 'adHocSubProcess';
  denied?: boolean;
  deniedReason?: string;
  corrections?: UserTaskCorrections;
  /** Ad-hoc sub-process: inner elements to activate, each with local variables. */
  activateElements?: Array<{ elementId: string; variables?: Variables }>;
  /** Ad-hoc sub-process: complete it (no element may then be activated). */
  isCompletionConditionFulfilled?: boolean;
  /** Ad-hoc sub-process completed: terminate the inner elements still active (else wait for them). */
  isCancelRemainingInstances?: boolean;
}

/** Actions a handler takes on its job; call exactly one. */
export interface JobActions {
  /** Completes the job; `result` only for a user-task listener's job (then without variables). */
  complete(variables?: Variables, result?: JobResult): Promise<void>;
  fail(options: { retries?: number; errorMessage?: string; retryBackOff?: number }): Promise<void>;
  error(errorCode: string, errorMessage?: string, variables?: Variables): Promise<void>;
}

/** A job as passed to a {@link JobHandler}. */
export type WorkerJob = ActivatedJob & JobActions;

/**
 * Handles one job. If it throws, the job is failed with one retry fewer and the thrown message;
 * if it returns without acting, the job stays activated until its timeout.
 */
export type JobHandler = (job: WorkerJob) => Promise<void>;

/** Options of {@link WorkflowEngine.createWorker}. */
export interface JobWorkerOptions {
  /** Job type served. */
  type: string;
  handler: JobHandler;
  /** Most jobs handled at once (default 32). */
  maxJobsActive?: number;
  /** Activation timeout in ms (default 5 minutes). */
  timeout?: number;
  /** Worker name (default `<type>-worker`). */
  worker?: string;
  /** Poll interval in ms when idle (default 100). */
  pollInterval?: number;
}

/** A running job worker. */
export interface JobWorker {
  /** Stops polling and waits for the handlers running. */
  close(): Promise<void>;
}

/** A user task as read by the task list. */
export interface UserTask {
  key: string;
  /**
   * A task whose `creating` listeners still run is not a task yet: not listed, not announced. While the
   * listeners of a transition run, the task is ASSIGNING, UPDATING, COMPLETING or CANCELING (Camunda 8.8).
   */
  state: 'CREATED' | 'ASSIGNING' | 'UPDATING' | 'COMPLETING' | 'CANCELING' | 'COMPLETED' | 'CANCELED';
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  elementId: string;
  elementInstanceKey: string;
  name: string | null;
  assignee: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
  dueDate: string | null;
  followUpDate: string | null;
  priority: number;
  /** `zeebe:formDefinition` formKey or formId. */
  formKey: string | null;
  /** `zeebe:taskHeaders`. */
  customHeaders: Record<string, string>;
  creationDate: Date;
}

/** A user-task lifecycle event. */
export interface UserTaskEvent {
  type: 'created' | 'updated' | 'completed' | 'canceled';
  task: UserTask;
  /** Variables passed on completion. */
  variables?: Variables;
}

/** Changes accepted by {@link WorkflowEngine.updateUserTask}; absent fields are left as they are. */
export interface UserTaskUpdate {
  dueDate?: string | null;
  followUpDate?: string | null;
  candidateGroups?: string[];
  candidateUsers?: string[];
  priority?: number;
}

/** An incident: a token that cannot go on until someone acts. */
export interface Incident {
  key: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  elementId: string;
  elementInstanceKey: string;
  /** Zeebe error type, e.g. `JOB_NO_RETRIES`, `CONDITION_ERROR`, `EXTRACT_VALUE_ERROR`, `UNHANDLED_ERROR_EVENT`. */
  errorType: string;
  errorMessage: string;
  jobKey: string | null;
  creationTime: Date;
}

/** State of a process instance. */
export type ProcessInstanceState = 'ACTIVE' | 'COMPLETED' | 'CANCELED';

/** Read model of a process instance. */
export interface ProcessInstanceView {
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  state: ProcessInstanceState;
  /** True when at least one of its tokens has an open incident. */
  hasIncident: boolean;
  /** Root-scope variables. */
  variables: Variables;
  startDate: Date;
  endDate: Date | null;
  parentProcessInstanceKey: string | null;
}

/** One element instance in the history of a process instance. */
export interface ElementHistoryEntry {
  elementInstanceKey: string;
  elementId: string;
  elementType: string;
  enteredAt: Date;
  /** Null while the element is active. */
  leftAt: Date | null;
  state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED';
}

/** Token counts on one element of a process definition, over its running instances. */
export interface ElementStatistics {
  elementId: string;
  /** Active tokens without incident. */
  active: number;
  /** Tokens waiting on an open incident. */
  incidents: number;
}

/** Filter of {@link WorkflowEngine.listUserTasks}. */
export interface UserTaskFilter {
  processInstanceKey?: string;
  state?: UserTask['state'];
  assignee?: string;
  candidateGroup?: string;
  /**
   * Keyset paging (the task list's reconcile): only tasks whose key is numerically greater, at most
   * `limit` of them, in key order. An engine that does not page may ignore both and return every match.
   */
  afterKey?: string;
  limit?: number;
}

/** Filter of {@link WorkflowEngine.listIncidents}. */
export interface IncidentFilter {
  processInstanceKey?: string;
}

/** Filter of {@link WorkflowEngine.searchProcessInstances}; absent fields match every instance. */
export interface ProcessInstanceQuery {
  bpmnProcessId?: string;
  processDefinitionKey?: string;
  state?: ProcessInstanceState;
  parentProcessInstanceKey?: string;
  /**
   * Root-scope variables the instance must hold, each equal to the given JSON value (all must match):
   * `{ dossierId: 'd-1' }` finds the instances started with that dossier id; `'1'` does not match `1`.
   * On Zeebe the value is compared as Camunda serialises it, and the search reads secondary storage:
   * an instance created a moment ago may not be found yet (see docs/ZEEBE.md).
   */
  variables?: Variables;
}

/** Options of {@link WorkflowEngine.correlateMessage}. */
export interface CorrelateMessageRequest {
  /** Message name, as in the `bpmn:message name`. */
  name: string;
  /** Correlation key matched against the subscription's evaluated correlation key. */
  correlationKey: string;
  /** Variables set on correlation. */
  variables?: Variables;
}

/** Outcome of {@link WorkflowEngine.correlateMessage}. */
export interface CorrelateMessageResult {
  messageKey: string;
  /** The instance whose subscription took the message. */
  processInstanceKey: string;
}

/** Outcome of {@link WorkflowEngine.broadcastSignal}. */
export interface BroadcastSignalResult {
  signalKey: string;
  tenantId: string;
}

/** The workflow engine (its `/v2` read models are {@link EngineReads}, engine-reads.ts). */
export interface WorkflowEngine extends EngineReads, Decisions {
  /** Starts background work: job-worker polling, timers, time-outs. Idempotent. */
  start(): Promise<void>;
  /** Stops background work and closes workers; does not close the database. */
  stop(): Promise<void>;

  /**
   * Deploys BPMN resources. Per process: identical XML keeps the latest version; changed XML gets the
   * next version; running instances stay on their version. Rejects the whole deployment on any error
   * (parse, unsupported element, FEEL syntax, missing job type).
   */
  deployResources(resources: DeployResource[]): Promise<DeployedProcess[]>;

  /** Creates an instance of the latest (or the given) version, starting at its none start event. */
  createProcessInstance(request: { bpmnProcessId: string; version?: number; variables?: Variables }): Promise<ProcessInstanceRef>;

  /** Creates an instance of exactly this definition (by key), at its none start event; NotFoundError if unknown. */
  createProcessInstanceByKey(request: { processDefinitionKey: string; variables?: Variables }): Promise<ProcessInstanceRef>;

  /** Cancels an active instance: its jobs, timers, subscriptions, user tasks and called instances go with it. */
  cancelProcessInstance(processInstanceKey: string): Promise<void>;

  /** Publishes a message; correlated now, or buffered for its time to live. */
  publishMessage(request: PublishMessageRequest): Promise<PublishMessageResult>;

  /**
   * Correlates a message now to one open subscription matching name and correlation key, never
   * buffering it; NotFoundError when no subscription matches.
   */
  correlateMessage(request: CorrelateMessageRequest): Promise<CorrelateMessageResult>;

  /**
   * Broadcasts a signal (Camunda 8.8): triggers every signal catch event of that name waiting now
   * (intermediate, boundary, event sub-process start) and starts an instance of every latest process
   * definition with a signal start event of that name, with these variables. A signal nobody waits for
   * does nothing. `tenantId`: only `<default>` exists on the embedded engine.
   */
  broadcastSignal(signalName: string, variables?: Variables, tenantId?: string): Promise<BroadcastSignalResult>;

  /**
   * Sets variables on an element instance's scope (the process instance key is the root scope).
   * With `local`, on that scope only; otherwise each variable goes to the nearest scope that has it, else the root.
   */
  setVariables(request: { elementInstanceKey: string; variables: Variables; local?: boolean }): Promise<void>;

  /** Starts a job worker (it polls only after {@link WorkflowEngine.start}). */
  createWorker(options: JobWorkerOptions): JobWorker;

  /** Activates up to `maxJobsToActivate` jobs of a type (for callers that manage their own loop). */
  activateJobs(request: ActivateJobsRequest): Promise<ActivatedJob[]>;

  /**
   * Completes an activated job; its variables are merged into the element scope (then output mappings).
   * A user-task listener's job completes without variables, optionally with a `result` (corrections).
   */
  completeJob(jobKey: string, variables?: Variables, result?: JobResult): Promise<void>;

  /** Fails a job: with retries left it is activatable again after `retryBackOff`; with 0 an incident is raised. */
  failJob(request: FailJobRequest): Promise<void>;

  /** Throws a BPMN error from a job; uncaught, it raises an incident. */
  throwError(request: ThrowErrorRequest): Promise<void>;

  /** Sets the retries of a job (before resolving its incident). */
  updateJobRetries(jobKey: string, retries: number): Promise<void>;

  /** Subscribes to user-task events (created, updated, completed, canceled); returns the unsubscribe function. */
  onUserTaskEvent(listener: (event: UserTaskEvent) => void): () => void;

  /** Lists user tasks. */
  listUserTasks(filter?: UserTaskFilter): Promise<UserTask[]>;

  /** Reads one user task. */
  getUserTask(userTaskKey: string): Promise<UserTask>;

  /** Assigns a user task. */
  assignUserTask(userTaskKey: string, assignee: string): Promise<void>;

  /** Removes the assignee of a user task. */
  unassignUserTask(userTaskKey: string): Promise<void>;

  /** Updates due date, follow-up date, candidates or priority of a user task. */
  updateUserTask(userTaskKey: string, changes: UserTaskUpdate): Promise<void>;

  /** Completes a user task; variables are merged into its element scope (then output mappings). */
  completeUserTask(userTaskKey: string, variables?: Variables): Promise<void>;

  /** Lists open incidents. */
  listIncidents(filter?: IncidentFilter): Promise<Incident[]>;

  /**
   * Resolves an incident: a job incident makes the job activatable again (set its retries first);
   * any other incident re-runs the element with the current variables.
   */
  resolveIncident(incidentKey: string): Promise<void>;

  /** Reads a process instance: state and root variables; undefined if unknown. */
  getProcessInstance(processInstanceKey: string): Promise<ProcessInstanceView | undefined>;

  /**
   * Process instances matching a filter, newest first. Search results carry no variables
   * (`variables` is `{}`): read one instance with {@link WorkflowEngine.getProcessInstance} for them.
   * Bounded: the embedded engine answers at most 1,000, the Zeebe adapter at most 10,000.
   */
  searchProcessInstances(filter: ProcessInstanceQuery): Promise<ProcessInstanceView[]>;

  /** Every element instance entered by a process instance, in order, with enter and leave times. */
  getProcessInstanceHistory(processInstanceKey: string): Promise<ElementHistoryEntry[]>;

  /** Per element of a process definition: active and incident token counts over its running instances. */
  getElementStatistics(processDefinitionKey: string): Promise<ElementStatistics[]>;

  /** The BPMN XML a process definition was deployed from; NotFoundError if unknown. */
  getProcessDefinitionXml(processDefinitionKey: string): Promise<string>;

  /**
   * Deletes one batch of history that only grows (retention): expired messages, the element history of
   * instances ended before `before`, user-task events older than it. Absent where the engine keeps its
   * own retention (a Zeebe cluster's exporters and secondary storage).
   */
  pruneHistory?(before: Date, batch: number): Promise<{ messages: number; elementHistory: number; userTaskEvents: number }>;

  /** Makes the space of pruned rows reusable (a database without autovacuum, e.g. PGlite). */
  compactHistory?(): Promise<void>;
}
