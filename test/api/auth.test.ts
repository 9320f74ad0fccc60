import t from 'tap';
import { createSigner } from 'fast-jwt';
import { databaseTargets } from '../helpers/databases.ts';
import { bearer, buildTestApp, DEMO_PASSWORD } from '../helpers/app.ts';

for (const target of databaseTargets()) {
  t.test(`auth on ${target.name}`, async (t) => {
    const ctx = await buildTestApp(target, { LOGIN_MAX_FAILURES: '3', LOGIN_MAX_FAILURES_PER_IP: '5', LOGIN_LOCK_SECONDS: '600' });
    t.teardown(() => ctx.close());
    const { app } = ctx;

    t.test('login returns an access token that works and an opaque refresh token', async (t) => {
      const tokens = await ctx.login('reception');
      t.match(tokens.accessToken, /^[\w-]+\.[\w-]+\.[\w-]+$/);
      t.notMatch(tokens.refreshToken, /\./, 'the refresh token is opaque, not a JWT');
      const me = await app.inject({ url: '/api/me', headers: bearer(tokens.accessToken) });
      t.equal(me.statusCode, 200);
      t.match(me.json(), { username: 'reception', roles: ['receptionist'], agencyId: 'xa-demo', agency: { code: 'XADEMO' }, limits: { documentMaxBytes: 20971520 } });
      const stored = await ctx.handle.db.selectFrom('refresh_tokens').select('token_hash').execute();
      t.notOk(stored.some((r) => r.token_hash === tokens.refreshToken), 'refresh tokens are stored hashed');
    });

    t.test('wrong username and wrong password get the same 401', async (t) => {
      const remoteAddress = '203.0.113.1';
      const a = await app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, payload: { username: 'nobody', password: DEMO_PASSWORD } });
      const b = await app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, payload: { username: 'leader', password: 'wrong-password' } });
      t.equal(a.statusCode, 401);
      t.equal(b.statusCode, 401);
      t.same(a.json(), b.json());
      t.equal(a.json().code, 'INVALID_CREDENTIALS');
      t.equal(a.json().message, 'Tên đăng nhập hoặc mật khẩu không đúng');
      const en = await app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, headers: { 'accept-language': 'en-US,en;q=0.9' }, payload: { username: 'x', password: 'y' } });
      t.equal(en.json().message, 'Wrong username or password');
    });

    t.test('refresh rotates; reusing an old refresh token revokes the whole family', async (t) => {
      const first = await ctx.login('specialist');
      const r1 = await app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: first.refreshToken } });
      t.equal(r1.statusCode, 200);
      const second = r1.json();
      t.not(second.refreshToken, first.refreshToken, 'a new refresh token');
      t.equal((await app.inject({ url: '/api/me', headers: bearer(second.accessToken) })).statusCode, 200);
      // The thief replays the first token: refused, and the legitimate newer token dies with it.
      const replay = await app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: first.refreshToken } });
      t.equal(replay.statusCode, 401);
      t.equal(replay.json().code, 'INVALID_REFRESH_TOKEN');
      const afterReuse = await app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: second.refreshToken } });
      t.equal(afterReuse.statusCode, 401, 'the family is revoked');
      const audit = await ctx.handle.db.selectFrom('audit_log').select('action').where('action', '=', 'auth.refresh_reuse_detected').execute();
      t.equal(audit.length, 1);
    });

    t.test('an expired refresh token is refused', async (t) => {
      const tokens = await ctx.login('leader');
      ctx.clock.advance((ctx.config.refreshTokenTtlSeconds + 1) * 1000);
      t.teardown(() => ctx.clock.advance(-(ctx.config.refreshTokenTtlSeconds + 1) * 1000));
      const res = await app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: tokens.refreshToken } });
      t.equal(res.statusCode, 401);
    });

    t.test('logout revokes the session', async (t) => {
      const tokens = await ctx.login('supervisor');
      const out = await app.inject({ method: 'POST', url: '/api/auth/logout', payload: { refreshToken: tokens.refreshToken } });
      t.equal(out.statusCode, 204);
      const res = await app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: tokens.refreshToken } });
      t.equal(res.statusCode, 401);
      const rows = await ctx.handle.db.selectFrom('audit_log').select(['action', 'actor_username']).where('action', '=', 'auth.logout').execute();
      t.same(rows, [{ action: 'auth.logout', actor_username: 'supervisor' }]);
    });

    t.test('forged, wrongly signed, expired and missing tokens get 401', async (t) => {
      const good = await ctx.token('admin');
      const [h, p] = good.split('.');
      const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), username: 'root' })).toString('base64url');
      const wrongKey = createSigner({ key: 'another-secret-another-secret-1234567', iss: 'motcua' })({ sub: 'x', username: 'admin' });
      const expired = createSigner({ key: ctx.config.jwtSecret, iss: 'motcua', expiresIn: 1000, clockTimestamp: Date.now() - 3_600_000 })({ sub: JSON.parse(Buffer.from(p!, 'base64url').toString()).sub, username: 'admin' });
      const cases: Array<[string, Record<string, string>, string]> = [
        ['missing', {}, 'UNAUTHENTICATED'],
        ['garbage', bearer('not-a-token'), 'INVALID_TOKEN'],
        ['forged payload', bearer(`${h}.${forgedPayload}.${good.split('.')[2]}`), 'INVALID_TOKEN'],
        ['wrong key', bearer(wrongKey), 'INVALID_TOKEN'],
        ['expired', bearer(expired), 'INVALID_TOKEN'],
      ];
      for (const [name, headers, code] of cases) {
        const res = await app.inject({ url: '/api/me', headers });
        t.equal(res.statusCode, 401, name);
        t.equal(res.json().code, code, name);
      }
    });

    t.test('repeated failed logins are throttled with 429, even with the right password', async (t) => {
      for (let i = 0; i < 3; i++) {
        const res = await app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: `203.0.113.${10 + i}`, payload: { username: 'controller', password: `wrong-${i}` } });
        t.equal(res.statusCode, 401);
      }
      const locked = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'controller', password: DEMO_PASSWORD } });
      t.equal(locked.statusCode, 429);
      t.equal(locked.json().code, 'TOO_MANY_LOGIN_FAILURES');
      t.equal(locked.headers['retry-after'], '600', 'Retry-After: the seconds until the lock ends');
      ctx.clock.advance(100_500);
      const later = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'controller', password: DEMO_PASSWORD } });
      t.equal(later.statusCode, 429, 'a refused attempt does not extend the lock');
      t.equal(later.headers['retry-after'], '500', 'rounded up');
      ctx.clock.advance(500_500);
      const after = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'controller', password: DEMO_PASSWORD } });
      t.equal(after.statusCode, 200, 'the lock expires');
    });

    t.test('one client address trying many usernames is throttled too', async (t) => {
      const remoteAddress = '198.51.100.7';
      for (let i = 0; i < 5; i++) {
        const res = await app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, payload: { username: `guess${i}`, password: 'x' } });
        t.equal(res.statusCode, 401);
      }
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, payload: { username: 'admin', password: DEMO_PASSWORD } });
      t.equal(res.statusCode, 429);
      t.equal(res.headers['retry-after'], '600');
      const other = await app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '198.51.100.8', payload: { username: 'admin', password: DEMO_PASSWORD } });
      t.equal(other.statusCode, 200, 'another address is not affected');
    });

    t.test('a disabled user cannot log in and their tokens stop working at once', async (t) => {
      const adminToken = await ctx.token('admin');
      const victim = await ctx.login('reception');
      const me = (await app.inject({ url: '/api/me', headers: bearer(victim.accessToken) })).json();
      const dis = await app.inject({ method: 'POST', url: `/api/users/${me.id}/disable`, headers: bearer(adminToken) });
      t.equal(dis.statusCode, 200);
      t.equal((await app.inject({ url: '/api/me', headers: bearer(victim.accessToken) })).statusCode, 401);
      t.equal((await app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: victim.refreshToken } })).statusCode, 401);
      t.equal((await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'reception', password: DEMO_PASSWORD } })).statusCode, 401);
      await app.inject({ method: 'POST', url: `/api/users/${me.id}/enable`, headers: bearer(adminToken) });
    });

    t.test('logs never contain passwords or tokens', async (t) => {
      const tokens = await ctx.login('leader');
      await app.inject({ url: '/api/me', headers: bearer(tokens.accessToken) });
      const all = ctx.logs.join('\n');
      t.notOk(all.includes(DEMO_PASSWORD), 'no password');
      t.notOk(all.includes(tokens.accessToken), 'no access token');
      t.notOk(all.includes(tokens.refreshToken), 'no refresh token');
    });
  });
}
