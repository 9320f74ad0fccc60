/**
 * Shapes of the Orchestration Cluster REST API v2 results the adapter reads (the fields it uses),
 * and their mapping to the engine's read models.
 */
import type {
  CorrelateMessageResult, ElementHistoryEntry, ElementStatistics, Incident, ProcessInstanceQuery, ProcessInstanceState, ProcessInstanceView, UserTask, Variables,
} from '../workflow-engine.ts';

/** `UserTaskResult`. */
export interface RestUserTask {
  userTaskKey: string;
  state: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  elementId: string;
  elementInstanceKey: string;
  name?: string | null;
  assignee?: string | null;
  candidateGroups?: string[];
  candidateUsers?: string[];
  dueDate?: string | null;
  followUpDate?: string | null;
  priority?: number;
  formKey?: string | null;
  externalFormReference?: string | null;
  customHeaders?: Record<string, string>;
  creationDate: string;
}

/** `IncidentResult`. */
export interface RestIncident {
  incidentKey: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  elementId: string;
  elementInstanceKey: string;
  errorType: string;
  errorMessage?: string;
  jobKey?: string | null;
  creationTime: string;
  state: string;
}

/** `ProcessInstanceResult`. */
export interface RestProcessInstance {
  processInstanceKey: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  processDefinitionVersion: number;
  state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED';
  hasIncident: boolean;
  startDate: string;
  endDate?: string | null;
  parentProcessInstanceKey?: string | null;
}

/** `ElementInstanceResult`. */
export interface RestElementInstance {
  elementInstanceKey: string;
  elementId: string;
  type: string;
  state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED';
  startDate: string;
  endDate?: string | null;
}

/** `VariableSearchResult`. */
export interface RestVariable {
  variableKey: string;
  name: string;
  value: string;
  isTruncated?: boolean;
}

/** `ProcessElementStatisticsResult`. */
export interface RestElementStatistics {
  elementId: string;
  active?: number;
  incidents?: number;
}

/** `MessageCorrelationResult`. */
export interface RestMessageCorrelation {
  messageKey: string;
  processInstanceKey: string;
  tenantId?: string;
}

/** A search response page. */
export interface RestPage<T> {
  items: T[];
  /** `endCursor`: where the next page starts (`page.after` of the next request; Camunda 8.8). */
  page?: { totalItems?: number; endCursor?: string | null };
}

/** Camunda's user-task states: a transition's state (its listeners run) as is; FAILED and unknown ones as CREATED. */
export function userTaskState(state: string): UserTask['state'] {
  const known: UserTask['state'][] = ['CREATED', 'ASSIGNING', 'UPDATING', 'COMPLETING', 'CANCELING', 'COMPLETED', 'CANCELED'];
  return known.includes(state as UserTask['state']) ? (state as UserTask['state']) : 'CREATED';
}

/** `UserTaskResult` → {@link UserTask}. */
export function toUserTask(t: RestUserTask): UserTask {
  return {
    key: String(t.userTaskKey), state: userTaskState(t.state),
    processInstanceKey: String(t.processInstanceKey), processDefinitionKey: String(t.processDefinitionKey),
    bpmnProcessId: t.processDefinitionId, elementId: t.elementId, elementInstanceKey: String(t.elementInstanceKey),
    name: t.name ?? null, assignee: t.assignee ?? null,
    candidateGroups: t.candidateGroups ?? [], candidateUsers: t.candidateUsers ?? [],
    dueDate: t.dueDate ?? null, followUpDate: t.followUpDate ?? null, priority: t.priority ?? 50,
    formKey: t.formKey != null ? String(t.formKey) : (t.externalFormReference ?? null),
    customHeaders: t.customHeaders ?? {}, creationDate: new Date(t.creationDate),
  };
}

/** `IncidentResult` → {@link Incident}. */
export function toIncident(i: RestIncident): Incident {
  return {
    key: String(i.incidentKey), processInstanceKey: String(i.processInstanceKey), processDefinitionKey: String(i.processDefinitionKey),
    bpmnProcessId: i.processDefinitionId, elementId: i.elementId, elementInstanceKey: String(i.elementInstanceKey),
    errorType: i.errorType, errorMessage: i.errorMessage ?? '', jobKey: i.jobKey ? String(i.jobKey) : null,
    creationTime: new Date(i.creationTime),
  };
}

/** Camunda's TERMINATED is our CANCELED. */
export function instanceState(state: RestProcessInstance['state']): ProcessInstanceState {
  return state === 'TERMINATED' ? 'CANCELED' : state;
}

/** Our CANCELED is Camunda's TERMINATED. */
export function restInstanceState(state: ProcessInstanceState): RestProcessInstance['state'] {
  return state === 'CANCELED' ? 'TERMINATED' : state;
}

/** `ProcessInstanceResult` → {@link ProcessInstanceView}, with the root variables read separately (or none). */
export function toProcessInstanceView(pi: RestProcessInstance, variables: Variables): ProcessInstanceView {
  return {
    processInstanceKey: String(pi.processInstanceKey), processDefinitionKey: String(pi.processDefinitionKey),
    bpmnProcessId: pi.processDefinitionId, version: Number(pi.processDefinitionVersion), state: instanceState(pi.state),
    hasIncident: Boolean(pi.hasIncident), variables,
    startDate: new Date(pi.startDate), endDate: pi.endDate ? new Date(pi.endDate) : null,
    parentProcessInstanceKey: pi.parentProcessInstanceKey ? String(pi.parentProcessInstanceKey) : null,
  };
}

/**
 * {@link ProcessInstanceQuery} → the `filter` of `POST /v2/process-instances/search`: plain equality per field;
 * `variables` as `[{ name, value }]` with each value serialised to JSON, as Camunda 8.8 wants it.
 */
export function processInstanceFilter(query: ProcessInstanceQuery): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (query.bpmnProcessId) filter.processDefinitionId = query.bpmnProcessId;
  if (query.processDefinitionKey) filter.processDefinitionKey = query.processDefinitionKey;
  if (query.state) filter.state = restInstanceState(query.state);
  if (query.parentProcessInstanceKey) filter.parentProcessInstanceKey = query.parentProcessInstanceKey;
  // Camunda compares variable values as JSON text: `"d-1"` for the string d-1.
  const variables = Object.entries(query.variables ?? {}).filter(([, value]) => value !== undefined);
  if (variables.length) filter.variables = variables.map(([name, value]) => ({ name, value: JSON.stringify(value) }));
  return filter;
}

/** `MessageCorrelationResult` → {@link CorrelateMessageResult} (int64 keys as strings). */
export function toCorrelation(res: RestMessageCorrelation): CorrelateMessageResult {
  return { messageKey: String(res.messageKey), processInstanceKey: String(res.processInstanceKey) };
}

/** `SERVICE_TASK` → `bpmn:ServiceTask`, as the embedded engine names element types. */
export function bpmnElementType(type: string): string {
  const special: Record<string, string> = { EVENT_SUB_PROCESS: 'bpmn:SubProcess', AD_HOC_SUB_PROCESS: 'bpmn:AdHocSubProcess' };
  if (special[type]) return special[type];
  return `bpmn:${type.toLowerCase().split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')}`;
}

/** `ElementInstanceResult` → {@link ElementHistoryEntry}. */
export function toHistoryEntry(e: RestElementInstance): ElementHistoryEntry {
  return {
    elementInstanceKey: String(e.elementInstanceKey), elementId: e.elementId, elementType: bpmnElementType(e.type),
    enteredAt: new Date(e.startDate), leftAt: e.endDate ? new Date(e.endDate) : null, state: e.state,
  };
}

/** `ProcessElementStatisticsResult` → {@link ElementStatistics}. */
export function toElementStatistics(s: RestElementStatistics): ElementStatistics {
  return { elementId: s.elementId, active: s.active ?? 0, incidents: s.incidents ?? 0 };
}
