/**
 * Bad input on the `/v2` face: Camunda-style problems (RFC 9457 `application/problem+json` with
 * type, title, status, detail, instance) naming the fields, the unsupported path or the interface
 * gap; 401 without a token, 403 for a role without access. The `/api` error shape is untouched.
 */
import t from 'tap';
import { databaseTargets } from '../../helpers/databases.ts';
import { fixture, openV2App } from './helpers.ts';

const [target] = databaseTargets();

t.test('/v2 problems', async (t) => {
  const ctx = await openV2App(target!);
  t.teardown(() => ctx.close());
  const admin = await ctx.token('admin');
  const specialist = await ctx.token('specialist');

  const problem = async (tt: typeof t, method: string, path: string, token: string | undefined, body: unknown, status: number, detail: RegExp) => {
    const res = await ctx.http(method, path, token, body);
    tt.equal(res.status, status, `${method} ${path} → ${status}: ${JSON.stringify(res.body)}`);
    tt.match(res.type, /^application\/problem\+json/, 'problem+json');
    tt.match(res.body, { type: 'about:blank', status, instance: path.split('?')[0], detail, detailVi: String });
    tt.type(res.body.title, 'string');
    return res.body;
  };

  t.test('no token → 401; a role without access → 403 (Camunda client and plain HTTP)', async (t) => {
    await problem(t, 'POST', '/v2/user-tasks/search', undefined, {}, 401, /Authentication required/);
    await problem(t, 'POST', '/v2/user-tasks/search', 'not-a-jwt', {}, 401, /invalid|expired/);
    await problem(t, 'GET', '/v2/nowhere', undefined, undefined, 401, /Authentication required/);
    const reception = ctx.client(await ctx.token('reception'));
    const denied = await reception.deployResources([fixture('tiep-nhan-v2.bpmn')]).catch((e: unknown) => e);
    t.match(denied, { statusCode: 403, title: 'FORBIDDEN' }, 'a receptionist does not deploy');
    await problem(t, 'POST', '/v2/jobs/activation', await ctx.token('supervisor'), { type: 'x', timeout: 1000, maxJobsToActivate: 1 }, 403, /not allowed/);
    const status = await ctx.http('GET', '/v2/status');
    t.equal(status.status, 204, 'status is public, as in Camunda');
  });

  t.test('bad bodies → 400 naming the fields', async (t) => {
    const activation = await problem(t, 'POST', '/v2/jobs/activation', admin, { worker: 'w', timeout: 'soon', maxJobsToActivate: 0, colour: 'red' }, 400, /\[type\].*required/);
    const fields = (activation.fields as Array<{ field: string }>).map((f) => f.field).sort();
    t.same(fields, ['colour', 'maxJobsToActivate', 'timeout', 'type']);
    await problem(t, 'POST', '/v2/user-tasks/search', specialist, { filter: { colour: 'red' } }, 400, /\[filter\.colour\] is not an allowed field/);
    await problem(t, 'POST', '/v2/user-tasks/search', specialist, { sort: [{ field: 'colour' }] }, 400, /\[sort\.0\.field\]/);
    await problem(t, 'POST', '/v2/user-tasks/search', specialist, { filter: { state: 'SLEEPING' } }, 400, /\[filter\.state\]/);
    await problem(t, 'POST', '/v2/user-tasks/search', specialist, { page: { from: 0, after: 'eyJpIjowfQ' } }, 400, /page\.from, page\.after/);
    await problem(t, 'POST', '/v2/user-tasks/search', specialist, { page: { after: 'garbage' } }, 400, /\[page\.after\] is not a valid cursor/);
    await problem(t, 'POST', '/v2/process-instances', admin, { variables: [] }, 400, /\[variables\] must be object/);
    await problem(t, 'POST', '/v2/process-instances', admin, {}, 400, /Exactly one of \[processDefinitionId\] and \[processDefinitionKey\]/);
    await problem(t, 'POST', '/v2/jobs/abc/completion', admin, {}, 400, /\[jobKey\] has an invalid format/);
    const malformed = await fetch(`${ctx.baseUrl}/v2/user-tasks/search`, { method: 'POST', headers: { authorization: `Bearer ${specialist}`, 'content-type': 'application/json' }, body: '{"filter":' });
    t.equal(malformed.status, 400);
    t.match(await malformed.json(), { title: 'INVALID_ARGUMENT', detail: /malformed/ });
  });

  t.test('engine refusals: unknown keys → 404, invalid BPMN → 400 with its code', async (t) => {
    await problem(t, 'POST', '/v2/jobs/999999/completion', admin, {}, 404, /999999/);
    await problem(t, 'POST', '/v2/process-instances/999999/cancellation', admin, undefined, 404, /999999/);
    await problem(t, 'GET', '/v2/process-instances/999999', specialist, undefined, 404, /Process instance with key '999999' was not found/);
    await problem(t, 'POST', '/v2/process-instances', admin, { processDefinitionId: 'khong-co' }, 404, /khong-co/);
    const client = ctx.client(admin);
    const bad = await client.deployResources([{ name: 'hong.bpmn', content: '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process' }]).catch((e: unknown) => e);
    t.match(bad, { statusCode: 400, title: 'INVALID_ARGUMENT' });
    t.match(JSON.parse((bad as { response: { body: string } }).response.body), { code: 'BPMN_PARSE_ERROR' });
    const dmn = await client.deployResources([{ name: 'phi.dmn', content: 'decision table' }]).catch((e: unknown) => e);
    t.match(dmn, { statusCode: 400, title: 'INVALID_ARGUMENT' }, 'a DMN resource that is not DMN XML is refused');
    t.match(JSON.parse((dmn as { response: { body: string } }).response.body), { code: 'BPMN_PARSE_ERROR', detail: /phi\.dmn/ });
  });

  t.test('unsupported requests are named: 501 for Camunda endpoints not served, 404 for unknown paths', async (t) => {
    await problem(t, 'POST', '/v2/roles/search', admin, {}, 501, /POST \/v2\/roles\/search/);
    await problem(t, 'GET', '/v2/deployments', admin, undefined, 501, /GET \/v2\/deployments/);
    await problem(t, 'GET', '/v2/no-such-thing', admin, undefined, 404, /GET \/v2\/no-such-thing/);
    await problem(t, 'POST', '/v2/user-tasks/search', specialist, { filter: { localVariables: [] } }, 501, /filter\.localVariables/);
    await problem(t, 'POST', '/v2/incidents/search', admin, { filter: { state: 'RESOLVED' } }, 501, /state other than ACTIVE/);
    await problem(t, 'POST', '/v2/process-instances', admin, { processDefinitionId: 'x', awaitCompletion: true }, 501, /awaitCompletion/);
  });

  t.test('members reached by key or correlation: unknown keys and no waiting subscription → 404 problems', async (t) => {
    const search = await ctx.http('POST', '/v2/process-instances/search', admin, {});
    t.equal(search.status, 200);
    t.ok(Array.isArray(search.body.items));
    await problem(t, 'GET', '/v2/process-definitions/1/xml', admin, undefined, 404, /Process definition '1'/);
    await problem(t, 'POST', '/v2/process-instances', admin, { processDefinitionKey: '1' }, 404, /Process definition '1'/);
    await problem(t, 'POST', '/v2/messages/correlation', admin, { name: 'm', correlationKey: 'k' }, 404, /correlation key/);
  });

  t.test('/api keeps its own error shape', async (t) => {
    const res = await ctx.http('GET', '/api/no-such-route', admin);
    t.equal(res.status, 404);
    t.match(res.type, /^application\/json/);
    t.match(res.body, { statusCode: 404, code: 'ROUTE_NOT_FOUND' });
    const unauth = await ctx.http('GET', '/api/me');
    t.match(unauth.body, { statusCode: 401, code: 'UNAUTHENTICATED' });
  });
});
