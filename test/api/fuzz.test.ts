/**
 * Fuzz: every operation of the OpenAPI document, called with generated and mutated path
 * parameters, queries and bodies (JSON, XML, multipart, malformed), with the token of every demo
 * role. Bad input must never answer 5xx (501 only for a `/v2` feature the engine does not serve),
 * and client errors keep the shape of their API. Seeded: the seed is printed on failure and
 * `FUZZ_SEED=<n>` replays it (the PostgreSQL run, with `TEST_DATABASE_URL`, uses n + 1). Bounded:
 * `FUZZ_REQUESTS` in all (default 3,000: two thirds on PGlite, a third on PostgreSQL when set), and
 * a run stops early, saying so, after `FUZZ_SECONDS` (default 120) on a machine too busy for it.
 */
import t, { type Test } from 'tap';
import { readFileSync } from 'node:fs';
import type { LightMyRequestResponse } from 'fastify';
import { DEMO_USERS } from '../../api/demo/seed.ts';
import { databaseTargets } from '../helpers/databases.ts';
import { bearer, buildTestApp, type TestApp } from '../helpers/app.ts';
import { settle } from '../helpers/settle.ts';
import { BAD_PATH_VALUES, BAD_QUERY, generate, MUTATIONS, multipartBody, mutate, NASTY_STRINGS, Rng, type Pools } from '../helpers/fuzz.ts';

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
const TOTAL = Number(process.env.FUZZ_REQUESTS ?? 3000);
const SECONDS = Number(process.env.FUZZ_SECONDS ?? 120);
const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const BIRTH = JSON.parse(read('schemas/procedures/examples/birth-registration.json')) as Record<string, unknown>;
const BPMN = read('processes/birth-registration.bpmn');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const MULTIPART_OPS = new Set(['POST /api/dossiers/{code}/documents', 'POST /v2/deployments']);
const XML_OPS = new Set(['POST /api/procedures/{id}/versions']);

type Schema = Record<string, any>;
interface Param { name: string; schema: Schema; required: boolean }
interface Operation { id: string; method: string; path: string; pathParams: Param[]; query: Param[]; body?: Schema; access: unknown }
interface Failure { method: string; url: string; body: string; status: number; cls: string; role: string; error?: string }

/** Every operation of the OpenAPI document, with who may call it. */
function operations(ctx: TestApp): Operation[] {
  const doc = ctx.app.swagger() as { paths: Record<string, Record<string, { parameters?: Array<Param & { in: string }>; requestBody?: { content: Record<string, { schema: Schema }> } }>> };
  const access = new Map(ctx.app.routeAccess.map((r) => [`${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`, r.access]));
  return Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([m, op]) => {
    const params = (op.parameters ?? []).map((p) => ({ name: p.name, schema: p.schema ?? {}, required: !!p.required, in: p.in }));
    const id = `${m.toUpperCase()} ${path}`;
    return { id, method: m.toUpperCase(), path, pathParams: params.filter((p) => p.in === 'path'), query: params.filter((p) => p.in === 'query'), body: op.requestBody?.content['application/json']?.schema, access: access.get(id) ?? 'public' };
  }));
}

/** Real records to aim at (a dossier, its document and tasks, engine keys, a user), so requests reach past the lookups. */
async function preparePools(ctx: TestApp, tokens: Record<string, string>): Promise<Pools> {
  const { app } = ctx;
  const call = async (username: string, method: string, url: string, payload?: unknown) =>
    (await app.inject({ method: method as 'GET', url, headers: bearer(tokens[username]!), ...(payload === undefined ? {} : { payload: payload as object }) })).json();
  const { code } = await call('reception', 'POST', '/api/dossiers', { procedureId: 'birth-registration', channel: 'in_person', formData: BIRTH });
  const boundary = 'fuzz-setup';
  const upload = await app.inject({
    method: 'POST', url: `/api/dossiers/${code}/documents`, headers: { ...bearer(tokens.reception!), 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: multipartBody(boundary, documentParts({ idNumber: '001203012345', holderName: 'Trần Thị Hồng Nhung', summary: 'Giấy chứng sinh', validUntil: 'indefinite', scope: 'Toàn quốc' })),
  });
  await settle(app);
  const tasks = [...((await call('reception', 'GET', '/api/tasks?view=groups')).items ?? []), ...((await call('supervisor', 'GET', '/api/tasks?view=agency')).items ?? [])];
  const userTasks = (await call('admin', 'POST', '/v2/user-tasks/search', {})).items ?? [];
  const instances = (await call('admin', 'POST', '/v2/process-instances/search', {})).items ?? [];
  const piKeys = instances.map((i: { processInstanceKey: string }) => i.processInstanceKey);
  const elements = (await call('admin', 'POST', '/v2/element-instances/search', { filter: { processInstanceKey: piKeys[0] } })).items ?? [];
  const variables = (await call('admin', 'POST', '/v2/variables/search', { filter: { processInstanceKey: piKeys[0] } })).items ?? [];
  const user = await call('admin', 'POST', '/api/users', { username: 'fuzz-target', fullName: 'Người Thử Nghiệm', agencyId: 'xa-demo', roles: ['specialist'], password: 'mat-khau-fuzz-1' });
  const filter = await call('specialist', 'POST', '/api/saved-filters', { name: 'Lọc thử', query: { view: 'mine' } });
  const refresh = (await ctx.login('supervisor')).refreshToken;
  const keys = (field: string, items: Array<Record<string, string>>) => items.map((i) => i[field]).filter(Boolean);
  return {
    code: [code, 'XADEMO-260302-0001'], dossierCode: [code], id: [user.id, upload.json().id, filter.id, 'xa-demo', 'birth-registration'].filter(Boolean),
    key: keys('key', tasks), year: [2026, 2027], version: [1, 2], file: ['01.pdf', '02.pdf', '06.pdf', 'form-07.csv', 'form-07.pdf'],
    procedureId: ['birth-registration', 'death-registration'], agencyId: ['xa-demo', 'xa-demo-ubnd'], agency: ['xa-demo'], username: ['fuzz-target', 'khong-co'],
    refreshToken: [refresh], processDefinitionId: ['birth-registration'], processInstanceKey: piKeys, userTaskKey: keys('userTaskKey', userTasks),
    processDefinitionKey: keys('processDefinitionKey', instances), elementInstanceKey: keys('elementInstanceKey', elements),
    variableKey: keys('variableKey', variables), jobKey: ['999999'], incidentKey: ['999999'], from: ['2026-03-01'], to: ['2026-03-31'],
  };
}

function documentParts(metadata: unknown, file: Buffer = PDF) {
  return [
    { name: 'kind', value: 'input' }, { name: 'typeCode', value: 'GCS' }, { name: 'title', value: 'Giấy chứng sinh' },
    { name: 'metadata', value: JSON.stringify(metadata) }, { name: 'file', value: file, filename: 'giay-chung-sinh.pdf', type: 'application/pdf' },
  ];
}

/** JSON, form and plain bodies that no route expects. */
const RAW_BODIES: Array<[string, string | Buffer]> = [
  ['application/json', '{"a":'], ['application/json', '{"username":"\\u0000","password":"x\\u0000"}'], ['application/json', '"\\u0000"'],
  ['application/json', 'null'], ['application/json', '[]'], ['application/json', ''], ['application/json', '1e999'], ['application/json', '{"a":"\\ud800"}'],
  ['application/json', `${'['.repeat(3000)}${']'.repeat(3000)}`], ['application/json', '{"__proto__":{"x":1}}'], ['application/json', '{"constructor":{"prototype":{"x":1}}}'],
  ['application/json; charset=utf-16', '{}'], ['application/json', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])], ['text/plain', 'hello'],
  ['application/x-www-form-urlencoded', 'a=1&b=%00'], ['application/xml', '<a>\u0000</a>'], ['multipart/form-data', 'garbage'],
  ['multipart/form-data; boundary=abc', '--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--xyz--\r\n'], ['application/octet-stream', Buffer.alloc(16)],
];

/** A multipart request for an upload route, its parts or its framing broken one way or another. */
function multipartRequest(op: Operation, rng: Rng, pools: Pools, broken: boolean): { type: string; payload: Buffer; cls: string } {
  const boundary = `fuzz${rng.int(1e9)}`;
  const metadata = { idNumber: '001203012345', holderName: 'Trần Thị Hồng Nhung', summary: 'Giấy chứng sinh', validUntil: rng.pick(['indefinite', '2030-01-01']), scope: 'Toàn quốc' };
  let parts: Array<{ name: string; value: string | Buffer; filename?: string; type?: string }> = op.path.startsWith('/v2')
    ? [{ name: 'resources', value: BPMN, filename: 'birth-registration.bpmn', type: 'application/xml' }]
    : documentParts(broken && rng.chance(0.5) ? mutate(metadata, rng.pick(MUTATIONS), rng) : metadata);
  if (!broken) return { type: `multipart/form-data; boundary=${boundary}`, payload: multipartBody(boundary, parts), cls: 'valid multipart' };
  const nasty = rng.pick(NASTY_STRINGS);
  const i = rng.int(parts.length);
  switch (rng.int(5)) {
    case 0: parts[i] = { ...parts[i]!, value: `${String(parts[i]!.value).slice(0, 50)}${nasty}` }; break;
    case 1: parts[i] = { ...parts[i]!, filename: `a${nasty}.pdf` }; break;
    case 2: parts[i] = { ...parts[i]!, name: `${parts[i]!.name}${nasty}` }; break;
    case 3: parts = [...parts, ...Array.from({ length: 12 }, (_, n) => ({ name: `extra${n}`, value: 'x' }))]; break;
    default: parts = parts.filter((_, n) => n !== i);
  }
  const body = multipartBody(boundary, parts);
  switch (rng.int(7)) {
    case 0: return { type: `multipart/form-data; boundary=other${boundary}`, payload: body, cls: 'multipart: wrong boundary' };
    case 1: return { type: 'multipart/form-data', payload: body, cls: 'multipart: no boundary' };
    case 2: return { type: `multipart/form-data; boundary=${boundary}`, payload: body.subarray(0, rng.int(body.length)), cls: 'multipart: truncated' };
    case 3: return { type: `multipart/form-data; boundary=${boundary}`, payload: body.subarray(0, body.length - boundary.length - 6), cls: 'multipart: no closing boundary' };
    case 4: return { type: `multipart/form-data; boundary="${boundary}"`, payload: Buffer.from(`--${boundary}\r\n\r\n`), cls: 'multipart: part without headers' };
    default: return { type: `multipart/form-data; boundary=${boundary}`, payload: body, cls: 'multipart: bad part' };
  }
}

function encodeSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}

const ADDRESSES = ['192.0.2.1', '192.0.2.2', '198.51.100.7', '203.0.113.9', '::1', '2001:db8::1', '::ffff:192.0.2.3', '10.0.0.1'];

/** One request: its URL, body and role, mutated according to `mode`; `cls` names the kind of bad input. */
function buildRequest(op: Operation, rng: Rng, pools: Pools, tokens: Record<string, string>) {
  const mode = rng.pick(['valid', 'body', 'body', 'body', 'path', 'query', 'raw'] as const);
  const classes: string[] = [];
  let path = op.path;
  const badParam = mode === 'path' && op.pathParams.length ? rng.pick(op.pathParams).name : undefined;
  for (const p of op.pathParams) {
    let segment = encodeSegment(String(generate(p.schema, rng, pools, p.name)));
    if (p.name === badParam) {
      const bad = rng.pick(BAD_PATH_VALUES);
      segment = bad.raw ? bad.value : encodeSegment(bad.value);
      classes.push(`path ${JSON.stringify(bad.value.slice(0, 20))}`);
    }
    path = path.replace(`{${p.name}}`, segment);
  }
  const query = op.query.filter((p) => p.required || rng.chance(0.4)).map((p) => `${p.name}=${encodeSegment(String(generate(p.schema, rng, pools, p.name)))}`);
  if (mode === 'query' || (mode === 'path' && !badParam)) {
    const bad = rng.pick(BAD_QUERY);
    query.push(bad.replaceAll('{name}', op.query.length ? rng.pick(op.query).name : 'q'));
    classes.push(`query ${bad.slice(0, 24)}`);
  }
  const url = query.length ? `${path}?${query.join('&')}` : path;
  let type: string | undefined;
  let payload: string | Buffer | undefined;
  if (MULTIPART_OPS.has(op.id)) {
    const m = multipartRequest(op, rng, pools, mode !== 'valid');
    type = m.type; payload = m.payload; classes.push(m.cls);
  } else if (XML_OPS.has(op.id)) {
    type = rng.pick(['application/xml', 'text/xml']);
    payload = mode === 'valid' ? BPMN : rng.pick([`${BPMN.slice(0, 400)}\u0000${BPMN.slice(400)}`, BPMN.slice(0, rng.int(BPMN.length)), rng.pick(NASTY_STRINGS), `<x>${'9'.repeat(30)}</x>`]);
    if (mode !== 'valid') classes.push('xml body');
  } else if (op.body) {
    let body = generate(op.body, rng, pools);
    if (mode === 'body') {
      for (let n = 1 + rng.int(2); n > 0; n--) {
        const kind = rng.pick(MUTATIONS);
        body = mutate(body, kind, rng);
        classes.push(`body ${kind}`);
      }
    }
    type = 'application/json';
    payload = JSON.stringify(body) ?? 'null';
  }
  if (mode === 'raw' && !MULTIPART_OPS.has(op.id) && op.method !== 'GET') {
    [type, payload] = rng.pick(RAW_BODIES);
    classes.push(`raw ${type}`);
  }
  const allowed = DEMO_USERS.filter((u) => op.access === 'public' || (op.access === 'authenticated' ? !u.roles.includes('integration') : u.roles.some((r) => (op.access as string[]).includes(r))));
  const user = rng.chance(0.85) && allowed.length ? rng.pick(allowed) : rng.chance(0.8) ? rng.pick(DEMO_USERS) : undefined;
  const headers: Record<string, string> = { 'accept-language': rng.pick(['vi', 'en']) };
  if (user) headers.authorization = `Bearer ${tokens[user.username]}`;
  if (type !== undefined) headers['content-type'] = type;
  return { url, payload, headers, role: user?.username ?? 'anonymous', cls: classes.join(', ') || mode, remoteAddress: rng.pick(ADDRESSES) };
}

/** Why an answer is wrong, or null: no 5xx (but 501 for an unserved `/v2` feature), client errors in their API's shape. */
function verdict(method: string, url: string, res: LightMyRequestResponse): string | null {
  const { statusCode: status } = res;
  const isV2 = url.startsWith('/v2');
  const body = (() => { try { return res.json() as Record<string, unknown>; } catch { return undefined; } })();
  if (status >= 500) {
    // The catch-all `/v2/*` answers 501 for Camunda endpoints not served: never for a request meant for a served
    // route (a dot segment, which the client resolves, may turn it into another endpoint).
    const misrouted = body?.unsupported === `${method} ${url.split('?')[0]}`;
    if (status !== 501 || !isV2 || misrouted) return `${status}${misrouted ? ' (caught by /v2/*)' : ''}`;
    return null;
  }
  if (status < 400 || !(isV2 || url.startsWith('/api'))) return null;
  if (isV2 && !(String(res.headers['content-type']).startsWith('application/problem+json') && body?.status === status)) return `${status} not a problem+json`;
  const ownCode = typeof body?.code === 'string' && !body.code.startsWith('FST_') && !('error' in body);
  if (!isV2 && !(body?.statusCode === status && ownCode && typeof body.message === 'string')) return `${status} not in the /api error shape`;
  return null;
}

async function fuzz(t: Test, ctx: TestApp, count: number, seed: number) {
  const rng = new Rng(seed);
  const tokens = Object.fromEntries(await Promise.all(DEMO_USERS.map(async (u) => [u.username, await ctx.token(u.username)] as const)));
  const pools = await preparePools(ctx, tokens);
  t.ok(['code', 'key', 'processInstanceKey', 'userTaskKey', 'variableKey'].every((name) => pools[name]!.length) && pools.id!.length >= 5, 'real records to aim at');
  const ops = operations(ctx);
  const failures: Failure[] = [];
  const statuses = new Map<number, number>();
  const started = performance.now();
  let sent = 0;
  for (let i = 0; i < count; i++, sent++) {
    if (performance.now() - started > (SECONDS * 1000 * count) / TOTAL) break;
    const op = ops[i % ops.length]!;
    const req = buildRequest(op, rng, pools, tokens);
    const requestId = `fuzz-${seed}-${i}`;
    const stream = op.path.endsWith('/stream');
    const res = await ctx.app.inject({ method: op.method as 'GET', url: req.url, payload: req.payload, headers: { ...req.headers, 'x-request-id': requestId }, remoteAddress: req.remoteAddress, payloadAsStream: stream });
    if (stream) res.stream().on('error', () => {}).destroy();
    statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
    const wrong = stream && res.statusCode < 500 ? null : verdict(op.method, req.url, res);
    if (wrong) {
      const logged = ctx.logs.filter((l) => l.includes(requestId) && /"level":5\d/.test(l)).map((l) => (JSON.parse(l) as { err?: { message?: string } }).err?.message).filter(Boolean);
      const shown = typeof req.payload === 'string' ? req.payload : req.payload?.toString('latin1');
      failures.push({ method: op.method, url: req.url.slice(0, 200), body: JSON.stringify(shown?.slice(0, 300)), status: res.statusCode, cls: `${wrong}: ${req.cls}`, role: req.role, error: logged[0]?.split('\n')[0]?.slice(0, 200) });
    }
  }
  t.comment(`${sent}${sent < count ? ` of ${count} (time bound reached)` : ''} requests over ${ops.length} operations in ${((performance.now() - started) / 1000).toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`);
  if (failures.length) {
    const byClass = new Map<string, number>();
    for (const f of failures) {
      const key = `${f.method} ${f.url.split('?')[0]!.replace(/\/[^/]*\d[^/]*/g, '/…')} · ${f.error ?? f.cls}`;
      byClass.set(key, (byClass.get(key) ?? 0) + 1);
    }
    t.comment(`FUZZ_SEED=${seed}: ${failures.length} wrong answers\n${[...byClass].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${n} × ${k}`).join('\n')}`);
    for (const f of failures.slice(0, 40)) t.comment(JSON.stringify(f));
  }
  t.equal(failures.length, 0, `no 5xx and no misshapen error for bad input (replay with FUZZ_SEED=${seed})`);
}

const targets = databaseTargets();
// PGlite always; PostgreSQL as well when TEST_DATABASE_URL is set, the total staying bounded.
const shares = targets.length > 1 ? [Math.ceil((TOTAL * 2) / 3), Math.floor(TOTAL / 3)] : [TOTAL];
for (const [n, target] of targets.entries()) {
  t.test(`fuzz on ${target.name}: ${shares[n]} requests, seed ${SEED + n}`, async (t) => {
    const ctx = await buildTestApp(target, { RATE_LIMIT_PUBLIC_PER_MINUTE: '1000000' }, { autoStart: false });
    t.teardown(() => ctx.close());
    await fuzz(t, ctx, shares[n]!, SEED + n);
  });
}
