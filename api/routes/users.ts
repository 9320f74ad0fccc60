/** User administration, for admins, limited to the users of their agency and the agencies below it. */
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { ROLES, type Role, type User, type UserUpdate } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { agencySubtree } from '../services/agencies.ts';
import { writeAudit } from '../services/audit.ts';
import { hashPassword } from '../services/passwords.ts';
import { revokeUserTokens } from '../services/refresh-tokens.ts';
import { userSchema, userView } from '../services/users.ts';
import type { Clock } from '../services/clock.ts';
import { offsetOf, pageSchema, pagingQuery, type Paging } from './paging.ts';

const roles = { type: 'array', items: { type: 'string', enum: ROLES }, minItems: 1, uniqueItems: true } as const;
const password = { type: 'string', minLength: 10, maxLength: 200 } as const;
const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } } as const;
const admin = { access: ['admin'] as const };

async function scopedUser(app: FastifyInstance, request: FastifyRequest, id: string): Promise<{ user: User; scope: string[] }> {
  const scope = await agencySubtree(app.db, request.user.agencyId);
  const user = await app.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!user || !scope.includes(user.agency_id)) throw new AppError('NOT_FOUND');
  return { user, scope };
}

function outOfScope(request: FastifyRequest, field: string) {
  return new AppError('UNKNOWN_AGENCY', [{ field, message: request.lang === 'vi' ? 'không thuộc phạm vi quản lý' : 'is outside your scope' }]);
}

const routes: FastifyPluginAsync<{ clock: Clock }> = async (app, { clock }) => {
  /** Applies a change to one user in a transaction with its audit row; returns the new row. */
  async function change(request: FastifyRequest, id: string, action: string, set: UserUpdate, revoke = false): Promise<User> {
    return app.db.transaction().execute(async (tx) => {
      const before = await tx.selectFrom('users').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
      const after = await tx.updateTable('users').set({ ...set, updated_at: clock.now() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      if (revoke) await revokeUserTokens(tx, id, clock.now());
      await writeAudit(tx, request.auditContext(), { action, targetType: 'user', targetId: id, before: userView(before), after: userView(after), agencyId: after.agency_id });
      return after;
    });
  }

  app.get('/api/users', {
    config: admin,
    schema: {
      tags: ['users'], summary: 'Danh sách tài khoản / list users',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: { ...pagingQuery, agencyId: { type: 'string' }, role: { type: 'string', enum: ROLES }, q: { type: 'string', maxLength: 100 }, disabled: { type: 'boolean' } },
      },
      response: { 200: pageSchema(userSchema) },
    },
  }, async (request) => {
    const q = request.query as Paging & { agencyId?: string; role?: Role; q?: string; disabled?: boolean };
    const scope = await agencySubtree(app.db, request.user.agencyId);
    let query = app.db.selectFrom('users').where('agency_id', 'in', scope);
    if (q.agencyId) query = query.where('agency_id', '=', q.agencyId);
    if (q.role) query = query.where((eb) => eb(eb.val(q.role), '=', eb.fn.any('roles')));
    if (q.disabled !== undefined) query = query.where('disabled', '=', q.disabled);
    if (q.q) query = query.where((eb) => eb.or([eb('username', 'ilike', `%${q.q}%`), eb('full_name', 'ilike', `%${q.q}%`)]));
    const [{ total }] = [await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow()];
    const rows = await query.selectAll().orderBy('username').limit(q.pageSize).offset(offsetOf(q)).execute();
    return { items: rows.map(userView), total: Number(total), page: q.page, pageSize: q.pageSize };
  });

  app.get('/api/users/:id', {
    config: admin,
    schema: { tags: ['users'], summary: 'Xem tài khoản / get a user', params: idParams, response: { 200: userSchema } },
  }, async (request) => userView((await scopedUser(app, request, (request.params as { id: string }).id)).user));

  app.post('/api/users', {
    config: admin,
    schema: {
      tags: ['users'], summary: 'Tạo tài khoản / create a user',
      body: {
        type: 'object', additionalProperties: false, required: ['username', 'fullName', 'agencyId', 'roles', 'password'],
        properties: {
          username: { type: 'string', pattern: '^[a-zA-Z0-9._-]{3,50}$' },
          fullName: { type: 'string', minLength: 2, maxLength: 200 },
          email: { type: 'string', format: 'email', maxLength: 200 },
          agencyId: { type: 'string', minLength: 1 },
          roles,
          password,
        },
      },
      response: { 201: userSchema },
    },
  }, async (request, reply) => {
    const body = request.body as { username: string; fullName: string; email?: string; agencyId: string; roles: Role[]; password: string };
    const scope = await agencySubtree(app.db, request.user.agencyId);
    if (!scope.includes(body.agencyId)) throw outOfScope(request, 'agencyId');
    const passwordHash = await hashPassword(body.password);
    const user = await app.db.transaction().execute(async (tx) => {
      const username = body.username.toLowerCase();
      if (await tx.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst()) throw new AppError('USERNAME_TAKEN');
      const created = await tx.insertInto('users').values({
        username, full_name: body.fullName.normalize('NFC'), email: body.email ?? null, agency_id: body.agencyId, roles: body.roles, password_hash: passwordHash,
      }).returningAll().executeTakeFirstOrThrow();
      await writeAudit(tx, request.auditContext(), { action: 'user.create', targetType: 'user', targetId: created.id, after: userView(created), agencyId: created.agency_id });
      return created;
    });
    return reply.status(201).send(userView(user));
  });

  app.patch('/api/users/:id', {
    config: admin,
    schema: {
      tags: ['users'], summary: 'Sửa tài khoản / update a user', params: idParams,
      body: {
        type: 'object', additionalProperties: false, minProperties: 1,
        properties: {
          fullName: { type: 'string', minLength: 2, maxLength: 200 }, email: { type: ['string', 'null'], format: 'email' }, agencyId: { type: 'string', minLength: 1 },
          // The work phone printed on the supplement request (form 02).
          phone: { type: ['string', 'null'], pattern: '^[0-9][0-9 .]{7,18}[0-9]$' },
        },
      },
      response: { 200: userSchema },
    },
  }, async (request) => {
    const { id } = request.params as { id: string };
    const body = request.body as { fullName?: string; email?: string | null; agencyId?: string; phone?: string | null };
    const { scope } = await scopedUser(app, request, id);
    if (body.agencyId !== undefined && !scope.includes(body.agencyId)) throw outOfScope(request, 'agencyId');
    const set: UserUpdate = {};
    if (body.fullName !== undefined) set.full_name = body.fullName.normalize('NFC');
    if (body.email !== undefined) set.email = body.email;
    if (body.agencyId !== undefined) set.agency_id = body.agencyId;
    if (body.phone !== undefined) set.phone = body.phone;
    return userView(await change(request, id, 'user.update', set));
  });

  app.put('/api/users/:id/roles', {
    config: admin,
    schema: {
      tags: ['users'], summary: 'Phân quyền / set roles', params: idParams,
      body: { type: 'object', additionalProperties: false, required: ['roles'], properties: { roles } },
      response: { 200: userSchema },
    },
  }, async (request) => {
    const { id } = request.params as { id: string };
    await scopedUser(app, request, id);
    return userView(await change(request, id, 'user.roles', { roles: (request.body as { roles: Role[] }).roles }));
  });

  for (const [action, disabled] of [['disable', true], ['enable', false]] as const) {
    app.post(`/api/users/:id/${action}`, {
      config: admin,
      schema: { tags: ['users'], summary: disabled ? 'Khóa tài khoản / disable' : 'Mở khóa / enable', params: idParams, response: { 200: userSchema } },
    }, async (request) => {
      const { id } = request.params as { id: string };
      await scopedUser(app, request, id);
      if (disabled && id === request.user.id) throw new AppError('CANNOT_DISABLE_SELF');
      return userView(await change(request, id, `user.${action}`, { disabled }, disabled));
    });
  }

  app.post('/api/users/:id/reset-password', {
    config: admin,
    schema: {
      tags: ['users'], summary: 'Đặt lại mật khẩu / reset the password', params: idParams,
      body: { type: 'object', additionalProperties: false, required: ['password'], properties: { password } },
      response: { 200: userSchema },
    },
  }, async (request) => {
    const { id } = request.params as { id: string };
    await scopedUser(app, request, id);
    const passwordHash = await hashPassword((request.body as { password: string }).password);
    return userView(await change(request, id, 'user.reset_password', { password_hash: passwordHash }, true));
  });
};

export default routes;
