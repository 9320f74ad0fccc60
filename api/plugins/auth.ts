/**
 * Authentication and access control. Access tokens are JWTs (@fastify/jwt): HS256 only, issuer
 * `motcua` and audience `motcua-api` required, and the id of their session (`sid`). On every request
 * the user and the session are loaded again in one indexed query, so a disabled account, a changed
 * role or an ended session (logout, refresh-token reuse, password reset) takes effect at once.
 * Every route under /api and /v2 declares its access in `config.access`: 'public',
 * 'authenticated' (any person's role, not a machine `integration` account), or the list of roles
 * allowed. A route that declares nothing fails at start.
 */
import fp from 'fastify-plugin';
import jwt from '@fastify/jwt';
import type { FastifyRequest, RouteOptions } from 'fastify';
import { AppError } from '../errors.ts';
import type { Role } from '../db/database.ts';
import type { AuditContext } from '../services/audit.ts';
import { preparing } from '../db/prepared-statements.ts';

/** The authenticated user of a request. */
export interface AuthUser {
  id: string;
  username: string;
  fullName: string;
  roles: Role[];
  agencyId: string;
  /** The login session the access token belongs to (revoked by logout, reuse, reset, disable). */
  sessionId?: string;
}

export type Access = 'public' | 'authenticated' | readonly Role[];

/** One row of the access table: every guarded route and who may call it. */
export interface RouteAccess {
  method: string;
  url: string;
  access: Access;
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: { sub: string; username: string; sid: string };
    user: AuthUser;
  }
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyInstance {
    /** Every guarded route with its declared access (for the RBAC matrix and the docs). */
    routeAccess: RouteAccess[];
    /** Signs an access token for a user's session. */
    signAccessToken(user: { id: string; username: string }, sid: string): string;
  }
  interface FastifyRequest {
    /** Who is acting, for audit rows. */
    auditContext(): AuditContext;
  }
}

const GUARDED = /^\/(api|v2)(\/|$)/;

export interface AuthOptions {
  secret: string;
  accessTokenTtlSeconds: number;
}

const ALGORITHM = 'HS256';
const ISSUER = 'motcua';
const AUDIENCE = 'motcua-api';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The user of a request's bearer token: a valid token of a live session of an enabled user
 * (one query: the session by its primary key joined to its user), else 401.
 */
export async function authenticate(request: FastifyRequest): Promise<AuthUser> {
  if (!request.headers.authorization) throw new AppError('UNAUTHENTICATED');
  let payload: { sub: unknown; sid: unknown };
  try {
    payload = await request.jwtVerify<{ sub: unknown; sid: unknown }>();
  } catch {
    throw new AppError('INVALID_TOKEN');
  }
  const { sub, sid } = payload;
  if (typeof sub !== 'string' || typeof sid !== 'string' || !UUID.test(sub) || !UUID.test(sid)) throw new AppError('INVALID_TOKEN');
  const row = await preparing(request.server.db)
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['u.id', 'u.username', 'u.full_name', 'u.roles', 'u.agency_id'])
    .where('s.id', '=', sid)
    .where('s.user_id', '=', sub)
    .where('s.revoked_at', 'is', null)
    .where('u.disabled', '=', false)
    .executeTakeFirst();
  if (!row) throw new AppError('INVALID_TOKEN');
  return { id: row.id, username: row.username, fullName: row.full_name, roles: row.roles, agencyId: row.agency_id, sessionId: sid };
}

/** Whether a login session is still live: not revoked, its user not disabled. */
export async function sessionLive(db: FastifyRequest['server']['db'], sessionId: string): Promise<boolean> {
  const row = await db.selectFrom('sessions as s').innerJoin('users as u', 'u.id', 's.user_id').select('s.id')
    .where('s.id', '=', sessionId).where('s.revoked_at', 'is', null).where('u.disabled', '=', false).executeTakeFirst();
  return !!row;
}

function guard(access: Access) {
  return async (request: FastifyRequest) => {
    if (access === 'public') return;
    request.user = await authenticate(request);
    if (access === 'authenticated') {
      // Every person's role; a machine account only where a route names its role.
      if (request.user.roles.some((r) => r !== 'integration')) return;
      throw new AppError('FORBIDDEN');
    }
    if (!request.user.roles.some((r) => access.includes(r))) throw new AppError('FORBIDDEN');
  };
}

export default fp<AuthOptions>(async (app, opts) => {
  await app.register(jwt, {
    secret: opts.secret,
    sign: { algorithm: ALGORITHM, iss: ISSUER, aud: AUDIENCE, expiresIn: opts.accessTokenTtlSeconds },
    verify: { algorithms: [ALGORITHM], allowedIss: ISSUER, allowedAud: AUDIENCE, requiredClaims: ['iss', 'aud', 'sub', 'sid', 'exp'] },
  });
  app.decorate('routeAccess', [] as RouteAccess[]);
  app.decorate('signAccessToken', (user: { id: string; username: string }, sid: string) => app.jwt.sign({ sub: user.id, username: user.username, sid }));

  app.decorateRequest('auditContext', function (this: FastifyRequest): AuditContext {
    const user = this.user as AuthUser | undefined;
    return {
      actorId: user?.id ?? null,
      actorUsername: user?.username ?? null,
      actorRoles: user?.roles ?? [],
      agencyId: user?.agencyId ?? null,
      requestId: this.id,
      ip: this.ip,
    };
  });

  app.addHook('onRoute', (route: RouteOptions) => {
    if (!GUARDED.test(route.url) || route.method === 'HEAD') return;
    const access = route.config?.access;
    if (!access) throw new Error(`Route ${String(route.method)} ${route.url} declares no access`);
    for (const method of [route.method].flat()) app.routeAccess.push({ method, url: route.url, access });
    // Authentication runs before body parsing and validation: an anonymous caller learns nothing of a route's schema.
    const onRequest = route.onRequest ? [route.onRequest].flat() : [];
    route.onRequest = [...onRequest, guard(access)] as never;
  });
}, { name: 'auth', dependencies: ['database'] });
