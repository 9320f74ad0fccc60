/** The durable state of a process instance (one JSON document per instance) and the side-table rows. */
import type { Variables } from '../workflow-engine.ts';

/** What to redo when an incident on an element instance is resolved. */
export type RetryPhase = 'behavior' | 'complete';

/** Multi-instance bookkeeping on a body (`body`) or an inner instance (`inner`). */
export interface MultiInstanceState {
  role: 'body' | 'inner';
  /** Body: the input collection; inner: unused. */
  items?: unknown[];
  /** Body: index of the next inner instance to create (sequential). */
  next?: number;
  /** Body: inner instances completed. */
  completed?: number;
  /** Inner: 1-based loop counter. */
  loopCounter?: number;
}

/** Side resources an element instance owns, so that leaving it removes them. */
export interface Owned {
  job?: boolean;
  timers?: boolean;
  subs?: boolean;
  userTask?: boolean;
  /** Index of the `creating` task listener whose job is open (the user task is still CREATING). */
  listener?: number;
  /** The execution listener whose job is open (`execution-listeners.ts`); `started` once the start listeners are done. */
  el?: { event: 'start' | 'end'; index: number };
  started?: boolean;
  /** The process root waiting on its start execution listeners: the start event to activate after them. */
  startEvent?: string;
  /** An event sub-process waiting on its start execution listeners: the variables of the event that triggered it. */
  trigger?: Variables;
  /** A user-task transition waiting on its listeners' jobs (`task-transitions.ts`). */
  transition?: PendingTransition;
  /** How the last transition of the task ended (read by the command waiting on it; `transition-outcome.ts`). */
  outcome?: { id: string; denied: boolean; reason: string };
  /** Key of the called process instance. */
  child?: string;
}

/** A user-task lifecycle transition (assigning, updating, completing, canceling) held while its listeners run. */
export interface PendingTransition {
  event: 'assigning' | 'updating' | 'completing' | 'canceling';
  /** The transition's id (a key), by which the command that started it waits on its outcome. */
  id?: string;
  /** Index of the listener whose job is open. */
  index: number;
  /** The task columns the command changes (applied when the last listener completes). */
  changes: Record<string, unknown>;
  /** Columns corrected by the listeners so far. */
  corrections: Record<string, unknown>;
  /** Completion variables (completing), or variables set on the task's element instance (updating). */
  variables?: Variables;
  /** Updating: the variables are set on the task's scope only (`setVariables` with `local`). */
  local?: boolean;
}

/** One active element instance (the process itself is the root, keyed by the instance key). */
export interface ElementInstanceState {
  key: string;
  elementId: string;
  elementType: string;
  /** Flow scope: the enclosing sub-process / body / process element instance; null for the root. */
  parentKey: string | null;
  enteredAt: string;
  own?: Owned;
  mi?: MultiInstanceState;
  /** Open incident key, if any. */
  incident?: string;
  retry?: RetryPhase;
  /** Set while an interrupting event sub-process runs in this scope. */
  interrupted?: boolean;
  /** Being terminated, waiting on `canceling` task listeners (its own or those of an element inside it; `canceling-listeners.ts`). */
  terminating?: { then?: AfterTermination };
}

/** What follows a termination once it is finished: an interrupting boundary event's activation, or the instance's cancellation. */
export type AfterTermination = { activate: string; scopeKey: string; trigger: Variables } | { cancel: true };

/** A completed activity that can be compensated (Zeebe's compensation subscription). */
export interface CompensationSubscription {
  activityId: string;
  /** The completed activity's element instance key, and that of its flow scope. */
  instanceKey: string;
  scopeKey: string;
  /** The handler to activate; absent for a sub-process that only holds compensable activities. */
  handlerId?: string;
  /** Set once triggered: the compensation throw event's instance, and the handler's. */
  throwKey?: string;
  handlerKey?: string;
}

/** The instance document. */
export interface InstanceDoc {
  elements: Record<string, ElementInstanceState>;
  /** Variables by scope (element instance key). */
  vars: Record<string, Variables>;
  /** Arrived sequence flows at joining gateways, by `<scopeKey>/<gatewayId>`. */
  joins: Record<string, string[]>;
  /** Each variable's int64 key: `[scopeKey, name]` by key (assigned when the step is written; variable-keys.ts). */
  varKeys?: Record<string, [string, string]>;
  /** Ids of the sequence flows taken, each once, in the order first taken (taken-flows.ts). */
  takenFlows?: string[];
  /** Compensation subscriptions: completed activities that can be compensated (compensation.ts). */
  compensation?: CompensationSubscription[];
}

/** Row of `engine_job` as inserted. */
export interface JobRow {
  key: string; type: string; state: 'ACTIVATABLE' | 'ACTIVATED' | 'FAILED'; retries: number; due_at: Date;
  worker: string | null; process_instance_key: string; element_instance_key: string; element_id: string;
  bpmn_process_id: string; version: number; process_definition_key: string;
  custom_headers: string; variables: string; error_message: string | null;
  /** Camunda's job kind and listener event type (default `BPMN_ELEMENT` / `UNSPECIFIED`, filled in by `flush`). */
  kind?: 'BPMN_ELEMENT' | 'EXECUTION_LISTENER' | 'TASK_LISTENER' | 'AD_HOC_SUB_PROCESS';
  listener_event_type?: string;
}

/** Row of `engine_timer`. */
export interface TimerRow {
  key: string; due_at: Date; process_instance_key: string | null; element_instance_key: string | null;
  element_id: string; process_definition_key: string; repetitions: number; interval: string | null;
}

/** Row of `engine_message_subscription`. */
export interface SubscriptionRow {
  key: string; message_name: string; correlation_key: string; process_instance_key: string | null;
  element_instance_key: string | null; element_id: string; process_definition_key: string;
}

/** Row of `engine_user_task`. */
export interface UserTaskRow {
  key: string; state: string; process_instance_key: string; element_instance_key: string; element_id: string;
  bpmn_process_id: string; process_definition_key: string; name: string | null; assignee: string | null;
  candidate_groups: string; candidate_users: string; due_date: string | null; follow_up_date: string | null;
  priority: number; form_key: string | null; custom_headers: string; created_at: Date; ended_at: Date | null;
}

/** Row of `engine_incident`. */
export interface IncidentRow {
  key: string; process_instance_key: string; process_definition_key: string; bpmn_process_id: string;
  element_id: string; element_instance_key: string; error_type: string; error_message: string;
  job_key: string | null; created_at: Date;
}

/** Row of `engine_element_history`. */
export interface HistoryRow {
  element_instance_key: string; process_instance_key: string; element_id: string; element_type: string;
  entered_at: Date; left_at: Date; state: 'COMPLETED' | 'TERMINATED';
}
