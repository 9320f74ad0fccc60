/** The audit log, for admins and supervisors, limited to their agency and the agencies below it. */
import type { FastifyPluginAsync } from 'fastify';
import { agencySubtree } from '../services/agencies.ts';
import { offsetOf, pageSchema, pagingQuery, type Paging } from './paging.ts';

const auditSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' }, at: { type: 'string' }, actorId: { type: ['string', 'null'] }, actorUsername: { type: ['string', 'null'] },
    actorRoles: { type: 'array', items: { type: 'string' } }, agencyId: { type: ['string', 'null'] }, action: { type: 'string' },
    targetType: { type: 'string' }, targetId: { type: ['string', 'null'] }, requestId: { type: ['string', 'null'] }, ip: { type: ['string', 'null'] },
    before: { type: ['object', 'null'], additionalProperties: true }, after: { type: ['object', 'null'], additionalProperties: true },
  },
} as const;

interface AuditQuery extends Paging {
  action?: string;
  actorId?: string;
  targetType?: string;
  targetId?: string;
  agencyId?: string;
  from?: string;
  to?: string;
}

const routes: FastifyPluginAsync = async (app) => {
  app.get('/api/audit', {
    config: { access: ['admin', 'supervisor'] },
    schema: {
      tags: ['audit'], summary: 'Nhật ký thao tác / audit log',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          ...pagingQuery,
          action: { type: 'string', maxLength: 100 }, actorId: { type: 'string', format: 'uuid' }, targetType: { type: 'string', maxLength: 50 },
          targetId: { type: 'string', maxLength: 100 }, agencyId: { type: 'string', maxLength: 64 },
          from: { type: 'string', format: 'date-time' }, to: { type: 'string', format: 'date-time' },
        },
      },
      response: { 200: pageSchema(auditSchema) },
    },
  }, async (request) => {
    const q = request.query as AuditQuery;
    const scope = await agencySubtree(app.db, request.user.agencyId);
    let query = app.db.selectFrom('audit_log').where('agency_id', 'in', scope);
    if (q.action) query = query.where('action', q.action.endsWith('.*') ? 'like' : '=', q.action.endsWith('.*') ? `${q.action.slice(0, -1)}%` : q.action);
    if (q.actorId) query = query.where('actor_id', '=', q.actorId);
    if (q.targetType) query = query.where('target_type', '=', q.targetType);
    if (q.targetId) query = query.where('target_id', '=', q.targetId);
    if (q.agencyId) query = query.where('agency_id', '=', q.agencyId);
    if (q.from) query = query.where('at', '>=', new Date(q.from));
    if (q.to) query = query.where('at', '<', new Date(q.to));
    const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    const rows = await query.selectAll().orderBy('id', 'desc').limit(q.pageSize).offset(offsetOf(q)).execute();
    return {
      items: rows.map((r) => ({
        id: String(r.id), at: r.at.toISOString(), actorId: r.actor_id, actorUsername: r.actor_username, actorRoles: r.actor_roles,
        agencyId: r.agency_id, action: r.action, targetType: r.target_type, targetId: r.target_id, requestId: r.request_id, ip: r.ip,
        before: r.before, after: r.after,
      })),
      total: Number(total), page: q.page, pageSize: q.pageSize,
    };
  });
};

export default routes;
