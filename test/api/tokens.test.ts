/**
 * Access tokens to OWASP ASVS level 2: HS256 only, issuer and audience required, and bound to their
 * session (`sid`): logout, refresh-token reuse, a password reset or disabling the user ends them at
 * once, while the user's other sessions go on.
 */
import t from 'tap';
import { createSigner } from 'fast-jwt';
import { databaseTargets } from '../helpers/databases.ts';
import { bearer, buildTestApp } from '../helpers/app.ts';

const PASSWORD = 'mat-khau-rat-dai-1';

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

for (const target of databaseTargets()) {
  t.test(`access tokens on ${target.name}`, async (t) => {
    const ctx = await buildTestApp(target);
    t.teardown(() => ctx.close());
    const { app } = ctx;
    const admin = bearer(await ctx.token('admin'));
    const status = async (token: string) => (await app.inject({ url: '/api/me', headers: bearer(token) })).statusCode;
    let n = 0;
    /** A new officer of the commune centre, so that each case has users of its own. */
    const newUser = async (): Promise<{ id: string; username: string }> => {
      const username = `canbo${++n}`;
      const res = await app.inject({ method: 'POST', url: '/api/users', headers: admin, payload: { username, fullName: 'Cán bộ thử', agencyId: 'xa-demo', roles: ['receptionist'], password: PASSWORD } });
      t.equal(res.statusCode, 201);
      return { id: res.json().id, username };
    };
    const audit = (action: string, targetId: string) =>
      ctx.handle.db.selectFrom('audit_log').select(['action', 'actor_username', 'after']).where('action', '=', action).where('target_id', '=', targetId).execute();

    t.test('only HS256 with issuer, audience, session and expiry is accepted', async (t) => {
      const good = await ctx.token('reception');
      const claims = claimsOf(good);
      t.match(claims, { iss: 'motcua', aud: 'motcua-api', sub: String, sid: String, exp: Number, iat: Number });
      t.equal(JSON.parse(Buffer.from(good.split('.')[0]!, 'base64url').toString()).alg, 'HS256');
      const { sub, sid, username } = claims;
      const key = ctx.config.jwtSecret;
      const sign = (options: Record<string, unknown>, payload: Record<string, unknown> = { sub, sid, username }) =>
        createSigner({ key, algorithm: 'HS256', iss: 'motcua', aud: 'motcua-api', expiresIn: 60_000, ...options })(payload);
      const other = claimsOf(await ctx.token('leader'));
      const unsigned = (alg: string) => `${Buffer.from(JSON.stringify({ alg, typ: 'JWT' })).toString('base64url')}.${good.split('.')[1]}.`;

      t.equal(await status(sign({})), 200, 'the same claims signed here are accepted: what follows is refused for its difference alone');
      const cases: Array<[string, string]> = [
        ['HS384 with the right secret', sign({ algorithm: 'HS384' })],
        ['HS512 with the right secret', sign({ algorithm: 'HS512' })],
        ['alg none, no signature', unsigned('none')],
        ['alg none, the real signature kept', `${unsigned('none')}${good.split('.')[2]}`],
        ['header swapped to HS512, signature kept', `${Buffer.from(JSON.stringify({ alg: 'HS512', typ: 'JWT' })).toString('base64url')}.${good.split('.')[1]}.${good.split('.')[2]}`],
        ['no issuer', sign({ iss: undefined })],
        ['another issuer', sign({ iss: 'someone-else' })],
        ['no audience', sign({ aud: undefined })],
        ['another audience', sign({ aud: 'camunda' })],
        ['no expiry', sign({ expiresIn: undefined })],
        ['no session', sign({}, { sub, username })],
        ['a session id that is not a UUID', sign({}, { sub, sid: 'x', username })],
        ['another user\'s session', sign({}, { sub, sid: other.sid, username })],
        ['an unknown session', sign({}, { sub, sid: '00000000-0000-4000-8000-000000000000', username })],
      ];
      for (const [name, token] of cases) {
        const res = await app.inject({ url: '/api/me', headers: bearer(token) });
        t.equal(res.statusCode, 401, name);
        t.equal(res.json().code, 'INVALID_TOKEN', name);
      }
    });

    t.test('logout ends the access tokens of that session, not the user\'s other sessions', async (t) => {
      const user = await newUser();
      const first = await ctx.login(user.username, PASSWORD);
      const second = await ctx.login(user.username, PASSWORD);
      // A refreshed access token belongs to the same session as the first one.
      const refreshed = (await app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: first.refreshToken } })).json();
      t.equal(claimsOf(refreshed.accessToken).sid, claimsOf(first.accessToken).sid);
      t.equal(await status(first.accessToken), 200);
      const out = await app.inject({ method: 'POST', url: '/api/auth/logout', payload: { refreshToken: refreshed.refreshToken } });
      t.equal(out.statusCode, 204);
      t.equal(await status(first.accessToken), 401, 'the first access token of the session');
      t.equal(await status(refreshed.accessToken), 401, 'the refreshed access token of the session');
      t.equal(await status(second.accessToken), 200, 'another session of the same user');
      t.same(await audit('auth.logout', user.id), [{ action: 'auth.logout', actor_username: user.username, after: { session: claimsOf(first.accessToken).sid } }]);
    });

    t.test('an open live stream ends when its session does (it outlives the token that opened it)', async (t) => {
      const user = await newUser();
      const session = await ctx.login(user.username, PASSWORD);
      const other = await ctx.login(user.username, PASSWORD);
      await app.listen({ port: 0, host: '127.0.0.1' });
      const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
      const open = async (token: string) => {
        const controller = new AbortController();
        const res = await fetch(`${base}/api/alerts/stream?access_token=${token}`, { signal: controller.signal });
        const reader = res.body!.getReader();
        await reader.read();
        const ended = (async () => {
          for (;;) if ((await reader.read()).done) return true;
        })().catch(() => false);
        return { status: res.status, ended, stop: () => controller.abort() };
      };
      const revoked = await open(session.accessToken);
      const kept = await open(other.accessToken);
      t.teardown(() => kept.stop());
      t.equal(revoked.status, 200);
      await app.inject({ method: 'POST', url: '/api/auth/logout', payload: { refreshToken: session.refreshToken } });
      t.equal(await revoked.ended, true, 'the logged-out session\'s stream is closed by the server');
      const stillOpen = await Promise.race([kept.ended, new Promise((r) => setTimeout(() => r('open'), 500))]);
      t.equal(stillOpen, 'open', 'the other session\'s stream goes on');
    });

    t.test('reusing a refresh token ends the access tokens of its session', async (t) => {
      const user = await newUser();
      const first = await ctx.login(user.username, PASSWORD);
      const other = await ctx.login(user.username, PASSWORD);
      const second = (await app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: first.refreshToken } })).json();
      t.equal(await status(second.accessToken), 200);
      const replay = await app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: first.refreshToken } });
      t.equal(replay.statusCode, 401);
      t.equal(await status(second.accessToken), 401, 'the legitimate holder\'s access token');
      t.equal(await status(first.accessToken), 401, 'the first access token');
      t.equal(await status(other.accessToken), 200, 'another session of the same user');
      const rows = await audit('auth.refresh_reuse_detected', user.id);
      t.same(rows.map((r) => r.after), [{ familyRevoked: claimsOf(first.accessToken).sid }]);
    });

    t.test('a password reset ends every session of the user at once', async (t) => {
      const user = await newUser();
      const a = await ctx.login(user.username, PASSWORD);
      const b = await ctx.login(user.username, PASSWORD);
      const reset = await app.inject({ method: 'POST', url: `/api/users/${user.id}/reset-password`, headers: admin, payload: { password: 'mat-khau-moi-dai-2' } });
      t.equal(reset.statusCode, 200);
      t.equal(await status(a.accessToken), 401);
      t.equal(await status(b.accessToken), 401);
      t.equal((await app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: b.refreshToken } })).statusCode, 401);
      t.equal(await status(await ctx.token(user.username, 'mat-khau-moi-dai-2')), 200, 'a new login works');
      t.equal((await audit('user.reset_password', user.id)).length, 1);
    });

    t.test('disabling a user ends their sessions; enabling does not bring them back', async (t) => {
      const user = await newUser();
      const a = await ctx.login(user.username, PASSWORD);
      t.equal((await app.inject({ method: 'POST', url: `/api/users/${user.id}/disable`, headers: admin })).statusCode, 200);
      t.equal(await status(a.accessToken), 401);
      t.equal((await app.inject({ method: 'POST', url: `/api/users/${user.id}/enable`, headers: admin })).statusCode, 200);
      t.equal(await status(a.accessToken), 401, 'the session stays ended');
      t.equal((await app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: a.refreshToken } })).statusCode, 401);
      t.equal(await status(await ctx.token(user.username, PASSWORD)), 200, 'a new login works');
      t.same((await audit('user.disable', user.id)).length, 1);
      t.same((await audit('user.enable', user.id)).length, 1);
    });

    t.test('a machine account reaches /v2 with its token until its session ends', async (t) => {
      const { accessToken, refreshToken } = await ctx.login('integration');
      const topology = () => app.inject({ url: '/v2/topology', headers: bearer(accessToken) });
      t.equal((await topology()).statusCode, 200);
      t.equal((await app.inject({ method: 'POST', url: '/api/auth/logout', payload: { refreshToken } })).statusCode, 204);
      t.equal((await topology()).statusCode, 401);
    });
  });
}
