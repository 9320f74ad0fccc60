import t from 'tap';
import { databaseTargets } from '../helpers/databases.ts';
import { bearer, buildTestApp } from '../helpers/app.ts';
import { maskIdNumbers } from '../../api/logging.ts';

const [target] = databaseTargets();
t.test('bad input gets a clear 4xx naming each bad field', async (t) => {
  const ctx = await buildTestApp(target!, { BODY_LIMIT_BYTES: '2048' });
  t.teardown(() => ctx.close());
  const { app } = ctx;
  const admin = bearer(await ctx.token('admin'));

  t.test('malformed JSON → 400', async (t) => {
    const res = await app.inject({ method: 'POST', url: '/api/users', headers: { ...admin, 'content-type': 'application/json' }, payload: '{"username": "a",' });
    t.equal(res.statusCode, 400);
    t.same(res.json(), { statusCode: 400, code: 'MALFORMED_JSON', message: 'Nội dung JSON không đúng cú pháp' });
  });

  t.test('wrong types, unknown and missing fields → 400 naming every field, in Vietnamese by default', async (t) => {
    const payload = { username: 42, fullName: 'A', agencyId: 'xa-demo', roles: ['king'], password: 'short', nickname: 'x' };
    const res = await app.inject({ method: 'POST', url: '/api/users', headers: admin, payload });
    t.equal(res.statusCode, 400);
    const body = res.json();
    t.equal(body.code, 'VALIDATION_FAILED');
    t.equal(body.message, 'Dữ liệu không hợp lệ');
    const fields = Object.fromEntries(body.details.map((d: { field: string; message: string }) => [d.field, d.message]));
    t.same(Object.keys(fields).sort(), ['fullName', 'nickname', 'password', 'roles.0', 'username'].sort());
    t.equal(fields.username, 'phải là chuỗi');
    t.equal(fields.nickname, 'là trường không được phép');
    t.match(fields.password, /ít nhất 10 ký tự/);
    const en = await app.inject({ method: 'POST', url: '/api/users', headers: { ...admin, 'accept-language': 'en' }, payload });
    t.equal(en.json().message, 'The request is invalid');
    t.equal(en.json().details.find((d: { field: string }) => d.field === 'nickname').message, 'is not an allowed field');
    t.equal(await ctx.handle.db.selectFrom('users').select('id').where('username', '=', '42').executeTakeFirst(), undefined, 'nothing written');
  });

  t.test('a required field missing is named', async (t) => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin' } });
    t.equal(res.statusCode, 400);
    t.same(res.json().details, [{ field: 'password', message: 'là trường bắt buộc' }]);
  });

  t.test('bad query parameters are named', async (t) => {
    const res = await app.inject({ url: '/api/audit?page=0&from=yesterday', headers: admin });
    t.equal(res.statusCode, 400);
    t.same(res.json().details.map((d: { field: string }) => d.field).sort(), ['from', 'page']);
  });

  t.test('an oversize body → 413 and nothing stored', async (t) => {
    const res = await app.inject({ method: 'POST', url: '/api/users', headers: admin, payload: { username: 'big', fullName: 'x'.repeat(5000), agencyId: 'xa-demo', roles: ['admin'], password: 'mat-khau-rat-dai' } });
    t.equal(res.statusCode, 413);
    t.equal(res.json().code, 'BODY_TOO_LARGE');
    t.equal(await ctx.handle.db.selectFrom('users').select('id').where('username', '=', 'big').executeTakeFirst(), undefined);
  });

  t.test('an unsupported content type → 415', async (t) => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/xml' }, payload: '<login/>' });
    t.equal(res.statusCode, 415);
  });

  t.test('an unknown route → 404 in the same shape', async (t) => {
    const res = await app.inject({ url: '/api/nothing-here', headers: { 'accept-language': 'en' } });
    t.equal(res.statusCode, 404);
    t.same(res.json(), { statusCode: 404, code: 'ROUTE_NOT_FOUND', message: 'No such route' });
  });

  t.test('a 5xx never leaks internals', async (t) => {
    // Break the database under a real route: the handler fails with a driver error.
    await ctx.handle.db.schema.alterTable('audit_log').renameTo('audit_log_moved').execute();
    t.teardown(() => ctx.handle.db.schema.alterTable('audit_log_moved').renameTo('audit_log').execute());
    const res = await app.inject({ url: '/api/audit', headers: admin });
    t.equal(res.statusCode, 500);
    t.same(res.json(), { statusCode: 500, code: 'INTERNAL', message: 'Lỗi hệ thống, vui lòng thử lại sau' });
    t.notMatch(res.body, /audit_log|relation|stack/);
  });

  t.test('full citizen ID numbers never reach the logs', async (t) => {
    t.equal(maskIdNumbers('cccd 001203012345 và 0912345678'), 'cccd 001*******45 và 0912345678');
    await app.inject({ url: '/api/users?q=001203012345', headers: admin });
    const all = ctx.logs.join('\n');
    t.notOk(all.includes('001203012345'));
    t.ok(all.includes('001*******45'), 'the masked form is logged');
  });

  t.test('security headers and request ids', async (t) => {
    const res = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'req-123' } });
    t.equal(res.headers['x-request-id'], 'req-123');
    t.ok(res.headers['x-content-type-options']);
    t.ok(res.headers['content-security-policy']);
  });
});

t.test('health, readiness and docs', async (t) => {
  const ctx = await buildTestApp(target!);
  t.teardown(() => ctx.close());
  t.same((await ctx.app.inject({ url: '/healthz' })).json(), { status: 'ok' });
  const ready = await ctx.app.inject({ url: '/readyz' });
  t.equal(ready.statusCode, 200);
  t.equal(ready.json().status, 'ready');
  const docs = await ctx.app.inject({ url: '/docs/json' });
  t.equal(docs.statusCode, 200);
  t.ok(docs.json().paths['/api/auth/login'], 'login is documented');
  ctx.app.readinessChecks.push(async () => 'engine not started');
  const notReady = await ctx.app.inject({ url: '/readyz' });
  t.equal(notReady.statusCode, 503);
  t.same(notReady.json().problems, ['engine not started']);
});

t.test('public routes are rate limited per client address', async (t) => {
  const ctx = await buildTestApp(target!, { RATE_LIMIT_PUBLIC_PER_MINUTE: '3' });
  t.teardown(() => ctx.close());
  const statuses: number[] = [];
  for (let i = 0; i < 4; i++) {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: 'x'.repeat(20) } });
    statuses.push(res.statusCode);
  }
  t.same(statuses, [401, 401, 401, 429]);
  const limited = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '192.0.2.99', payload: { username: 'a', password: 'b' } });
  t.equal(limited.statusCode, 401, 'another address has its own budget');
});
