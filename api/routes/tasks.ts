/**
 * The task list: `GET /api/tasks` (mine, my groups', my agency's; filters; oldest due first),
 * one task, claim and unclaim, complete with the step's form, and the shortcuts officers use most:
 * request a supplement, refuse, hand the task to a colleague (and who may take it).
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Task } from '../db/database.ts';
import { handoffCandidates, loadTask } from '../services/tasks.ts';
import { listTasks, taskItem, TASK_LIST_FILTERS, type TaskListQuery } from '../services/task-list.ts';
import { STEP_VARIABLE } from '../services/task-outcomes.ts';
import { claimTask, completeTaskCommand, handoffTask, unclaimTask, type TaskActor } from '../services/task-commands.ts';
import { pagingQuery } from './paging.ts';

const OFFICERS = ['receptionist', 'specialist', 'leader', 'supervisor'] as const;
const keyParams = { type: 'object', required: ['key'], properties: { key: { type: 'string', maxLength: 100 } } } as const;
const list = { type: 'array', minItems: 1, maxItems: 50, items: { type: 'string', minLength: 1, maxLength: 1000 } } as const;

const routes: FastifyPluginAsync = async (app) => {
  const deps = () => ({ db: app.db, calendars: app.calendars, policy: app.slaPolicy, now: app.clock.now() });
  /** The task's view after a write, the live stream woken up. */
  const written = (t: Task) => {
    app.taskFeed.wake();
    return taskItem(deps(), t.key);
  };
  const actor = (request: FastifyRequest): TaskActor => ({ user: request.user, audit: request.auditContext(), lang: request.lang });
  const keyOf = (request: FastifyRequest) => (request.params as { key: string }).key;

  const complete = async (request: FastifyRequest, variables: Record<string, unknown>) => written(await completeTaskCommand(app, actor(request), keyOf(request), variables));

  /** Completes a task with an outcome of its step (the step's variable) and the listed items as its note. */
  const completeWithOutcome = async (request: FastifyRequest, outcomeOf: (step: string | null) => string, items: string[]) => {
    const t = await loadTask(app.db, request.user, (request.params as { key: string }).key);
    return complete(request, { [STEP_VARIABLE[t.step ?? ''] ?? 'appraisal']: { outcome: outcomeOf(t.step), note: items.join('; ') } });
  };

  app.get('/api/tasks', {
    config: { access: [...OFFICERS] },
    schema: {
      tags: ['tasks'], summary: 'Danh sách công việc / the task list (oldest due first)',
      description: 'q: dossier code prefix or part of the applicant\'s name (case and accents ignored); dueSoon: open, not overdue, within the due-soon threshold. '
        + '`total` counts up to 1,000 (`totalExact` false beyond); a page starting beyond the first 1,000 rows is refused (400, field `page`: narrow the filters); a page past the end is empty.',
      querystring: { type: 'object', additionalProperties: false, properties: { ...pagingQuery, ...TASK_LIST_FILTERS } },
    },
  }, async (request) => listTasks(deps(), request.user, request.query as TaskListQuery, request.lang));

  app.get('/api/tasks/:key/candidates', {
    config: { access: [...OFFICERS] },
    schema: { tags: ['tasks'], summary: 'Cán bộ có thể nhận chuyển công việc / colleagues the task may be handed to', params: keyParams },
  }, async (request) => handoffCandidates(app.db, await loadTask(app.db, request.user, (request.params as { key: string }).key)));

  app.get('/api/tasks/:key', {
    config: { access: [...OFFICERS] },
    schema: { tags: ['tasks'], summary: 'Một công việc và biểu mẫu / one task with its form schema', params: keyParams },
  }, async (request) => {
    const t = await loadTask(app.db, request.user, (request.params as { key: string }).key);
    return { ...(await taskItem(deps(), t.key)), formSchema: t.step ? app.taskSchemas.get(t.step) ?? null : null };
  });

  app.post('/api/tasks/:key/claim', {
    config: { access: ['receptionist', 'specialist', 'leader'] },
    schema: { tags: ['tasks'], summary: 'Nhận xử lý / claim', params: keyParams },
  }, async (request) => written(await claimTask(app, actor(request), keyOf(request))));

  app.post('/api/tasks/:key/unclaim', {
    config: { access: ['receptionist', 'specialist', 'leader', 'supervisor'] },
    schema: { tags: ['tasks'], summary: 'Trả lại công việc / unclaim', params: keyParams },
  }, async (request) => written(await unclaimTask(app, actor(request), keyOf(request))));

  app.post('/api/tasks/:key/complete', {
    config: { access: ['receptionist', 'specialist', 'leader'] },
    schema: {
      tags: ['tasks'], summary: 'Hoàn thành công việc / complete with the step\'s form (schemas/tasks/<step>.schema.json)', params: keyParams,
      body: { type: 'object', additionalProperties: false, required: ['variables'], properties: { variables: { type: 'object' } } },
    },
  }, async (request) => complete(request, (request.body as { variables: Record<string, unknown> }).variables));

  app.post('/api/tasks/:key/request-supplement', {
    config: { access: ['receptionist', 'specialist'] },
    schema: { tags: ['tasks'], summary: 'Yêu cầu bổ sung hồ sơ (mẫu 02) / request a supplement', params: keyParams, body: { type: 'object', additionalProperties: false, required: ['items'], properties: { items: list } } },
  }, async (request) => completeWithOutcome(request, () => 'supplement', (request.body as { items: string[] }).items));

  app.post('/api/tasks/:key/refuse', {
    config: { access: ['receptionist', 'specialist'] },
    schema: { tags: ['tasks'], summary: 'Từ chối (mẫu 03) / refuse, with reasons', params: keyParams, body: { type: 'object', additionalProperties: false, required: ['reasons'], properties: { reasons: list } } },
  }, async (request) => completeWithOutcome(request, (step) => (step === 'triage' ? 'reject' : 'refuse'), (request.body as { reasons: string[] }).reasons));

  app.post('/api/tasks/:key/handoff', {
    config: { access: ['receptionist', 'specialist', 'leader', 'supervisor'] },
    schema: { tags: ['tasks'], summary: 'Chuyển cho cán bộ khác / hand the task to a colleague', params: keyParams, body: { type: 'object', additionalProperties: false, required: ['assigneeId'], properties: { assigneeId: { type: 'string', format: 'uuid' } } } },
  }, async (request) => written(await handoffTask(app, actor(request), keyOf(request), (request.body as { assigneeId: string }).assigneeId)));
};

export default routes;
