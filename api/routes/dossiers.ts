/**
 * Dossiers: reception (paper, post, online registration, or refusal at the counter), lookup by
 * code, and the list with filters and paging — each limited to the agencies that may see them.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Dossier, Procedure } from '../db/database.ts';
import { DOSSIER_STATUSES } from '../domain/dossier/index.ts';
import { agencySubtree } from '../services/agencies.ts';
import { listDossiers, type DossierSort } from '../services/dossier-list.ts';
import { assertWithinWindow } from '../services/list-window.ts';
import { actorOf, loadDossier } from '../services/dossiers.ts';
import { checkReceiveBody, receiveDossier, type ReceiveBody } from '../services/reception.ts';
import { dossierForms, dossierHistory, dossierHolders } from '../services/dossier-detail.ts';
import { dossierView } from './dossier-view.ts';
import { pagingQuery, type Paging } from './paging.ts';
import { preparing } from '../db/prepared-statements.ts';

/** The part of every procedure's form the reception itself needs (the full form is checked against its schema). */
export const formDataSchema = {
  type: 'object', required: ['applicant'],
  properties: {
    applicant: {
      type: 'object', required: ['fullName', 'personalId'],
      properties: { fullName: { type: 'string', minLength: 2, maxLength: 200 }, personalId: { type: 'string', pattern: '^[0-9]{12}$' }, phone: { type: 'string' } },
    },
  },
} as const;

export type { ApplicantForm } from '../services/reception.ts';

const routes: FastifyPluginAsync = async (app) => {
  type ProcedureName = Pick<Procedure, 'id' | 'name_vi' | 'name_en'>;
  /** The procedures of a page of dossiers, in one query. */
  const procedureNames = async (rows: Array<Pick<Dossier, 'procedure_id'>>) => {
    const ids = [...new Set(rows.map((r) => r.procedure_id))];
    const found = ids.length ? await app.db.selectFrom('procedures').select(['id', 'name_vi', 'name_en']).where('id', 'in', ids).execute() : [];
    return new Map(found.map((p) => [p.id, p]));
  };
  const view = async (request: FastifyRequest, d: Dossier, known?: ProcedureName) => {
    const procedure = known ?? await preparing(app.db).selectFrom('procedures').select(['id', 'name_vi', 'name_en']).where('id', '=', d.procedure_id).executeTakeFirstOrThrow();
    return dossierView(d, procedure, await app.calendars.forAgency(d.receiving_agency_id), app.clock.now(), app.slaPolicy, request.user.roles);
  };

  app.post('/api/dossiers', {
    config: { access: ['receptionist'] },
    schema: {
      tags: ['dossiers'], summary: 'Tiếp nhận hồ sơ / receive a dossier',
      description: 'formData is the procedure\'s form (GET /api/procedures/:id gives its JSON Schema), with the applicant block. channel in_person or post: a complete dossier is received (form 01) and its due date set; online: registered for review; with refusalReasons: refused at the counter (form 03).',
      body: {
        type: 'object', additionalProperties: false, required: ['procedureId', 'channel', 'formData'],
        properties: {
          procedureId: { type: 'string', maxLength: 100 },
          channel: { type: 'string', enum: ['in_person', 'post', 'online'] },
          formData: formDataSchema,
          refusalReasons: { type: 'array', minItems: 1, maxItems: 20, items: { type: 'string', minLength: 3, maxLength: 1000 } },
        },
      },
    },
  }, async (request, reply) => {
    const body = request.body as ReceiveBody;
    const procedure = await checkReceiveBody(app, request.lang, body);
    const dossier = await receiveDossier(app, {
      body, procedure, agencyId: request.user.agencyId, actor: actorOf(request.user), audit: request.auditContext(), createdBy: request.user.id, lang: request.lang,
    });
    return reply.status(201).send(await view(request, dossier, procedure)); // the procedure read by the check
  });

  app.get('/api/dossiers/:code', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['dossiers'], summary: 'Xem hồ sơ / get a dossier by code',
      description: 'The dossier, plus holders (its open tasks: step, agency, assignee, since when, deadline state) and forms (the numbers of forms 01–06 that exist for its state).',
      params: { type: 'object', required: ['code'], properties: { code: { type: 'string', maxLength: 80 } } },
    },
  }, async (request) => {
    const scope = await agencySubtree(app.db, request.user.agencyId);
    const d = await loadDossier(app.db, (request.params as { code: string }).code, scope);
    const [base, holders, forms] = await Promise.all([
      view(request, d), dossierHolders(app.db, app.calendars, app.slaPolicy, app.clock.now(), d.id), dossierForms(app.db, d),
    ]);
    return { ...base, holders, forms };
  });

  app.get('/api/dossiers/:code/history', {
    config: { access: 'authenticated' },
    schema: { tags: ['dossiers'], summary: 'Quá trình xử lý / history of a dossier', params: { type: 'object', required: ['code'], properties: { code: { type: 'string', maxLength: 80 } } } },
  }, async (request) => {
    const scope = await agencySubtree(app.db, request.user.agencyId);
    const d = await loadDossier(app.db, (request.params as { code: string }).code, scope);
    return dossierHistory(app.db, d.id);
  });

  app.get('/api/dossiers', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['dossiers'], summary: 'Danh sách hồ sơ / list dossiers',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          ...pagingQuery,
          status: { type: 'string', enum: DOSSIER_STATUSES }, procedureId: { type: 'string', maxLength: 100 },
          q: { type: 'string', maxLength: 100 }, receivedFrom: { type: 'string', format: 'date-time' }, receivedTo: { type: 'string', format: 'date-time' },
          overdue: { type: 'boolean' },
          // Default: by due date; online dossiers waiting for review (status=registered) oldest submitted first;
          // within a period of receipt (receivedFrom/receivedTo), in order of receipt.
          sort: { type: 'string', enum: ['due', 'received', '-received', 'submitted', '-submitted'] },
        },
      },
    },
  }, async (request) => {
    const q = request.query as Paging & { status?: string; procedureId?: string; q?: string; receivedFrom?: string; receivedTo?: string; overdue?: boolean; sort?: DossierSort };
    assertWithinWindow(q.page, q.pageSize, request.lang);
    const list = await listDossiers(app.db, {
      agencyId: request.user.agencyId, status: q.status, procedureId: q.procedureId, q: q.q, overdue: q.overdue,
      receivedFrom: q.receivedFrom ? new Date(q.receivedFrom) : undefined, receivedTo: q.receivedTo ? new Date(q.receivedTo) : undefined,
      sort: q.sort ?? (q.status === 'registered' ? 'submitted' : q.receivedFrom || q.receivedTo ? 'received' : 'due'), page: q.page, pageSize: q.pageSize, now: app.clock.now(),
    });
    const procedures = await procedureNames(list.rows);
    // List rows carry no form (the list does not show it; GET /api/dossiers/:code has it).
    const items = await Promise.all(list.rows.map(async (r) => {
      const { formData: _form, ...item } = await view(request, { ...r, form_data: {} }, procedures.get(r.procedure_id));
      return item;
    }));
    return { items, total: list.total, totalExact: list.totalExact, page: q.page, pageSize: q.pageSize };
  });
};

export default routes;
