/**
 * The supervisor's live view: `GET /api/supervision/summary` (counts), `GET /api/supervision/overdue`
 * (the overdue steps, most late first), `GET /api/supervision/paused` (waiting for the applicant), `GET /api/supervision/heatmap` (a procedure's diagram with the dossiers waiting
 * at each step) with `GET /api/supervision/heatmap/items` (those at one step) and `POST /api/supervision/remind/:key` (a reminder to whoever
 * holds an open step, audited). Reassigning uses `POST /api/tasks/:key/handoff`.
 */
import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../errors.ts';
import { writeAudit } from '../services/audit.ts';
import { recordNotification } from '../services/notifications.ts';
import { loadTask } from '../services/tasks.ts';
import { heatmap, heatmapItems, overdueSteps, pausedDossiers, scopeOf, supervisionSummary } from '../services/supervision.ts';
import { INT4_MAX } from '../validation.ts';
import { pagingQuery } from './paging.ts';

const WATCHERS = ['supervisor', 'leader', 'admin'] as const;
const agencyQuery = { agency: { type: 'string', minLength: 1, maxLength: 100 } } as const;

const routes: FastifyPluginAsync = async (app) => {
  const deps = () => ({ db: app.db, calendars: app.calendars, policy: app.slaPolicy, now: app.clock.now() });

  app.get('/api/supervision/summary', {
    config: { access: [...WATCHERS] },
    schema: {
      tags: ['supervision'], summary: 'Giám sát: số hồ sơ đang giải quyết theo tình trạng hạn / open dossiers in time, due soon, overdue, paused',
      description: 'By agency, procedure and step, within the caller\'s agency subtree (agency: a subtree root inside it, else 404).',
      querystring: { type: 'object', additionalProperties: false, properties: agencyQuery },
    },
  }, async (request) => {
    const { agencyId, scope } = await scopeOf(app.db, request.user, (request.query as { agency?: string }).agency);
    return supervisionSummary(deps(), agencyId, scope);
  });

  app.get('/api/supervision/overdue', {
    config: { access: [...WATCHERS] },
    schema: {
      tags: ['supervision'], summary: 'Giám sát: các bước quá hạn, trễ nhất trước / overdue steps, most late first, with their holder',
      querystring: { type: 'object', additionalProperties: false, properties: { ...agencyQuery, ...pagingQuery } },
    },
  }, async (request) => {
    const q = request.query as { agency?: string; page: number; pageSize: number };
    const { scope } = await scopeOf(app.db, request.user, q.agency);
    return overdueSteps(deps(), scope, q.page, q.pageSize);
  });

  app.get('/api/supervision/paused', {
    config: { access: [...WATCHERS] },
    schema: {
      tags: ['supervision'], summary: 'Giám sát: hồ sơ chờ công dân bổ sung / dossiers waiting for the applicant, longest waiting first',
      querystring: { type: 'object', additionalProperties: false, properties: { ...agencyQuery, ...pagingQuery } },
    },
  }, async (request) => {
    const q = request.query as { agency?: string; page: number; pageSize: number };
    const { scope } = await scopeOf(app.db, request.user, q.agency);
    return pausedDossiers(deps(), scope, q.page, q.pageSize);
  });

  const procedureQuery = { procedureId: { type: 'string', minLength: 1, maxLength: 100 } } as const;
  app.get('/api/supervision/heatmap', {
    config: { access: [...WATCHERS] },
    schema: {
      tags: ['supervision'], summary: 'Giám sát: sơ đồ nhiệt / a procedure\'s process diagram with the dossiers waiting and overdue at each step',
      description: 'version: default the latest. Counts are over every version of the procedure (tasks do not record theirs).',
      querystring: { type: 'object', additionalProperties: false, required: ['procedureId'], properties: { ...agencyQuery, ...procedureQuery, version: { type: 'integer', minimum: 1, maximum: INT4_MAX } } },
    },
  }, async (request) => {
    const q = request.query as { agency?: string; procedureId: string; version?: number };
    const { scope } = await scopeOf(app.db, request.user, q.agency);
    return heatmap(deps(), scope, q.procedureId, q.version);
  });

  app.get('/api/supervision/heatmap/items', {
    config: { access: [...WATCHERS] },
    schema: {
      tags: ['supervision'], summary: 'Giám sát: hồ sơ đang chờ ở một bước / the dossiers waiting at one step, most late first',
      querystring: { type: 'object', additionalProperties: false, required: ['procedureId', 'elementId'], properties: { ...agencyQuery, ...procedureQuery, elementId: { type: 'string', minLength: 1, maxLength: 200 }, ...pagingQuery } },
    },
  }, async (request) => {
    const q = request.query as { agency?: string; procedureId: string; elementId: string; page: number; pageSize: number };
    const { scope } = await scopeOf(app.db, request.user, q.agency);
    return heatmapItems(deps(), scope, q.procedureId, q.elementId, q.page, q.pageSize);
  });

  app.post('/api/supervision/remind/:key', {
    config: { access: ['supervisor', 'leader'] },
    schema: {
      tags: ['supervision'], summary: 'Nhắc xử lý / remind whoever holds an open step (its assignee, else its group in the agency)',
      params: { type: 'object', required: ['key'], properties: { key: { type: 'string', maxLength: 100 } } },
    },
  }, async (request) => {
    const task = await loadTask(app.db, request.user, (request.params as { key: string }).key);
    if (task.state !== 'CREATED') throw new AppError('TASK_NOT_OPEN');
    const recipients = task.assignee_id ? [task.assignee_id]
      : (await app.db.selectFrom('users').select('id').where('agency_id', '=', task.agency_id!).where('disabled', '=', false)
        .where((eb) => eb('roles', '&&', eb.val(task.candidate_groups) as never)).execute()).map((u) => u.id);
    const now = app.clock.now();
    const code = task.dossier_code ?? '';
    for (const userId of recipients) {
      const row = await recordNotification(app.db, {
        userId, kind: 'supervisor_reminder', dossierCode: task.dossier_code, taskKey: task.key, agencyId: task.agency_id,
        title: { vi: `Nhắc xử lý hồ sơ ${code}`, en: `Reminder: dossier ${code}` },
        body: { vi: `${request.user.fullName ?? request.user.username} nhắc xử lý bước «${task.name ?? task.step ?? ''}» của hồ sơ ${code}.`, en: `${request.user.fullName ?? request.user.username} asks you to handle the step «${task.name ?? task.step ?? ''}» of dossier ${code}.` },
        dedupeKey: `remind:${task.key}:${userId}:${now.getTime()}`,
      }, now, app.workers.mailer !== null);
      if (row) app.workers.bus.publish(row);
    }
    await writeAudit(app.db, request.auditContext(), { action: 'task.remind', targetType: 'task', targetId: task.key, agencyId: task.agency_id, after: { dossier: task.dossier_code, recipients: recipients.length } });
    return { notified: recipients.length };
  });
};

export default routes;
