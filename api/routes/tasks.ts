/**
 * The task list: `GET /api/tasks` (mine, my groups', my agency's; filters; oldest due first),
 * one task, claim and unclaim, complete with the step's form, and the shortcuts officers use most:
 * request a supplement, refuse, hand the task to a colleague.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Task } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { classifyOpen } from '../domain/sla/index.ts';
import { writeAudit } from '../services/audit.ts';
import { claimInTx, completeTask, loadTask, visibleTasks } from '../services/tasks.ts';
import { STEP_VARIABLE } from '../services/task-outcomes.ts';
import { runAction } from '../services/dossier-actions.ts';
import { offsetOf, pagingQuery, type Paging } from './paging.ts';

const OFFICERS = ['receptionist', 'specialist', 'leader', 'supervisor'] as const;
const keyParams = { type: 'object', required: ['key'], properties: { key: { type: 'string', maxLength: 100 } } } as const;
const list = { type: 'array', minItems: 1, maxItems: 50, items: { type: 'string', minLength: 1, maxLength: 1000 } } as const;

async function taskView(app: FastifyInstance, t: Task) {
  const d = t.dossier_id
    ? await app.db.selectFrom('dossiers').innerJoin('procedures', 'procedures.id', 'dossiers.procedure_id')
      .select(['dossiers.code', 'dossiers.status', 'dossiers.applicant_name', 'dossiers.due_at', 'procedures.id as procedure_id', 'procedures.name_vi', 'procedures.extra'])
      .where('dossiers.id', '=', t.dossier_id).executeTakeFirst()
    : undefined;
  const assignee = t.assignee_id ? await app.db.selectFrom('users').select(['id', 'username', 'full_name']).where('id', '=', t.assignee_id).executeTakeFirst() : undefined;
  const calendar = await app.calendars.forAgency(t.agency_id);
  const now = app.clock.now();
  const sla = t.state === 'CREATED' && t.due_at ? classifyOpen(calendar, t.created_at, t.due_at, now, app.slaPolicy.dueSoon) : t.sla_state;
  return {
    key: t.key, kind: t.kind, name: t.name, step: t.step, state: t.state, agencyId: t.agency_id, candidateGroups: t.candidate_groups,
    assignee: assignee ? { id: assignee.id, username: assignee.username, fullName: assignee.full_name } : null,
    dueAt: t.due_at?.toISOString() ?? null, sla, createdAt: t.created_at.toISOString(), completedAt: t.completed_at?.toISOString() ?? null, formKey: t.form_key,
    dossier: d ? { code: d.code, status: d.status, applicantName: d.applicant_name, dueAt: d.due_at?.toISOString() ?? null, procedureId: d.procedure_id, procedureName: d.name_vi } : null,
    outcomes: t.step ? ((d?.extra as { taskOutcomes?: Record<string, string[]> } | undefined)?.taskOutcomes?.[t.step] ?? null) : null,
    variable: t.step ? (STEP_VARIABLE[t.step] ?? t.step) : null,
  };
}

const routes: FastifyPluginAsync = async (app) => {
  const rootVariables = async (t: Task) => (await app.engine.getProcessInstance(t.process_instance_key).catch(() => undefined))?.variables ?? {};

  const complete = async (request: FastifyRequest, variables: Record<string, unknown>) => {
    const { key } = request.params as { key: string };
    const current = await loadTask(app.db, request.user, key);
    const done = await completeTask(app.db, {
      user: request.user, key, variables, audit: request.auditContext(), lang: request.lang, taskSchemas: app.taskSchemas,
      processVariables: await rootVariables(current), calendars: app.calendars, policy: app.slaPolicy, now: app.clock.now(),
    });
    app.taskBridge?.wake();
    return taskView(app, done);
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
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          ...pagingQuery, view: { type: 'string', enum: ['all', 'mine', 'groups', 'agency'], default: 'all' },
          state: { type: 'string', enum: ['CREATED', 'COMPLETED', 'CANCELED'], default: 'CREATED' }, step: { type: 'string', maxLength: 50 },
          dossierCode: { type: 'string', maxLength: 80 }, procedureId: { type: 'string', maxLength: 100 }, overdue: { type: 'boolean' },
          sort: { type: 'string', enum: ['due', '-due', 'created'], default: 'due' },
        },
      },
    },
  }, async (request) => {
    const q = request.query as Paging & { view: 'all' | 'mine' | 'groups' | 'agency'; state: string; step?: string; dossierCode?: string; procedureId?: string; overdue?: boolean; sort: string };
    let query = (await visibleTasks(app.db, request.user, q.view)).where('state', '=', q.state as Task['state']);
    if (q.step) query = query.where('step', '=', q.step);
    if (q.dossierCode) query = query.where('dossier_code', '=', q.dossierCode);
    if (q.procedureId) query = query.where('bpmn_process_id', '=', `motcua-${q.procedureId}`);
    if (q.overdue) query = query.where('due_at', '<', app.clock.now());
    const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    const ordered = q.sort === 'created' ? query.orderBy('created_at') : query.orderBy(sql`due_at ${sql.raw(q.sort === '-due' ? 'desc' : 'asc')} nulls last`);
    const rows = await ordered.selectAll().orderBy('key').limit(q.pageSize).offset(offsetOf(q)).execute();
    return { items: await Promise.all(rows.map((t) => taskView(app, t))), total: Number(total), page: q.page, pageSize: q.pageSize };
  });

  app.get('/api/tasks/:key', {
    config: { access: [...OFFICERS] },
    schema: { tags: ['tasks'], summary: 'Một công việc và biểu mẫu / one task with its form schema', params: keyParams },
  }, async (request) => {
    const t = await loadTask(app.db, request.user, (request.params as { key: string }).key);
    return { ...(await taskView(app, t)), formSchema: t.step ? app.taskSchemas.get(t.step) ?? null : null };
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
    return taskView(app, claimed);
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
    return taskView(app, updated);
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
    return taskView(app, updated);
  });
};

export default routes;
