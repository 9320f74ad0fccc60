/** Jobs: activation, completion, failure, BPMN error, and retries (`PATCH`). */
import type { FastifyPluginAsync } from 'fastify';
import { WORKERS } from './access.ts';
import { restJob } from './mappers.ts';
import type { JobResult } from '../../../engine-adapter/workflow-engine.ts';
import { unsupported } from './problem.ts';
import { DURATION_MS, INT4, INT64, int64, keyParams, TENANT_ID, VARIABLES } from './schemas.ts';

const ACTIVATE_BODY = {
  type: 'object', additionalProperties: false, required: ['type', 'timeout', 'maxJobsToActivate'],
  properties: {
    type: { type: 'string', minLength: 1 }, worker: { type: 'string' }, timeout: DURATION_MS,
    maxJobsToActivate: { type: 'integer', minimum: 1, maximum: 1000 }, fetchVariable: { type: 'array', items: { type: 'string' } },
    requestTimeout: { anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^-?[0-9]{1,18}$' }] }, tenantIds: { type: 'array', items: TENANT_ID }, tenantFilter: { type: 'string', enum: ['PROVIDED'] },
  },
} as const;

const jobParams = keyParams('jobKey');
const CORRECTIONS = {
  type: 'object', additionalProperties: false,
  properties: {
    assignee: { type: 'string' }, dueDate: { type: 'string' }, followUpDate: { type: 'string' },
    candidateGroups: { type: 'array', items: { type: 'string' } }, candidateUsers: { type: 'array', items: { type: 'string' } },
    priority: { type: 'integer', minimum: 0, maximum: 100 },
  },
} as const;
const ACTIVATE_ELEMENT = {
  type: 'object', additionalProperties: false, required: ['elementId'],
  properties: { elementId: { type: 'string', minLength: 1 }, variables: { anyOf: [VARIABLES, { type: 'null' }] } },
} as const;
/** Camunda 8.8's `JobResult`: `userTask` (denial, corrections) or `adHocSubProcess` (elements to activate, completion). */
const JOB_RESULT = {
  type: 'object', additionalProperties: false,
  properties: {
    type: { type: 'string', enum: ['userTask', 'adHocSubProcess'] }, denied: { type: 'boolean' }, deniedReason: { type: 'string' }, corrections: CORRECTIONS,
    activateElements: { type: 'array', items: ACTIVATE_ELEMENT }, isCompletionConditionFulfilled: { type: 'boolean' }, isCancelRemainingInstances: { type: 'boolean' },
  },
} as const;
const COMPLETE_BODY = { type: 'object', additionalProperties: false, properties: { variables: { anyOf: [VARIABLES, { type: 'null' }] }, result: JOB_RESULT } } as const;
const FAIL_BODY = {
  type: 'object', additionalProperties: false,
  properties: { retries: INT4, errorMessage: { type: 'string' }, retryBackOff: DURATION_MS, variables: VARIABLES },
} as const;
const ERROR_BODY = { type: 'object', additionalProperties: false, required: ['errorCode'], properties: { errorCode: { type: 'string', minLength: 1 }, errorMessage: { type: 'string' }, variables: { anyOf: [VARIABLES, { type: 'null' }] } } } as const;
const UPDATE_BODY = {
  type: 'object', additionalProperties: false, required: ['changeset'],
  properties: { changeset: { type: 'object', additionalProperties: false, minProperties: 1, properties: { retries: INT4, timeout: DURATION_MS } }, operationReference: INT64 },
} as const;

type Vars = Record<string, unknown> | null | undefined;

const routes: FastifyPluginAsync = async (app) => {
  const engine = app.engine;
  const key = (params: unknown) => (params as { jobKey: string }).jobKey;

  app.post('/v2/jobs/activation', {
    config: { access: WORKERS, v2Scope: 'machine' },
    schema: { tags: ['v2'], summary: 'Nhận việc / activate jobs (returns at once; no long polling)', body: ACTIVATE_BODY },
  }, async (request) => {
    const b = request.body as { type: string; worker?: string; timeout: number | string; maxJobsToActivate: number; fetchVariable?: string[] };
    const jobs = await engine.activateJobs({ type: b.type, maxJobsToActivate: b.maxJobsToActivate, timeout: int64(b.timeout)!, worker: b.worker ?? '' });
    return { jobs: jobs.map((j) => restJob(j, b.fetchVariable)) };
  });

  app.post('/v2/jobs/:jobKey/completion', {
    config: { access: WORKERS, v2Scope: 'machine' },
    schema: { tags: ['v2'], summary: 'Hoàn thành việc / complete a job', params: jobParams, body: COMPLETE_BODY },
  }, async (request, reply) => {
    const b = request.body as { variables?: Vars; result?: JobResult };
    const r = b.result;
    const result: JobResult | undefined = !r ? undefined : r.type === 'adHocSubProcess'
      ? { type: 'adHocSubProcess', activateElements: r.activateElements?.map((a) => ({ elementId: a.elementId, ...(a.variables ? { variables: a.variables } : {}) })), isCompletionConditionFulfilled: r.isCompletionConditionFulfilled, isCancelRemainingInstances: r.isCancelRemainingInstances }
      : { denied: r.denied, deniedReason: r.deniedReason, corrections: r.corrections };
    await engine.completeJob(key(request.params), b.variables ?? undefined, result);
    return reply.status(204).send();
  });

  app.post('/v2/jobs/:jobKey/failure', {
    config: { access: WORKERS, v2Scope: 'machine' },
    schema: { tags: ['v2'], summary: 'Báo việc lỗi / fail a job (retries default 0: an incident)', params: jobParams, body: FAIL_BODY },
  }, async (request, reply) => {
    const b = request.body as { retries?: number; errorMessage?: string; retryBackOff?: number | string; variables?: Record<string, unknown> };
    await engine.failJob({ jobKey: key(request.params), retries: b.retries ?? 0, errorMessage: b.errorMessage, retryBackOff: int64(b.retryBackOff), variables: b.variables });
    return reply.status(204).send();
  });

  app.post('/v2/jobs/:jobKey/error', {
    config: { access: WORKERS, v2Scope: 'machine' },
    schema: { tags: ['v2'], summary: 'Ném lỗi BPMN / throw a BPMN error from a job', params: jobParams, body: ERROR_BODY },
  }, async (request, reply) => {
    const b = request.body as { errorCode: string; errorMessage?: string; variables?: Vars };
    await engine.throwError({ jobKey: key(request.params), errorCode: b.errorCode, errorMessage: b.errorMessage, variables: b.variables ?? undefined });
    return reply.status(204).send();
  });

  app.patch('/v2/jobs/:jobKey', {
    config: { access: WORKERS, v2Scope: 'machine' },
    schema: { tags: ['v2'], summary: 'Đặt số lần thử lại / update a job\'s retries', params: jobParams, body: UPDATE_BODY },
  }, async (request, reply) => {
    const { changeset } = request.body as { changeset: { retries?: number; timeout?: number | string } };
    if (changeset.timeout !== undefined) throw unsupported('changing a job\'s timeout', 'đổi thời hạn của việc');
    await engine.updateJobRetries(key(request.params), changeset.retries!);
    return reply.status(204).send();
  });
};

export default routes;
