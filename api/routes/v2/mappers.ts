/** The engine's read models in the Camunda 8.8 REST shapes; `tenantId` is the instance's tenant (scope.ts). */
import type { ActivatedJob, ElementHistoryEntry, Incident, ProcessInstanceView, UserTask } from '../../../engine-adapter/workflow-engine.ts';
import { DEFAULT_TENANT } from './schemas.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Camunda 8.8 leaves unset optional fields out rather than sending null. */
function compact<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as T;
}

/** `UserTaskResult`; a numeric form key is Camunda's `formKey`, anything else its `externalFormReference`. */
export function restUserTask(t: UserTask, processDefinitionVersion: number | null, tenantId: string = DEFAULT_TENANT) {
  const numericForm = t.formKey !== null && /^[0-9]+$/.test(t.formKey);
  return compact({
    userTaskKey: t.key, name: t.name, state: t.state, assignee: t.assignee, elementId: t.elementId, elementInstanceKey: t.elementInstanceKey,
    candidateGroups: t.candidateGroups, candidateUsers: t.candidateUsers,
    processDefinitionId: t.bpmnProcessId, processDefinitionKey: t.processDefinitionKey, processInstanceKey: t.processInstanceKey,
    processDefinitionVersion, processName: null, creationDate: iso(t.creationDate), completionDate: null,
    followUpDate: t.followUpDate, dueDate: t.dueDate, tenantId,
    formKey: numericForm ? t.formKey : null, externalFormReference: numericForm ? null : t.formKey,
    customHeaders: t.customHeaders, priority: t.priority,
  });
}

/** `IncidentResult` (open incidents only: the engine lists no others). */
export function restIncident(i: Incident, tenantId: string = DEFAULT_TENANT) {
  return compact({
    incidentKey: i.key, processDefinitionKey: i.processDefinitionKey, processDefinitionId: i.bpmnProcessId, processInstanceKey: i.processInstanceKey,
    errorType: i.errorType, errorMessage: i.errorMessage, elementId: i.elementId, elementInstanceKey: i.elementInstanceKey,
    creationTime: iso(i.creationTime), state: 'ACTIVE', jobKey: i.jobKey, tenantId,
  });
}

/** Camunda calls a canceled instance TERMINATED. */
export const restInstanceState = (state: ProcessInstanceView['state']) => (state === 'CANCELED' ? 'TERMINATED' : state);

/** `ProcessInstanceResult`; the definition name falls back to its id, as Camunda does for unnamed processes. */
export function restProcessInstance(p: ProcessInstanceView, tenantId: string = DEFAULT_TENANT) {
  return compact({
    processInstanceKey: p.processInstanceKey, processDefinitionId: p.bpmnProcessId, processDefinitionName: p.bpmnProcessId,
    processDefinitionVersion: p.version, processDefinitionKey: p.processDefinitionKey,
    parentProcessInstanceKey: p.parentProcessInstanceKey, parentElementInstanceKey: null,
    startDate: iso(p.startDate), endDate: iso(p.endDate), state: restInstanceState(p.state), hasIncident: p.hasIncident, tenantId,
  });
}

/** `bpmn:IntermediateCatchEvent` → `INTERMEDIATE_CATCH_EVENT`, Camunda's element type names. */
export function restElementType(type: string): string {
  return type.replace(/^bpmn:/, '').replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}

/** `ElementInstanceResult`; `incidentKey` is the open incident on that element instance, if any. */
export function restElementInstance(e: ElementHistoryEntry, pi: ProcessInstanceView, incident: Incident | undefined, tenantId: string = DEFAULT_TENANT) {
  return compact({
    elementInstanceKey: e.elementInstanceKey, elementId: e.elementId, elementName: e.elementId, type: restElementType(e.elementType),
    state: e.state, startDate: iso(e.enteredAt), endDate: iso(e.leftAt), hasIncident: incident !== undefined, incidentKey: incident?.key ?? null,
    processInstanceKey: pi.processInstanceKey, processDefinitionKey: pi.processDefinitionKey, processDefinitionId: pi.bpmnProcessId, tenantId,
  });
}

/** `ActivatedJobResult`; `deadline` in epoch milliseconds. */
export function restJob(j: ActivatedJob, fetchVariable?: string[]) {
  const variables = fetchVariable?.length ? Object.fromEntries(Object.entries(j.variables).filter(([k]) => fetchVariable.includes(k))) : j.variables;
  return {
    jobKey: j.key, type: j.type, processInstanceKey: j.processInstanceKey, processDefinitionId: j.bpmnProcessId,
    processDefinitionVersion: j.processDefinitionVersion, processDefinitionKey: j.processDefinitionKey,
    elementId: j.elementId, elementInstanceKey: j.elementInstanceKey, customHeaders: j.customHeaders, worker: j.worker,
    retries: j.retries, deadline: j.deadline.getTime(), variables, tenantId: DEFAULT_TENANT,
    kind: j.kind ?? 'BPMN_ELEMENT', listenerEventType: j.listenerEventType ?? 'UNSPECIFIED',
    ...(j.kind === 'TASK_LISTENER' ? { userTask: listenerUserTask(j.customHeaders) } : {}),
  };
}

/** A task listener job's `userTask` (Camunda 8.8), read from the `io.camunda.zeebe:*` headers the engine puts on it. */
function listenerUserTask(h: Record<string, string>) {
  const z = (name: string) => h[`io.camunda.zeebe:${name}`];
  const list = (name: string) => (z(name) ? (JSON.parse(z(name)!) as string[]) : []);
  return compact({
    userTaskKey: z('userTaskKey'), assignee: z('assignee') ?? null, candidateGroups: list('candidateGroups'), candidateUsers: list('candidateUsers'),
    dueDate: z('dueDate') ?? null, followUpDate: z('followUpDate') ?? null, formKey: z('formKey'), priority: z('priority') === undefined ? null : Number(z('priority')),
  });
}
