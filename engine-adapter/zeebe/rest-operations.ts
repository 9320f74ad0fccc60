/**
 * User tasks, incidents and read models through the Orchestration Cluster REST API v2. Reads are
 * eventually consistent (served from the exporter's secondary storage); commands are not.
 */
import { InvalidArgumentError, NotFoundError } from '../errors.ts';
import type {
  BroadcastSignalResult, CorrelateMessageRequest, CorrelateMessageResult, ElementHistoryEntry, JobResult, ElementStatistics, Incident, IncidentFilter, ProcessInstanceQuery,
  ProcessInstanceView, UserTask, UserTaskFilter, UserTaskUpdate, Variables,
} from '../workflow-engine.ts';
import type { RestClient } from './rest-client.ts';
import {
  processInstanceFilter, toCorrelation, toElementStatistics, toHistoryEntry, toIncident, toProcessInstanceView, toUserTask,
  type RestElementInstance, type RestElementStatistics, type RestIncident, type RestMessageCorrelation, type RestPage, type RestProcessInstance,
  type RestUserTask, type RestVariable,
} from './rest-mapping.ts';

/** Items per search page. */
const PAGE_SIZE = 100;
/** Most pages read by one listing (10 000 items). */
const MAX_PAGES = 100;

const enc = encodeURIComponent;

/** The REST operations of the adapter. */
export class RestOperations {
  readonly #rest: RestClient;

  constructor(rest: RestClient) {
    this.#rest = rest;
  }

  /** Reads every page of a search (offset pagination, bounded by {@link MAX_PAGES}). */
  async searchAll<T>(operation: string, path: string, filter: Record<string, unknown>, sort?: { field: string; order: 'ASC' | 'DESC' }[]): Promise<T[]> {
    const out: T[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const body = { filter, ...(sort ? { sort } : {}), page: { from: page * PAGE_SIZE, limit: PAGE_SIZE } };
      const res = await this.#rest.request<RestPage<T>>(operation, 'POST', path, body);
      const items = res?.items ?? [];
      out.push(...items);
      const total = res?.page?.totalItems;
      if (items.length < PAGE_SIZE || (total !== undefined && out.length >= total)) break;
    }
    return out;
  }

  /**
   * Reads every page of a search by cursor (keyset: each request carries the previous page's
   * `endCursor` as `page.after`, as Camunda 8.8 documents), bounded by {@link MAX_PAGES}. Unlike an
   * offset, a cursor neither skips nor repeats items when the set changes between pages, and the
   * server seeks to it instead of counting past `from` items.
   */
  async searchKeyset<T>(operation: string, path: string, filter: Record<string, unknown>, sort?: { field: string; order: 'ASC' | 'DESC' }[]): Promise<T[]> {
    const out: T[] = [];
    let after: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const body = { filter, ...(sort ? { sort } : {}), page: { limit: PAGE_SIZE, ...(after ? { after } : {}) } };
      const res = await this.#rest.request<RestPage<T>>(operation, 'POST', path, body);
      const items = res?.items ?? [];
      out.push(...items);
      after = res?.page?.endCursor ?? undefined;
      if (items.length < PAGE_SIZE || !after) break;
    }
    return out;
  }

  /** `POST /v2/user-tasks/search`, by cursor (the task poller reads every open task each interval). */
  async listUserTasks(filter: UserTaskFilter = {}): Promise<UserTask[]> {
    const f: Record<string, unknown> = {};
    if (filter.processInstanceKey) f.processInstanceKey = filter.processInstanceKey;
    if (filter.state) f.state = filter.state;
    if (filter.assignee) f.assignee = filter.assignee;
    if (filter.candidateGroup) f.candidateGroup = filter.candidateGroup;
    const items = await this.searchKeyset<RestUserTask>('Search user tasks', '/user-tasks/search', f, [{ field: 'creationDate', order: 'ASC' }]);
    return items.map(toUserTask);
  }

  /** `GET /v2/user-tasks/{key}`. */
  async getUserTask(key: string): Promise<UserTask> {
    const t = await this.#rest.request<RestUserTask>('Get user task', 'GET', `/user-tasks/${enc(key)}`, undefined, { what: 'User task', key });
    return toUserTask(t!);
  }

  /** `POST /v2/user-tasks/{key}/assignment` (reassigns an assigned task). */
  async assignUserTask(key: string, assignee: string): Promise<void> {
    if (!assignee) throw new InvalidArgumentError('The assignee must not be empty', { key });
    await this.#rest.request('Assign user task', 'POST', `/user-tasks/${enc(key)}/assignment`, { assignee, allowOverride: true, action: 'assign' }, { what: 'User task', key });
  }

  /** `DELETE /v2/user-tasks/{key}/assignee`. */
  async unassignUserTask(key: string): Promise<void> {
    await this.#rest.request('Unassign user task', 'DELETE', `/user-tasks/${enc(key)}/assignee`, undefined, { what: 'User task', key });
  }

  /** `PATCH /v2/user-tasks/{key}`; a null date clears it (sent as the empty string, as the API wants). */
  async updateUserTask(key: string, changes: UserTaskUpdate): Promise<void> {
    const changeset: Record<string, unknown> = {};
    if (changes.dueDate !== undefined) changeset.dueDate = changes.dueDate ?? '';
    if (changes.followUpDate !== undefined) changeset.followUpDate = changes.followUpDate ?? '';
    if (changes.candidateGroups !== undefined) changeset.candidateGroups = changes.candidateGroups;
    if (changes.candidateUsers !== undefined) changeset.candidateUsers = changes.candidateUsers;
    if (changes.priority !== undefined) changeset.priority = changes.priority;
    await this.#rest.request('Update user task', 'PATCH', `/user-tasks/${enc(key)}`, { changeset, action: 'update' }, { what: 'User task', key });
  }

  /** `POST /v2/jobs/{key}/completion` with a job result of type `userTask` (a task listener's corrections). */
  async completeJobWithResult(key: string, variables: Variables | undefined, result: JobResult): Promise<void> {
    const body: Record<string, unknown> = { result: { ...result, type: result.type ?? 'userTask' } };
    if (variables && Object.keys(variables).length) body.variables = variables;
    await this.#rest.request('Complete job', 'POST', `/jobs/${enc(key)}/completion`, body, { what: 'Job', key });
  }

  /** `POST /v2/user-tasks/{key}/completion`. */
  async completeUserTask(key: string, variables: Variables = {}): Promise<void> {
    await this.#rest.request('Complete user task', 'POST', `/user-tasks/${enc(key)}/completion`, { variables, action: 'complete' }, { what: 'User task', key });
  }

  /** `POST /v2/incidents/search` for active incidents. */
  async listIncidents(filter: IncidentFilter = {}): Promise<Incident[]> {
    const f: Record<string, unknown> = { state: 'ACTIVE' };
    if (filter.processInstanceKey) f.processInstanceKey = filter.processInstanceKey;
    const items = await this.searchAll<RestIncident>('Search incidents', '/incidents/search', f, [{ field: 'creationTime', order: 'ASC' }]);
    return items.map(toIncident);
  }

  /** `POST /v2/incidents/{key}/resolution`. */
  async resolveIncident(key: string): Promise<void> {
    await this.#rest.request('Resolve incident', 'POST', `/incidents/${enc(key)}/resolution`, {}, { what: 'Incident', key });
  }

  /** `GET /v2/process-instances/{key}` and its root-scope variables; undefined on 404. */
  async getProcessInstance(key: string): Promise<ProcessInstanceView | undefined> {
    let pi: RestProcessInstance | undefined;
    try {
      pi = await this.#rest.request<RestProcessInstance>('Get process instance', 'GET', `/process-instances/${enc(key)}`, undefined, { what: 'Process instance', key });
    } catch (error) {
      if ((error as { code?: string }).code === 'NOT_FOUND') return undefined;
      throw error;
    }
    if (!pi) return undefined;
    return toProcessInstanceView(pi, await this.#rootVariables(key));
  }

  /**
   * `POST /v2/process-instances/search`, newest first (start date, then key); without variables. Served from
   * secondary storage: an instance created a moment ago (or its variables) may not be found yet.
   */
  async searchProcessInstances(filter: ProcessInstanceQuery): Promise<ProcessInstanceView[]> {
    const items = await this.searchAll<RestProcessInstance>('Search process instances', '/process-instances/search', processInstanceFilter(filter),
      [{ field: 'startDate', order: 'DESC' }, { field: 'processInstanceKey', order: 'DESC' }]);
    return items.map((pi) => toProcessInstanceView(pi, {}));
  }

  /** `POST /v2/variables/search` on the root scope; truncated values are read in full with `GET /v2/variables/{key}`. */
  async #rootVariables(processInstanceKey: string): Promise<Variables> {
    const items = await this.searchAll<RestVariable>('Search variables', '/variables/search', { processInstanceKey, scopeKey: processInstanceKey });
    const out: Variables = {};
    for (const v of items) {
      const full = v.isTruncated ? await this.#rest.request<RestVariable>('Get variable', 'GET', `/variables/${enc(v.variableKey)}`, undefined, { what: 'Variable', key: v.variableKey }) : v;
      out[v.name] = JSON.parse(full!.value);
    }
    return out;
  }

  /** `POST /v2/element-instances/search`, in creation order. */
  async getProcessInstanceHistory(processInstanceKey: string): Promise<ElementHistoryEntry[]> {
    const items = await this.searchAll<RestElementInstance>('Search element instances', '/element-instances/search', { processInstanceKey }, [{ field: 'elementInstanceKey', order: 'ASC' }]);
    return items.map(toHistoryEntry);
  }

  /** `GET /v2/process-definitions/{key}/xml`: the XML as text; a definition found without XML (204) is not found either. */
  async getProcessDefinitionXml(processDefinitionKey: string): Promise<string> {
    const xml = await this.#rest.getText('Get process definition XML', `/process-definitions/${enc(processDefinitionKey)}/xml`, 'text/xml',
      { what: 'Process definition', key: processDefinitionKey });
    if (!xml) throw new NotFoundError('XML of process definition', processDefinitionKey);
    return xml;
  }

  /** `POST /v2/messages/correlation`: correlated now to one open subscription, never buffered; 404 when none matches. */
  async correlateMessage(request: CorrelateMessageRequest): Promise<CorrelateMessageResult> {
    const { name, correlationKey } = request;
    const res = await this.#rest.request<RestMessageCorrelation>('Correlate message', 'POST', '/messages/correlation',
      { name, correlationKey, variables: request.variables ?? {} }, { what: `Subscription of message '${name}' with correlation key`, key: correlationKey });
    return toCorrelation(res!);
  }

  /** `POST /v2/signals/broadcast`: `tenantId` only when given (a cluster without multi-tenancy takes `<default>`). */
  async broadcastSignal(signalName: string, variables: Variables = {}, tenantId?: string): Promise<BroadcastSignalResult> {
    const res = await this.#rest.request<{ signalKey: string | number; tenantId?: string }>('Broadcast signal', 'POST', '/signals/broadcast',
      { signalName, variables, ...(tenantId === undefined ? {} : { tenantId }) });
    return { signalKey: String(res!.signalKey), tenantId: res!.tenantId ?? tenantId ?? '<default>' };
  }

  /** `POST /v2/process-definitions/{key}/statistics/element-instances`. */
  async getElementStatistics(processDefinitionKey: string): Promise<ElementStatistics[]> {
    const res = await this.#rest.request<{ items?: RestElementStatistics[] }>('Get process definition statistics', 'POST',
      `/process-definitions/${enc(processDefinitionKey)}/statistics/element-instances`, { filter: {} }, { what: 'Process definition', key: processDefinitionKey });
    return (res?.items ?? []).map(toElementStatistics);
  }
}
