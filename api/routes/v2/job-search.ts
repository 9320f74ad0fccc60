/**
 * `POST /v2/jobs/search` and `POST /v2/message-subscriptions/search`: the jobs and message
 * subscriptions that exist now (a completed job or a correlated subscription is gone from the embedded
 * engine), of the process instances the caller may see.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { JobView, MessageSubscriptionView } from '../../../engine-adapter/engine-reads.ts';
import { INCIDENT_READERS } from './access.ts';
import { tenantScope } from './scope.ts';
import { assertSupported, lookupValues, search, searchBodySchema, type SearchBody, type SearchSpec } from './search.ts';

const JOB_STATES = ['CANCELED', 'COMPLETED', 'CREATED', 'ERROR_THROWN', 'FAILED', 'MIGRATED', 'RETRIES_UPDATED', 'TIMED_OUT'] as const;
const JOB_KINDS = ['BPMN_ELEMENT', 'EXECUTION_LISTENER', 'TASK_LISTENER', 'AD_HOC_SUB_PROCESS'] as const;
const LISTENER_EVENTS = ['ASSIGNING', 'CANCELING', 'COMPLETING', 'CREATING', 'END', 'START', 'UNSPECIFIED', 'UPDATING'] as const;

const JOB_SEARCH: SearchSpec = {
  what: 'jobs',
  fields: {
    jobKey: 'key', type: 'string', worker: 'string', state: JOB_STATES, kind: JOB_KINDS, listenerEventType: LISTENER_EVENTS, processDefinitionId: 'string',
    processDefinitionKey: 'key', processInstanceKey: 'key', elementId: 'string', elementInstanceKey: 'key', tenantId: 'string', retries: 'integer',
    errorMessage: 'string', deadline: 'date', hasFailedWithRetriesLeft: 'boolean',
  },
  unsupported: ['deniedReason', 'endTime', 'errorCode', 'isDenied'],
  sortFields: ['deadline', 'elementId', 'elementInstanceKey', 'errorMessage', 'hasFailedWithRetriesLeft', 'jobKey', 'kind', 'listenerEventType', 'processDefinitionId', 'processDefinitionKey', 'processInstanceKey', 'retries', 'state', 'tenantId', 'type', 'worker'],
};

const SUBSCRIPTION_SEARCH: SearchSpec = {
  what: 'message subscriptions',
  fields: {
    messageSubscriptionKey: 'key', processDefinitionId: 'string', processInstanceKey: 'key', elementId: 'string', elementInstanceKey: 'key',
    messageSubscriptionState: ['CORRELATED', 'CREATED', 'DELETED', 'MIGRATED'], messageName: 'string', correlationKey: 'string', tenantId: 'string',
  },
  unsupported: ['lastUpdatedDate'],
  sortFields: ['messageSubscriptionKey', 'processDefinitionId', 'processInstanceKey', 'elementId', 'elementInstanceKey', 'messageSubscriptionState', 'messageName', 'correlationKey', 'tenantId'],
};

/** `JobSearchResult`; without the engine's kind, a job named by a user task header is taken for a task listener's. */
export function restJobSearchResult(j: JobView, tenantId: string) {
  const listener = j.customHeaders['io.camunda.zeebe:userTaskKey'] !== undefined;
  return {
    jobKey: j.key, type: j.type, worker: j.worker ?? '', state: j.state,
    kind: j.kind ?? (listener ? 'TASK_LISTENER' : 'BPMN_ELEMENT'), listenerEventType: j.listenerEventType ?? (listener ? 'CREATING' : 'UNSPECIFIED'),
    retries: j.retries, hasFailedWithRetriesLeft: j.state === 'FAILED' && j.retries > 0, customHeaders: j.customHeaders,
    ...(j.deadline ? { deadline: j.deadline.toISOString() } : {}), ...(j.errorMessage !== null ? { errorMessage: j.errorMessage } : {}),
    processDefinitionId: j.bpmnProcessId, processDefinitionKey: j.processDefinitionKey, processInstanceKey: j.processInstanceKey,
    elementId: j.elementId, elementInstanceKey: j.elementInstanceKey, tenantId,
  };
}

/** `MessageSubscriptionResult` (open subscriptions: `CREATED`). */
export function restMessageSubscription(s: MessageSubscriptionView, tenantId: string) {
  return {
    messageSubscriptionKey: s.key, processDefinitionId: s.bpmnProcessId, processDefinitionKey: s.processDefinitionKey, processInstanceKey: s.processInstanceKey,
    elementId: s.elementId, elementInstanceKey: s.elementInstanceKey, messageSubscriptionState: 'CREATED', messageName: s.messageName,
    correlationKey: s.correlationKey, tenantId,
  };
}

/** One key of a filter usable as the engine's own filter, else undefined. */
const single = (condition: unknown) => { const v = lookupValues(condition); return v?.length === 1 ? v[0] : undefined; };

const routes: FastifyPluginAsync = async (app) => {
  const engine = app.engine;

  app.post('/v2/jobs/search', {
    config: { access: INCIDENT_READERS, v2Scope: 'tenant' },
    schema: { tags: ['v2'], summary: 'Tìm job / search jobs', body: searchBodySchema(JOB_SEARCH) },
  }, async (request) => {
    const body = request.body as SearchBody;
    assertSupported(JOB_SEARCH, body);
    const jobs = await engine.searchJobs({ processInstanceKey: single(body.filter?.processInstanceKey), jobKey: single(body.filter?.jobKey) });
    const visible = await tenantScope(app, request).tenantsOf(jobs.map((j) => j.processInstanceKey));
    const items = jobs.flatMap((j) => { const s = visible.get(j.processInstanceKey); return s ? [restJobSearchResult(j, s.tenantId)] : []; });
    return search(JOB_SEARCH, items, body);
  });

  app.post('/v2/message-subscriptions/search', {
    config: { access: INCIDENT_READERS, v2Scope: 'tenant' },
    schema: { tags: ['v2'], summary: 'Tìm đăng ký nhận thông điệp / search message subscriptions', body: searchBodySchema(SUBSCRIPTION_SEARCH) },
  }, async (request) => {
    const body = request.body as SearchBody;
    assertSupported(SUBSCRIPTION_SEARCH, body);
    const subs = await engine.searchMessageSubscriptions({ processInstanceKey: single(body.filter?.processInstanceKey) });
    const visible = await tenantScope(app, request).tenantsOf(subs.map((s) => s.processInstanceKey));
    const items = subs.flatMap((s) => { const v = visible.get(s.processInstanceKey); return v ? [restMessageSubscription(s, v.tenantId)] : []; });
    return search(SUBSCRIPTION_SEARCH, items, body);
  });
};

export default routes;
