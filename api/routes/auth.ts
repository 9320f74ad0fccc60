/** Login, token refresh with rotation, logout, and who-am-I. */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { DUMMY_HASH, verifyPassword } from '../services/passwords.ts';
import { clearFailures, lockedUntil, recordFailure, throttleKeys } from '../services/login-throttle.ts';
import { consumeRefreshToken, familyOf, issueRefreshToken, revokeFamily, startSession } from '../services/refresh-tokens.ts';
import { writeAudit, type AuditContext } from '../services/audit.ts';
import type { Clock } from '../services/clock.ts';
import type { Config } from '../config.ts';

export interface AuthRouteOptions {
  config: Config;
  clock: Clock;
}

const tokenResponse = {
  type: 'object',
  properties: {
    accessToken: { type: 'string' },
    refreshToken: { type: 'string' },
    tokenType: { type: 'string' },
    expiresIn: { type: 'integer' },
  },
} as const;

const refreshBody = {
  type: 'object',
  required: ['refreshToken'],
  additionalProperties: false,
  properties: { refreshToken: { type: 'string', minLength: 16, maxLength: 200 } },
} as const;

function anonymousContext(request: FastifyRequest, user?: { id: string; username: string; roles: string[]; agency_id: string }): AuditContext {
  return {
    actorId: user?.id ?? null,
    actorUsername: user?.username ?? null,
    actorRoles: user?.roles ?? [],
    agencyId: user?.agency_id ?? null,
    requestId: request.id,
    ip: request.ip,
  };
}

const routes: FastifyPluginAsync<AuthRouteOptions> = async (app, { config, clock }) => {
  const rateLimit = { max: config.rateLimitPublicPerMinute, timeWindow: 60_000 };
  const policy = { maxFailures: config.loginMaxFailures, maxFailuresPerIp: config.loginMaxFailuresPerIp, lockSeconds: config.loginLockSeconds };

  app.post('/api/auth/login', {
    config: { access: 'public', rateLimit },
    schema: {
      tags: ['auth'], summary: 'Đăng nhập / log in', security: [],
      body: {
        type: 'object', required: ['username', 'password'], additionalProperties: false,
        properties: { username: { type: 'string', minLength: 1, maxLength: 100 }, password: { type: 'string', minLength: 1, maxLength: 200 } },
      },
      response: { 200: tokenResponse },
    },
  }, async (request, reply) => {
    const { username, password } = request.body as { username: string; password: string };
    const now = clock.now();
    const keys = throttleKeys(username, request.ip, policy);
    const lockEnd = await lockedUntil(app.db, keys, now);
    if (lockEnd) {
      reply.header('retry-after', String(Math.max(1, Math.ceil((lockEnd.getTime() - now.getTime()) / 1000))));
      throw new AppError('TOO_MANY_LOGIN_FAILURES');
    }
    const user = await app.db.selectFrom('users').selectAll().where('username', '=', username.toLowerCase()).executeTakeFirst();
    const valid = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
    if (!user || !valid || user.disabled) {
      await app.db.transaction().execute(async (tx) => {
        await recordFailure(tx, keys, now, policy);
        await writeAudit(tx, anonymousContext(request), { action: 'auth.login_failed', targetType: 'user', targetId: user?.id ?? null, agencyId: user?.agency_id ?? null });
      });
      throw new AppError('INVALID_CREDENTIALS');
    }
    const session = await app.db.transaction().execute(async (tx) => {
      await clearFailures(tx, keys[0]!.key);
      const sid = await startSession(tx, user.id, now);
      const token = await issueRefreshToken(tx, user.id, now, config.refreshTokenTtlSeconds, sid);
      await writeAudit(tx, anonymousContext(request, user), { action: 'auth.login', targetType: 'user', targetId: user.id, after: { session: sid } });
      return { sid, token };
    });
    return { accessToken: app.signAccessToken(user, session.sid), refreshToken: session.token, tokenType: 'Bearer', expiresIn: config.accessTokenTtlSeconds };
  });

  app.post('/api/auth/refresh', {
    config: { access: 'public', rateLimit },
    schema: { tags: ['auth'], summary: 'Làm mới phiên / rotate the refresh token', security: [], body: refreshBody, response: { 200: tokenResponse } },
  }, async (request) => {
    const now = clock.now();
    const { refreshToken } = request.body as { refreshToken: string };
    const result = await app.db.transaction().execute(async (tx) => {
      const consumed = await consumeRefreshToken(tx, refreshToken, now);
      if (!consumed.ok) {
        if (consumed.reason === 'reused') {
          await writeAudit(tx, anonymousContext(request), { action: 'auth.refresh_reuse_detected', targetType: 'user', targetId: consumed.userId ?? null, after: { familyRevoked: consumed.familyId } });
        }
        return null;
      }
      const user = await tx.selectFrom('users').selectAll().where('id', '=', consumed.userId).executeTakeFirstOrThrow();
      if (user.disabled) return null;
      const next = await issueRefreshToken(tx, user.id, now, config.refreshTokenTtlSeconds, consumed.familyId);
      return { user, next, sid: consumed.familyId };
    });
    if (!result) throw new AppError('INVALID_REFRESH_TOKEN');
    return { accessToken: app.signAccessToken(result.user, result.sid), refreshToken: result.next, tokenType: 'Bearer', expiresIn: config.accessTokenTtlSeconds };
  });

  app.post('/api/auth/logout', {
    config: { access: 'public', rateLimit },
    schema: { tags: ['auth'], summary: 'Đăng xuất / log out (ends the session: its refresh and access tokens)', security: [], body: refreshBody, response: { 204: { type: 'null' } } },
  }, async (request, reply) => {
    const { refreshToken } = request.body as { refreshToken: string };
    await app.db.transaction().execute(async (tx) => {
      const family = await familyOf(tx, refreshToken);
      if (!family) return;
      const revoked = await revokeFamily(tx, family.familyId, clock.now());
      if (revoked > 0) {
        const user = await tx.selectFrom('users').select(['id', 'username', 'roles', 'agency_id']).where('id', '=', family.userId).executeTakeFirst();
        await writeAudit(tx, anonymousContext(request, user), { action: 'auth.logout', targetType: 'user', targetId: family.userId, after: { session: family.familyId } });
      }
    });
    return reply.status(204).send();
  });

  app.get('/api/me', {
    config: { access: 'authenticated' },
    schema: { tags: ['auth'], summary: 'Người dùng hiện tại / the current user' },
  }, async (request) => {
    const agency = await app.db.selectFrom('agencies').select(['id', 'code', 'name', 'type']).where('id', '=', request.user.agencyId).executeTakeFirstOrThrow();
    // Limits the browser checks before sending (the API enforces them again).
    return { ...request.user, agency, limits: { documentMaxBytes: config.documentMaxBytes } };
  });
};

export default routes;
