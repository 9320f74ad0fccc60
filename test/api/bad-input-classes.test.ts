/**
 * Each class of bad input the fuzz test (fuzz.test.ts) found answering 5xx, answered 4xx in the shape
 * of the API hit: NUL characters and lone surrogates in paths, queries and bodies (public and signed-in
 * routes), numbers beyond their column, text beyond an index entry, malformed `/v2` keys (bodies,
 * filters, paths), broken multipart bodies, undecodable URLs, and the rate limit when the client has gone.
 */
import t, { type Test } from 'tap';
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import type { LightMyRequestResponse } from 'fastify';
import securityPlugin, { rateLimitKey } from '../../api/plugins/security.ts';
import errorsPlugin from '../../api/plugins/errors.ts';
import { frameworkErrors } from '../../api/plugins/bad-input.ts';
import { v2ErrorHandler } from '../../api/routes/v2/error-handler.ts';
import { databaseTargets } from '../helpers/databases.ts';
import { bearer, buildTestApp } from '../helpers/app.ts';
import { multipartBody } from '../helpers/fuzz.ts';

const BIRTH = JSON.parse(readFileSync(new URL('../../schemas/procedures/examples/birth-registration.json', import.meta.url), 'utf8')) as { applicant: Record<string, unknown> };
const FIXTURE = readFileSync(new URL('v2/fixtures/tiep-nhan-v2.bpmn', import.meta.url), 'utf8');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const NUL_EN = 'must not contain the NUL character (\\u0000) or invalid Unicode';

/** The `/api` error of one bad field. */
function apiField(tt: Test, res: LightMyRequestResponse, field: string, message: string | RegExp = NUL_EN) {
  tt.equal(res.statusCode, 400, res.body);
  tt.match(res.json(), { statusCode: 400, code: 'VALIDATION_FAILED', message: String, details: [{ field, message }] });
}

/** The `/v2` problem naming a bad field (a filter's `anyOf` may name its other forms too). */
function v2Field(tt: Test, res: LightMyRequestResponse, field: string, detail: RegExp = /NUL character/) {
  tt.equal(res.statusCode, 400, res.body);
  tt.match(res.headers['content-type'], /^application\/problem\+json/);
  tt.match(res.json(), { type: 'about:blank', title: 'INVALID_ARGUMENT', status: 400, detail, fields: Array });
  tt.ok(res.json().fields.some((f: { field: string }) => f.field === field), `names ${field}: ${res.body}`);
}

for (const target of databaseTargets()) {
  t.test(`bad input answers 4xx, never 5xx (${target.name})`, async (t) => {
    const ctx = await buildTestApp(target, {}, { autoStart: false });
    t.teardown(() => ctx.close());
    const { app } = ctx;
    const en = { 'accept-language': 'en' };
    const signedIn = async (username: string) => ({ ...bearer(await ctx.token(username)), ...en });
    const [reception, admin, controller, specialist] = await Promise.all(['reception', 'admin', 'controller', 'specialist'].map(signedIn));
    const code = (await app.inject({ method: 'POST', url: '/api/dossiers', headers: reception!, payload: { procedureId: 'birth-registration', channel: 'in_person', formData: BIRTH } })).json().code as string;

    t.test('NUL in a path: public lookup and a signed-in route', async (t) => {
      apiField(t, await app.inject({ url: '/api/public/dossiers/XADEMO%00-1', headers: en }), 'code');
      apiField(t, await app.inject({ url: `/api/dossiers/${code}%00/history`, headers: reception }), 'code');
      const vi = await app.inject({ url: '/api/public/dossiers/a%00b' });
      t.match(vi.json(), { message: 'Dữ liệu không hợp lệ', details: [{ field: 'code', message: /ký tự NUL/ }] }, 'in Vietnamese by default');
      t.equal((await app.inject({ url: '/api/dossiers/a%00b' })).statusCode, 401, 'who is asking is checked first');
    });

    t.test('NUL in a query: public and signed-in routes', async (t) => {
      apiField(t, await app.inject({ url: '/api/public/procedures?q=a%00', headers: en }), 'q');
      apiField(t, await app.inject({ url: '/api/procedures?q=%00', headers: specialist }), 'q');
      apiField(t, await app.inject({ url: '/api/dossiers?status=accepted&q=ho%00so', headers: reception }), 'q');
    });

    t.test('NUL or a lone surrogate in a JSON body, at any depth, keys included', async (t) => {
      apiField(t, await app.inject({ method: 'POST', url: '/api/auth/login', headers: en, payload: { username: 'ad\u0000min', password: 'x' } }), 'username');
      const dossier = (formData: unknown) => app.inject({ method: 'POST', url: '/api/dossiers', headers: reception, payload: { procedureId: 'birth-registration', channel: 'in_person', formData } });
      apiField(t, await dossier({ ...BIRTH, applicant: { ...BIRTH.applicant, fullName: 'Trần\u0000 Thị' } }), 'formData.applicant.fullName');
      apiField(t, await dossier({ ...BIRTH, applicant: { ...BIRTH.applicant, address: 'Thôn \ud800' } }), 'formData.applicant.address');
      apiField(t, await dossier({ ...BIRTH, 'ghi\u0000chu': 'x' }), 'formData.ghi\\u0000chu');
      const raw = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { ...en, 'content-type': 'application/json' }, payload: '{"username":"\\u0000","password":"x"}' });
      apiField(t, raw, 'username');
      const xml = await app.inject({ method: 'POST', url: '/api/procedures/birth-registration/versions', headers: { ...controller, 'content-type': 'application/xml' }, payload: `${FIXTURE}\u0000` });
      apiField(t, xml, 'body');
    });

    t.test('/v2: NUL as a problem naming the field', async (t) => {
      v2Field(t, await app.inject({ method: 'POST', url: '/v2/messages/publication', headers: admin, payload: { name: 'ho-so\u0000', correlationKey: 'x' } }), 'name');
      v2Field(t, await app.inject({ method: 'GET', url: '/v2/process-instances/1%00', headers: admin }), 'processInstanceKey');
    });

    t.test('numbers beyond their column: page=1e21, version 99999999999', async (t) => {
      apiField(t, await app.inject({ url: '/api/users?page=1e21', headers: admin }), 'page', 'must be at most 1000000');
      apiField(t, await app.inject({ url: '/api/audit?page=99999999999&pageSize=200', headers: admin }), 'page', 'must be at most 1000000');
      apiField(t, await app.inject({ url: '/api/procedures/birth-registration/versions/99999999999/xml', headers: controller }), 'version', 'must be at most 2147483647');
      const create = await app.inject({ method: 'POST', url: '/v2/process-instances', headers: admin, payload: { processDefinitionId: 'tiep-nhan-v2', processDefinitionVersion: 99999999999 } });
      v2Field(t, create, 'processDefinitionVersion', /must be at most 2147483647/);
      const activate = await app.inject({ method: 'POST', url: '/v2/jobs/activation', headers: admin, payload: { type: 'x', timeout: 1e17, maxJobsToActivate: 1 } });
      v2Field(t, activate, 'timeout', /\[timeout\]/);
    });

    t.test('/v2 text beyond what an index entry holds', async (t) => {
      const publish = await app.inject({ method: 'POST', url: '/v2/messages/publication', headers: admin, payload: { name: 'ạ'.repeat(5000), correlationKey: 'HS-1' } });
      v2Field(t, publish, 'name', /at most 300 characters/);
      const assign = await app.inject({ method: 'POST', url: '/v2/user-tasks/1/assignment', headers: specialist, payload: { assignee: 'x'.repeat(3000) } });
      v2Field(t, assign, 'assignee', /at most 300 characters/);
    });

    t.test('/v2 filters: a key that is not a key → 400; a well-formed unknown one matches nothing', async (t) => {
      const search = (path: string, filter: object, headers = admin) => app.inject({ method: 'POST', url: `/v2/${path}/search`, headers, payload: { filter } });
      v2Field(t, await search('process-instances', { processInstanceKey: 'abc' }), 'filter.processInstanceKey', /invalid format/);
      v2Field(t, await search('process-instances', { processInstanceKey: { $eq: 'abc' } }), 'filter.processInstanceKey.$eq', /invalid format/);
      v2Field(t, await search('incidents', { processInstanceKey: { $in: ['1', 'x'] } }), 'filter.processInstanceKey.$in.1', /invalid format/);
      v2Field(t, await search('user-tasks', { userTaskKey: '99999999999999999999' }), 'filter.userTaskKey', /not a valid key/);
      const none = await search('process-instances', { processInstanceKey: '9223372036854775807' });
      t.equal(none.statusCode, 200);
      t.same(none.json().items, []);
    });

    t.test('/v2 path keys: malformed → 400, well-formed but unknown → 404, an endpoint not served → 501', async (t) => {
      v2Field(t, await app.inject({ url: '/v2/process-instances/abc', headers: admin }), 'processInstanceKey', /invalid format/);
      v2Field(t, await app.inject({ url: '/v2/process-instances/99999999999999999999', headers: admin }), 'processInstanceKey', /not a valid key/);
      v2Field(t, await app.inject({ url: `/v2/user-tasks/${'9'.repeat(1200)}`, headers: admin }), 'userTaskKey', /not a valid key/);
      v2Field(t, await app.inject({ method: 'POST', url: '/v2/jobs//completion', headers: admin, payload: {} }), 'jobKey', /invalid format/);
      v2Field(t, await app.inject({ url: '/v2/process-instances/search', headers: admin }), 'processInstanceKey', /invalid format/);
      v2Field(t, await app.inject({ url: '/v2/incidents/abc', headers: admin }), 'incidentKey', /invalid format/);
      v2Field(t, await app.inject({ url: '/v2/batch-operations/abc', headers: admin }), 'batchOperationKey', /not a valid key/);
      t.equal((await app.inject({ url: '/v2/batch-operations/123', headers: admin })).statusCode, 501, 'a Camunda endpoint not served, its key well-formed');
      t.equal((await app.inject({ url: '/v2/process-instances/9223372036854775807', headers: admin })).statusCode, 404);
      t.equal((await app.inject({ method: 'POST', url: '/v2/jobs/123/failure', headers: admin, payload: {} })).statusCode, 404);
      const batch = await app.inject({ method: 'POST', url: '/v2/process-instances/cancellation', headers: admin, payload: {} });
      t.match(batch.json(), { status: 501, detail: /POST \/v2\/process-instances\/cancellation/ }, 'Camunda batch cancellation: not served');
      t.equal((await app.inject({ method: 'POST', url: '/v2/jobs/failure', headers: admin, payload: {} })).statusCode, 404, 'no endpoint of that method, and not a key elsewhere');
    });

    t.test('/v2 variable keys are int64 keys, whatever the name, and are read back', async (t) => {
      const boundary = 'trien-khai';
      const deployed = await app.inject({ method: 'POST', url: '/v2/deployments', headers: { ...admin, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: multipartBody(boundary, [{ name: 'resources', value: FIXTURE, filename: 'tiep-nhan-v2.bpmn' }]) });
      t.equal(deployed.statusCode, 200, deployed.body);
      const name = 'ketQuaThamDinhHoSoCuaChuyenVienPhuTrach';
      const created = await app.inject({ method: 'POST', url: '/v2/process-instances', headers: admin, payload: { processDefinitionId: 'tiep-nhan-v2', variables: { [name]: 'dat' } } });
      const found = await app.inject({ method: 'POST', url: '/v2/variables/search', headers: admin, payload: { filter: { processInstanceKey: created.json().processInstanceKey, name } } });
      const { variableKey } = found.json().items[0];
      t.ok(/^[0-9]{1,19}$/.test(variableKey) && BigInt(variableKey) <= 9223372036854775807n, `${variableKey}: an int64 key`);
      const read = await app.inject({ url: `/v2/variables/${variableKey}`, headers: admin });
      t.equal(read.statusCode, 200, read.body);
      t.equal(read.json().value, '"dat"');
    });

    t.test('broken multipart → 400, NUL in its fields named, nothing stored', async (t) => {
      const boundary = 'ranh-gioi';
      const parts = (title: string, filename = 'giay.pdf') => [
        { name: 'kind', value: 'input' }, { name: 'typeCode', value: 'GCS' }, { name: 'title', value: title },
        { name: 'metadata', value: JSON.stringify({ idNumber: '001203012345', holderName: 'Trần Thị Hồng Nhung', summary: 'Giấy chứng sinh', validUntil: 'indefinite', scope: 'Toàn quốc' }) },
        { name: 'file', value: PDF, filename, type: 'application/pdf' },
      ];
      const upload = (type: string, payload: Buffer) => app.inject({ method: 'POST', url: `/api/dossiers/${code}/documents`, headers: { ...reception, 'content-type': type }, payload });
      const body = multipartBody(boundary, parts('Giấy chứng sinh'));
      for (const [what, type, payload] of [
        ['a wrong boundary', `multipart/form-data; boundary=khac-${boundary}`, body],
        ['no boundary', 'multipart/form-data', body],
        ['a truncated body', `multipart/form-data; boundary=${boundary}`, body.subarray(0, body.length - 40)],
      ] as const) {
        const res = await upload(type, payload);
        t.equal(res.statusCode, 400, `${what}: ${res.body}`);
        t.match(res.json(), { statusCode: 400, code: 'MALFORMED_MULTIPART', message: /malformed/ });
      }
      apiField(t, await upload(`multipart/form-data; boundary=${boundary}`, multipartBody(boundary, parts('Giấy\u0000'))), 'title');
      apiField(t, await upload(`multipart/form-data; boundary=${boundary}`, multipartBody(boundary, parts('Giấy chứng sinh', 'a\u0000.pdf'))), 'file');
      const list = await app.inject({ url: `/api/dossiers/${code}/documents`, headers: reception });
      t.same(list.json(), [], 'nothing stored');
      const deploy = await app.inject({ method: 'POST', url: '/v2/deployments', headers: { ...admin, 'content-type': 'multipart/form-data; boundary=x' }, payload: multipartBody('y', [{ name: 'resources', value: FIXTURE, filename: 'a.bpmn' }]) });
      t.equal(deploy.statusCode, 400, deploy.body);
      t.match(deploy.json(), { status: 400, title: 'INVALID_ARGUMENT', detail: /multipart/ });
      const nul = await app.inject({ method: 'POST', url: '/v2/deployments', headers: { ...admin, 'content-type': 'multipart/form-data; boundary=x' }, payload: multipartBody('x', [{ name: 'resources', value: `${FIXTURE}\u0000`, filename: 'a.bpmn' }]) });
      v2Field(t, nul, 'resources');
    });

    t.test('URLs the router cannot decode or take, in the shape of the API hit', async (t) => {
      apiField(t, await app.inject({ url: '/api/dossiers/%E0%A4%A', headers: reception }), 'url', 'is not a valid URL (bad percent-encoding)');
      v2Field(t, await app.inject({ url: '/v2/user-tasks/%', headers: admin }), 'url', /not a valid URL/);
      const long = await app.inject({ method: 'POST', url: `/api/dossiers/${'x'.repeat(1500)}/accept`, headers: reception, payload: {} });
      t.same([long.statusCode, long.json()], [414, { statusCode: 414, code: 'URI_TOO_LONG', message: 'The URI is too long' }], 'a parameter longer than the router takes');
    });

    t.test('no request above answered 5xx', async (t) => {
      t.notOk(ctx.logs.some((l) => /"level":5\d/.test(l)), 'nothing logged as an error');
    });
  });
}

t.test("the router's own errors in each API's shape", async (t) => {
  const app = Fastify({ frameworkErrors, routerOptions: { maxParamLength: 5 } });
  t.teardown(() => app.close());
  await app.register(errorsPlugin);
  app.get('/api/x/:id', async () => 'ok');
  await app.register(async (v2) => {
    v2.setErrorHandler(v2ErrorHandler);
    v2.get('/v2/x/:id', async () => 'ok');
  });
  const api = await app.inject({ url: '/api/x/123456', headers: { 'accept-language': 'en' } });
  t.same([api.statusCode, api.json()], [414, { statusCode: 414, code: 'URI_TOO_LONG', message: 'The URI is too long' }]);
  const v2 = await app.inject({ url: '/v2/x/123456' });
  t.match([v2.statusCode, v2.json()], [414, { status: 414, title: 'URI_TOO_LONG', detail: 'The URI is too long', detailVi: 'Đường dẫn quá dài' }]);
  const bad = await app.inject({ url: '/api/x/%E0%A4%A' });
  t.match([bad.statusCode, bad.json()], [400, { code: 'VALIDATION_FAILED', details: [{ field: 'url', message: 'không phải đường dẫn hợp lệ (mã hóa phần trăm sai)' }] }]);
});

t.test('the rate limit of public routes survives a client that has gone', async (t) => {
  t.equal(rateLimitKey({ ip: undefined } as never), 'client-gone');
  t.equal(rateLimitKey({ ip: '2001:db8::1' } as never), '2001:db8::', 'IPv6 by /64, as the plugin does');
  const app = Fastify();
  t.teardown(() => app.close());
  // The client closed its connection: its socket has no address any more.
  app.addHook('onRequest', async (request) => {
    Object.defineProperty(request.raw.socket, 'remoteAddress', { value: undefined });
  });
  await app.register(securityPlugin, { publicPerMinute: 2 });
  app.get('/cong-khai', { config: { rateLimit: { max: 2, timeWindow: 60_000 } } }, async () => ({ ok: true }));
  const statuses = [];
  for (let i = 0; i < 3; i++) statuses.push((await app.inject({ url: '/cong-khai' })).statusCode);
  t.same(statuses, [200, 200, 429], 'gone clients share one budget');
});
