/** Agencies: every user may read the directory; admins create and change agencies in their subtree (and set their routing: routing.ts). */
import type { FastifyPluginAsync } from 'fastify';
import { AGENCY_TYPES } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { agencySubtree, agencyView } from '../services/agencies.ts';
import { writeAudit } from '../services/audit.ts';
import routingRoutes from './routing.ts';

const agencySchema = {
  type: 'object',
  properties: {
    id: { type: 'string' }, code: { type: 'string' }, name: { type: 'string' }, type: { type: 'string' },
    parentId: { type: ['string', 'null'] }, provinceCode: { type: ['string', 'null'] }, disabled: { type: 'boolean' },
    createdAt: { type: 'string' }, updatedAt: { type: 'string' },
  },
} as const;

const editable = {
  name: { type: 'string', minLength: 2, maxLength: 300 },
  type: { type: 'string', enum: AGENCY_TYPES },
  parentId: { type: 'string', minLength: 1, maxLength: 64 },
  provinceCode: { type: ['string', 'null'], pattern: '^[0-9]{2}$' },
  disabled: { type: 'boolean' },
} as const;

const routes: FastifyPluginAsync = async (app) => {
  await app.register(routingRoutes);

  app.get('/api/agencies', {
    config: { access: 'authenticated' },
    schema: { tags: ['agencies'], summary: 'Danh mục cơ quan / agency directory', response: { 200: { type: 'array', items: agencySchema } } },
  }, async () => {
    const rows = await app.db.selectFrom('agencies').selectAll().orderBy('name').execute();
    return rows.map(agencyView);
  });

  app.post('/api/agencies', {
    config: { access: ['admin'] },
    schema: {
      tags: ['agencies'], summary: 'Tạo cơ quan / create an agency',
      body: {
        type: 'object', additionalProperties: false, required: ['id', 'code', 'name', 'type', 'parentId'],
        properties: {
          id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{1,62}$' },
          code: { type: 'string', pattern: '^[A-Z0-9][A-Z0-9._]{1,39}$' },
          ...editable,
        },
      },
      response: { 201: agencySchema },
    },
  }, async (request, reply) => {
    const body = request.body as { id: string; code: string; name: string; type: (typeof AGENCY_TYPES)[number]; parentId: string; provinceCode?: string | null };
    const scope = await agencySubtree(app.db, request.user.agencyId);
    if (!scope.includes(body.parentId)) throw new AppError('UNKNOWN_AGENCY', [{ field: 'parentId', message: request.lang === 'vi' ? 'không thuộc phạm vi quản lý' : 'is outside your scope' }]);
    const row = await app.db.transaction().execute(async (tx) => {
      const clash = await tx.selectFrom('agencies').select('id').where((eb) => eb.or([eb('id', '=', body.id), eb('code', '=', body.code)])).executeTakeFirst();
      if (clash) throw new AppError('AGENCY_EXISTS');
      const created = await tx.insertInto('agencies').values({
        id: body.id, code: body.code, name: body.name.normalize('NFC'), type: body.type, parent_id: body.parentId, province_code: body.provinceCode ?? null,
      }).returningAll().executeTakeFirstOrThrow();
      await writeAudit(tx, request.auditContext(), { action: 'agency.create', targetType: 'agency', targetId: created.id, after: agencyView(created), agencyId: created.id });
      return created;
    });
    return reply.status(201).send(agencyView(row));
  });

  app.patch('/api/agencies/:id', {
    config: { access: ['admin'] },
    schema: {
      tags: ['agencies'], summary: 'Sửa cơ quan / update an agency',
      params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
      body: { type: 'object', additionalProperties: false, minProperties: 1, properties: editable },
      response: { 200: agencySchema },
    },
  }, async (request) => {
    const { id } = request.params as { id: string };
    const body = request.body as { name?: string; type?: (typeof AGENCY_TYPES)[number]; parentId?: string; provinceCode?: string | null; disabled?: boolean };
    const scope = await agencySubtree(app.db, request.user.agencyId);
    if (!scope.includes(id)) throw new AppError('NOT_FOUND');
    if (body.parentId !== undefined && (!scope.includes(body.parentId) || body.parentId === id || (await agencySubtree(app.db, id)).includes(body.parentId))) {
      throw new AppError('UNKNOWN_AGENCY', [{ field: 'parentId', message: request.lang === 'vi' ? 'không hợp lệ' : 'is not a valid parent' }]);
    }
    const row = await app.db.transaction().execute(async (tx) => {
      const before = await tx.selectFrom('agencies').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
      const after = await tx.updateTable('agencies').set({
        ...(body.name !== undefined && { name: body.name.normalize('NFC') }),
        ...(body.type !== undefined && { type: body.type }),
        ...(body.parentId !== undefined && { parent_id: body.parentId }),
        ...(body.provinceCode !== undefined && { province_code: body.provinceCode }),
        ...(body.disabled !== undefined && { disabled: body.disabled }),
        updated_at: new Date(),
      }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await writeAudit(tx, request.auditContext(), { action: 'agency.update', targetType: 'agency', targetId: id, before: agencyView(before), after: agencyView(after), agencyId: id });
      return after;
    });
    return agencyView(row);
  });
};

export default routes;
