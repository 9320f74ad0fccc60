/**
 * The `/v2` read models of the engine (engine-reads.ts) on a Camunda 8.8 cluster: each read forwards
 * to the Orchestration Cluster REST API (eventually consistent: secondary storage).
 */
import type {
  ElementInstanceView, JobQuery, JobView, MessageSubscriptionView, ProcessDefinitionQuery, ProcessDefinitionView, VariableQuery, VariableView,
} from '../engine-reads.ts';
import type { RestClient } from './rest-client.ts';
import type { RestOperations } from './rest-operations.ts';
import { bpmnElementType } from './rest-mapping.ts';

interface RestDefinition { processDefinitionKey: string; processDefinitionId: string; version: number; resourceName?: string; name?: string; versionTag?: string }
interface RestElement { elementInstanceKey: string; elementId: string; type: string; state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED'; startDate: string; endDate?: string | null; processInstanceKey: string; processDefinitionKey: string; processDefinitionId: string }
interface RestVariableFull { variableKey: string; name: string; value: string; isTruncated?: boolean; scopeKey: string; processInstanceKey: string }
interface RestJob {
  jobKey: string; type: string; state: string; retries: number; worker?: string; deadline?: string | null; errorMessage?: string | null; processInstanceKey: string;
  processDefinitionKey: string; processDefinitionId: string; elementId: string; elementInstanceKey: string; customHeaders?: Record<string, string>;
  kind?: string; listenerEventType?: string;
}
interface RestSubscription {
  messageSubscriptionKey: string; messageName: string; correlationKey?: string; processInstanceKey: string; processDefinitionKey: string; processDefinitionId: string;
  elementId: string; elementInstanceKey: string; messageSubscriptionState?: string;
}

const enc = encodeURIComponent;
const isNotFound = (error: unknown) => (error as { code?: string }).code === 'NOT_FOUND';

/** The reads over REST. */
export class RestReads {
  readonly #rest: RestClient;
  readonly #ops: RestOperations;

  constructor(rest: RestClient, ops: RestOperations) {
    this.#rest = rest;
    this.#ops = ops;
  }

  async #orUndefined<T>(read: () => Promise<T | undefined>): Promise<T | undefined> {
    try {
      return await read();
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** `POST /v2/process-definitions/search`. */
  async searchProcessDefinitions(filter: ProcessDefinitionQuery = {}): Promise<ProcessDefinitionView[]> {
    const f: Record<string, unknown> = {};
    if (filter.bpmnProcessId !== undefined) f.processDefinitionId = filter.bpmnProcessId;
    if (filter.processDefinitionKey !== undefined) f.processDefinitionKey = filter.processDefinitionKey;
    const items = await this.#ops.searchAll<RestDefinition>('Search process definitions', '/process-definitions/search', f, [{ field: 'processDefinitionKey', order: 'ASC' }]);
    return items.map((d) => ({
      processDefinitionKey: String(d.processDefinitionKey), bpmnProcessId: d.processDefinitionId, version: d.version, resourceName: d.resourceName ?? '',
      name: d.name ?? null, versionTag: d.versionTag ?? null,
    }));
  }

  /** `GET /v2/element-instances/{key}`; undefined on 404. */
  async getElementInstance(key: string): Promise<ElementInstanceView | undefined> {
    const e = await this.#orUndefined(() => this.#rest.request<RestElement>('Get element instance', 'GET', `/element-instances/${enc(key)}`, undefined, { what: 'Element instance', key }));
    if (!e) return undefined;
    return {
      elementInstanceKey: String(e.elementInstanceKey), elementId: e.elementId, elementType: bpmnElementType(e.type), enteredAt: new Date(e.startDate),
      leftAt: e.endDate ? new Date(e.endDate) : null, state: e.state, processInstanceKey: String(e.processInstanceKey),
      processDefinitionKey: String(e.processDefinitionKey), bpmnProcessId: e.processDefinitionId,
    };
  }

  /** A variable in full: a truncated value is read again with `GET /v2/variables/{key}`. */
  async #full(v: RestVariableFull): Promise<VariableView> {
    const full = v.isTruncated ? (await this.#rest.request<RestVariableFull>('Get variable', 'GET', `/variables/${enc(v.variableKey)}`, undefined, { what: 'Variable', key: v.variableKey }))! : v;
    return { variableKey: String(full.variableKey), name: full.name, value: JSON.parse(full.value), scopeKey: String(full.scopeKey), processInstanceKey: String(full.processInstanceKey) };
  }

  /** `POST /v2/variables/search`. */
  async listVariables(filter: VariableQuery): Promise<VariableView[]> {
    const f: Record<string, unknown> = { processInstanceKey: filter.processInstanceKey };
    if (filter.scopeKey !== undefined) f.scopeKey = filter.scopeKey;
    const items = await this.#ops.searchAll<RestVariableFull>('Search variables', '/variables/search', f, [{ field: 'variableKey', order: 'ASC' }]);
    return Promise.all(items.map((v) => this.#full(v)));
  }

  /** `GET /v2/variables/{key}`; undefined on 404. */
  async getVariable(key: string): Promise<VariableView | undefined> {
    const v = await this.#orUndefined(() => this.#rest.request<RestVariableFull>('Get variable', 'GET', `/variables/${enc(key)}`, undefined, { what: 'Variable', key }));
    return v ? this.#full({ ...v, isTruncated: false }) : undefined;
  }

  /** `POST /v2/user-tasks/{key}/variables/search`. */
  async listUserTaskVariables(userTaskKey: string): Promise<VariableView[]> {
    const items = await this.#ops.searchAll<RestVariableFull>('Search user task variables', `/user-tasks/${enc(userTaskKey)}/variables/search`, {}, [{ field: 'name', order: 'ASC' }]);
    return Promise.all(items.map((v) => this.#full(v)));
  }

  /** `POST /v2/jobs/search`, jobs not yet completed (Camunda keeps the others; the embedded engine does not). */
  async searchJobs(filter: JobQuery = {}): Promise<JobView[]> {
    const f: Record<string, unknown> = { state: { $in: ['CREATED', 'FAILED', 'RETRIES_UPDATED', 'TIMED_OUT'] } };
    if (filter.processInstanceKey !== undefined) f.processInstanceKey = filter.processInstanceKey;
    if (filter.jobKey !== undefined) f.jobKey = filter.jobKey;
    const items = await this.#ops.searchAll<RestJob>('Search jobs', '/jobs/search', f, [{ field: 'jobKey', order: 'ASC' }]);
    return items.map((j) => ({
      key: String(j.jobKey), type: j.type, state: j.state === 'CREATED' ? 'CREATED' : 'FAILED', retries: j.retries, worker: j.worker || null,
      deadline: j.deadline ? new Date(j.deadline) : null, errorMessage: j.errorMessage ?? null, processInstanceKey: String(j.processInstanceKey),
      processDefinitionKey: String(j.processDefinitionKey), bpmnProcessId: j.processDefinitionId, elementId: j.elementId, elementInstanceKey: String(j.elementInstanceKey),
      customHeaders: j.customHeaders ?? {}, ...(j.kind ? { kind: j.kind } : {}), ...(j.listenerEventType ? { listenerEventType: j.listenerEventType } : {}),
    }));
  }

  /** `POST /v2/message-subscriptions/search`, open ones. */
  async searchMessageSubscriptions(filter: { processInstanceKey?: string } = {}): Promise<MessageSubscriptionView[]> {
    const f: Record<string, unknown> = { messageSubscriptionState: 'CREATED' };
    if (filter.processInstanceKey !== undefined) f.processInstanceKey = filter.processInstanceKey;
    const items = await this.#ops.searchAll<RestSubscription>('Search message subscriptions', '/message-subscriptions/search', f, [{ field: 'messageSubscriptionKey', order: 'ASC' }]);
    return items.map((s) => ({
      key: String(s.messageSubscriptionKey), messageName: s.messageName, correlationKey: s.correlationKey ?? '', processInstanceKey: String(s.processInstanceKey),
      processDefinitionKey: String(s.processDefinitionKey), bpmnProcessId: s.processDefinitionId, elementId: s.elementId, elementInstanceKey: String(s.elementInstanceKey),
    }));
  }

  /** `GET /v2/process-instances/{key}/sequence-flows`: the flow ids; empty for an unknown instance. */
  async getTakenSequenceFlows(processInstanceKey: string): Promise<string[]> {
    const res = await this.#orUndefined(() => this.#rest.request<{ items?: Array<{ elementId?: string }> }>('Get sequence flows', 'GET',
      `/process-instances/${enc(processInstanceKey)}/sequence-flows`, undefined, { what: 'Process instance', key: processInstanceKey }));
    return [...new Set((res?.items ?? []).flatMap((i) => (i.elementId ? [i.elementId] : [])))];
  }
}
