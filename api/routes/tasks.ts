/**
 * The task list: `GET /api/tasks` (mine, my groups', my agency's; filters; oldest due first),
 * one task, claim and unclaim, complete with the step's form, and the shortcuts officers use most:
 * request a supplement, refuse, hand the task to a colleague (and who may take it).
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Task } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { writeAudit } from '../services/audit.ts';
import { claimInTx, completeTask, handoffCandidates, loadTask } from '../services/tasks.ts';
import { listTasks, taskItem, TASK_LIST_FILTERS, type TaskListQuery } from '../services/task-list.ts';
import { STEP_VARIABLE } from '../services/task-outcomes.ts';
import { runAction } from '../services/dossier-actions.ts';
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
  const rootVariables = async (t: Task) => (await app.engine.getProcessInstance(t.process_instance_key).catch(() => undefined))?.variables ?? {};

  const complete = async (request: FastifyRequest, variables: Record<string, unknown>) => {
    const { key } = request.params as { key: string };
    const current = await loadTask(app.db, request.user, key);
    const done = await completeTask(app.db, {
      user: request.user, key, variables, audit: request.auditContext(), lang: request.lang, taskSchemas: app.taskSchemas,
      processVariables: await rootVariables(current), calendars: app.calendars, policy: app.slaPolicy, now: app.clock.now(),
    });
    app.taskBridge?.wake();
    return written(done);
  };

  /** Completes a task with an outcome of its step (the step's variable) and the listed items as its note. */
  const completeWithOutcome = async (request: FastifyRequest, outcomeOf: (step: string | null) => string, items: string[]) => {
    const t = await loadTask(app.db, request.user, (request.params as { key: string }).key);
    return complete(request, { [STEP_VARIABLE[t.step ?? ''] ?? 'appraisal']: { outcome: outcomeOf(t.step), note: items.join('; ') } });
  };

  app.get('/api/tasks', {
    config: { access: [...OFFICERS] },
    schema: {
      tags: ['tasks'], summary: 'Danh sách công việc / the task list (oldest due first)',
      description: 'q: dossier code prefix or part of the applicant\'s name (case and accents ignored); dueSoon: open, not overdue, within the due-soon threshold.',
      querystring: { type: 'object', additionalProperties: false, properties: { ...pagingQuery, ...TASK_LIST_FILTERS } },
    },
  }, async (request) => listTasks(deps(), request.user, request.query as TaskListQuery));

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
  }, async (request) => {
    const { key } = request.params as { key: string };
    const now = app.clock.now();
    const claimed = await app.db.transaction().execute(async (tx) => {
      const t = await claimInTx(tx, request.user, key, request.auditContext());
      // Taking up the appraisal forwards the dossier to processing (form 07's "forwarded" time).
      if (t.dossier_id && (t.step === 'appraisal' || t.step === 'triage')) {
        const dossier = await tx.selectFrom('dossiers').selectAll().where('id', '=', t.dossier_id).forUpdate().executeTakeFirstOrThrow();
        if (dossier.status === 'accepted') await runAction(tx, { dossier, action: 'start_processing', body: { assignee: request.user.username }, user: request.user, audit: request.auditContext(), now, calendars: app.calendars, policy: app.slaPolicy, lang: request.lang });
      }
      return t;
    });
    if (claimed.kind === 'user_task') await app.engine.assignUserTask(key, request.user.id);
    return written(claimed);
  });

  app.post('/api/tasks/:key/unclaim', {
    config: { access: ['receptionist', 'specialist', 'leader', 'supervisor'] },
    schema: { tags: ['tasks'], summary: 'Trả lại công việc / unclaim', params: keyParams },
  }, async (request) => {
    const { key } = request.params as { key: string };
    const updated = await app.db.transaction().execute(async (tx) => {
      const t = await loadTask(tx, request.user, key, true);
      if (t.state !== 'CREATED') throw new AppError('TASK_NOT_OPEN');
      if (t.assignee_id && t.assignee_id !== request.user.id && !request.user.roles.includes('supervisor')) throw new AppError('TASK_CLAIMED');
      const row = await tx.updateTable('tasks').set({ assignee_id: null }).where('key', '=', key).returningAll().executeTakeFirstOrThrow();
      await writeAudit(tx, request.auditContext(), { action: 'task.unclaim', targetType: 'task', targetId: key, agencyId: t.agency_id, before: { assignee: t.assignee_id }, after: { assignee: null } });
      return row;
    });
    if (updated.kind === 'user_task') await app.engine.unassignUserTask(key);
    return written(updated);
  });

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
  }, async (request) => {
    const { key } = request.params as { key: string };
    const { assigneeId } = request.body as { assigneeId: string };
    const updated = await app.db.transaction().execute(async (tx) => {
      const t = await loadTask(tx, request.user, key, true);
      if (t.state !== 'CREATED') throw new AppError('TASK_NOT_OPEN');
      const mayReassign = t.assignee_id === request.user.id || request.user.roles.some((r) => r === 'leader' || r === 'supervisor');
      if (!mayReassign) throw new AppError(t.assignee_id ? 'TASK_CLAIMED' : 'FORBIDDEN');
      const colleague = await tx.selectFrom('users').select(['id', 'username', 'roles', 'agency_id', 'disabled']).where('id', '=', assigneeId).executeTakeFirst();
      if (!colleague || colleague.disabled || colleague.agency_id !== t.agency_id || !t.candidate_groups.some((g) => (colleague.roles as string[]).includes(g))) {
        throw new AppError('VALIDATION_FAILED', [{ field: 'assigneeId', message: request.lang === 'vi' ? 'không phải cán bộ của cơ quan, nhóm xử lý công việc này' : 'is not an officer of this task\'s agency and group' }]);
      }
      const row = await tx.updateTable('tasks').set({ assignee_id: assigneeId }).where('key', '=', key).returningAll().executeTakeFirstOrThrow();
      await writeAudit(tx, request.auditContext(), { action: 'task.handoff', targetType: 'task', targetId: key, agencyId: t.agency_id, before: { assignee: t.assignee_id }, after: { assignee: colleague.username } });
      return row;
    });
    if (updated.kind === 'user_task') await app.engine.assignUserTask(key, assigneeId);
    return written(updated);
  });
};

export default routes;
