/**
 * One mapping of engine errors to HTTP for `/api` and `/v2` (api/engine-errors.ts): with the workflow
 * engine out of reach (the Zeebe adapter pointed at a closed port), both faces answer 503 with
 * `Retry-After`, not a 400 that blames the user; the outage is logged once, not per request.
 */
import t from 'tap';
import { databaseTargets } from '../helpers/databases.ts';
import { bearer, buildTestApp } from '../helpers/app.ts';
import { addCatalogueProcedure, TEST_SCHEMA_DIR } from '../helpers/test-procedure.ts';
import { engineHttp, OutageLog } from '../../api/engine-errors.ts';
import { createZeebeEngine } from '../../engine-adapter/zeebe/index.ts';

t.test('the table: model faults are input, unknown codes are ours, outages are 503/504', async (t) => {
  t.same(engineHttp({ code: 'BPMN_INVALID' }), { status: 400, kind: 'input' });
  t.equal(engineHttp({ code: 'DMN_SOMETHING_NEW' }).status, 400, 'a model\'s new kind of fault is still input');
  t.same(engineHttp({ code: 'NOT_FOUND' }), { status: 404, kind: 'not_found' });
  t.same(engineHttp({ code: 'INVALID_STATE' }), { status: 409, kind: 'conflict' });
  t.same(engineHttp({ code: 'ENGINE_UNAVAILABLE' }), { status: 503, kind: 'unavailable', retryAfter: 5 });
  t.equal(engineHttp({ code: 'ENGINE_TIMEOUT' }).status, 504);
  t.same(engineHttp({ code: 'SOMETHING_WE_NEVER_SAW' }), { status: 500, kind: 'unknown' });
});

t.test('an outage is logged when it starts, then once a minute with the count', async (t) => {
  let now = 0;
  const lines: Array<Record<string, unknown>> = [];
  const log = { error: (o: Record<string, unknown>) => lines.push(o) } as never;
  const outages = new OutageLog(() => now);
  const error = { code: 'ENGINE_UNAVAILABLE', message: 'down\nstack' } as never;
  for (let i = 0; i < 10; i++) { outages.report(log, error); now += 1_000; }
  t.equal(lines.length, 1);
  now += 60_000;
  outages.report(log, error);
  t.equal(lines.length, 2);
  t.equal(lines[1]!.failedSinceLastReport, 9);
});

const target = databaseTargets()[0]!;
t.test(`both APIs answer 503 with Retry-After while the engine is out of reach (${target.name})`, async (t) => {
  const engine = createZeebeEngine({
    grpcAddress: 'grpc://127.0.0.1:9', restAddress: 'http://127.0.0.1:9', auth: { strategy: 'NONE' }, requestTimeoutMs: 1_000, maxRetries: 0, retryBackoff: { initialMs: 5, maxMs: 20 },
  }, { logger: { warn: () => {} } });
  const ctx = await buildTestApp(target, {}, { engine, autoStart: false, formSchemaDir: TEST_SCHEMA_DIR });
  t.teardown(() => ctx.close());
  const admin = bearer(await ctx.token('admin'));
  const reception = bearer(await ctx.token('reception'));
  await addCatalogueProcedure(ctx);
  // A dossier whose process instance lives in the (unreachable) engine.
  const applicant = { fullName: 'Nguyễn Văn An', personalId: '001203012345', phone: '0912345678', address: 'Thôn Đông' };
  const received = await ctx.app.inject({ method: 'POST', url: '/api/dossiers', headers: reception, payload: { procedureId: 'test-procedure', channel: 'in_person', formData: { applicant, childName: 'Bé', dateOfBirth: '2026-02-20' } } });
  t.equal(received.statusCode, 201, received.body);
  const code = received.json().code as string;
  const set = await ctx.handle.db.updateTable('dossiers').set({ process_instance_key: '2251799813685249' }).where('code', '=', code).executeTakeFirst();
  t.equal(Number(set.numUpdatedRows), 1, code);

  const viaApi = await ctx.app.inject({ url: `/api/dossiers/${code}/process`, headers: admin });
  t.equal(viaApi.statusCode, 503, viaApi.body);
  t.equal(viaApi.headers['retry-after'], '5');
  t.equal(viaApi.json().code, 'ENGINE_UNAVAILABLE');
  t.match(viaApi.json().message, /chưa có thay đổi nào được ghi/);
  const en = await ctx.app.inject({ url: `/api/dossiers/${code}/process`, headers: { ...admin, 'accept-language': 'en' } });
  t.match(en.json().message, /nothing was changed/);

  const viaV2 = await ctx.app.inject({ url: '/v2/process-instances/2251799813685249', headers: admin });
  t.equal(viaV2.statusCode, 503, viaV2.body);
  t.equal(viaV2.headers['retry-after'], '5');

  const outageLines = ctx.logs.filter((l) => l.includes('workflow engine unavailable'));
  t.equal(outageLines.length, 1, 'three failed requests, one line');
});
