/**
 * Routing of a receiving agency: which agency decides each procedure's dossiers it receives. Admins of
 * the agency or above read and replace it; deciding agencies stay within the receiving agency's province.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { AGENCY_TYPES } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { agencySubtree } from '../services/agencies.ts';
import { writeAudit } from '../services/audit.ts';
import { checkRouting, effectiveRouting, loadRouting, replaceRouting, type Routing } from '../services/routing.ts';

const params = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 64 } } } as const;
const agencyId = { type: 'string', minLength: 1, maxLength: 64 } as const;
const body = {
  type: 'object', additionalProperties: false, required: ['defaults', 'procedures'],
  properties: {
    defaults: {
      type: 'array', maxItems: AGENCY_TYPES.length,
      items: { type: 'object', additionalProperties: false, required: ['handlingAgencyType', 'decidingAgencyId'], properties: { handlingAgencyType: { type: 'string', enum: AGENCY_TYPES }, decidingAgencyId: agencyId } },
    },
    procedures: {
      type: 'array', maxItems: 1000,
      items: { type: 'object', additionalProperties: false, required: ['procedureId', 'decidingAgencyId'], properties: { procedureId: { type: 'string', minLength: 1, maxLength: 100 }, decidingAgencyId: agencyId } },
    },
  },
} as const;

const routes: FastifyPluginAsync = async (app) => {
  /** The receiving agency of the URL, when it is within the admin's agencies (404 otherwise). */
  const receivingAgency = async (request: FastifyRequest) => {
    const { id } = request.params as { id: string };
    if (!(await agencySubtree(app.db, request.user.agencyId)).includes(id)) throw new AppError('NOT_FOUND');
    return id;
  };
  const view = async (id: string, routing: Routing) => ({ agencyId: id, ...routing, effective: await effectiveRouting(app.db, routing) });

  app.get('/api/agencies/:id/routing', {
    config: { access: ['admin'] },
    schema: {
      tags: ['agencies'], summary: 'Định tuyến hồ sơ / routing of a receiving agency', params,
      description: 'defaults: the deciding agency per handling agency type; procedures: per procedure (wins over the default); effective: where each active procedure goes (null: reception refuses it with ROUTING_NOT_CONFIGURED).',
    },
  }, async (request) => {
    const id = await receivingAgency(request);
    return view(id, await loadRouting(app.db, id));
  });

  app.put('/api/agencies/:id/routing', {
    config: { access: ['admin'] },
    schema: {
      tags: ['agencies'], summary: 'Đặt định tuyến hồ sơ / set the routing of a receiving agency', params, body,
      description: 'Replaces every route of the agency. A deciding agency is the receiving agency itself or an enabled agency of the handling type within its province (400 ROUTE_NOT_ALLOWED otherwise).',
    },
  }, async (request) => {
    const id = await receivingAgency(request);
    const routing = request.body as Routing;
    await checkRouting(app.db, id, routing, request.lang);
    await app.db.transaction().execute(async (tx) => {
      await tx.selectFrom('agencies').select('id').where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
      const before = await loadRouting(tx, id);
      await replaceRouting(tx, id, routing, app.clock.now());
      await writeAudit(tx, request.auditContext(), { action: 'agency.routing', targetType: 'agency', targetId: id, agencyId: id, before: { ...before }, after: { ...(await loadRouting(tx, id)) } });
    });
    return view(id, await loadRouting(app.db, id));
  });
};

export default routes;
