/**
 * Explicit routing: reception hands a dossier to the deciding agency an admin configured for the
 * receiving agency (per procedure, else per handling agency type), never to "the first unit of the type";
 * with no route it refuses, naming the procedure. The admin API is scoped to the province and audited.
 */
import t from 'tap';
import { databaseTargets } from '../helpers/databases.ts';
import { bearer, buildTestApp, type TestApp } from '../helpers/app.ts';

const schemaDir = new URL('../fixtures/schemas', import.meta.url).pathname;
const formData = { applicant: { fullName: 'Nguyễn Văn An', personalId: '001203012345', phone: '0912345678' }, childName: 'Nguyễn Thị Bình', dateOfBirth: '2026-02-20' };

async function addProcedures(ctx: TestApp) {
  const row = (id: string, nameVi: string, nameEn: string) => ({
    id, national_code: null, name_vi: nameVi, name_en: nameEn, field: 'Hộ tịch',
    legal_limit: JSON.stringify({ kind: 'workingDays', days: 3 }), online_level: 'full', process_id: `motcua-${id}`, form_schema_id: 'test-procedure',
  });
  await ctx.handle.db.insertInto('procedures').values([row('test-procedure', 'Thủ tục thử nghiệm', 'Test procedure'), row('other-procedure', 'Thủ tục khác', 'Other procedure')]).execute();
}

for (const target of databaseTargets()) {
  t.test(`explicit routing on ${target.name}`, async (t) => {
    const ctx = await buildTestApp(target, {}, { formSchemaDir: schemaDir, autoStart: false });
    t.teardown(() => ctx.close());
    await addProcedures(ctx);
    const { app } = ctx;
    const db = ctx.handle.db;
    const [reception, admin, provinceAdmin] = await Promise.all(['reception', 'admin', 'province-admin'].map(async (u) => bearer(await ctx.token(u))));
    const receive = (procedureId: string, extra: object = {}) => app.inject({ method: 'POST', url: '/api/dossiers', headers: { ...reception, 'accept-language': 'en' }, payload: { procedureId, channel: 'in_person', formData, ...extra } });
    const putRouting = (headers: Record<string, string>, payload: object, agency = 'xa-demo', lang = 'en') =>
      app.inject({ method: 'PUT', url: `/api/agencies/${agency}/routing`, headers: { ...headers, 'accept-language': lang }, payload });

    t.test('a new unit of the same type does not capture new dossiers', async (t) => {
      // 'xa-demo-a' sorts before 'xa-demo-ubnd': the former rule handed it every new dossier.
      const created = await app.inject({ method: 'POST', url: '/api/agencies', headers: admin, payload: { id: 'xa-demo-a', code: 'XADEMO.A', name: 'Phòng Văn hóa xã Demo', type: 'commune_unit', parentId: 'xa-demo' } });
      t.equal(created.statusCode, 201);
      const res = await receive('test-procedure');
      t.equal(res.statusCode, 201, res.body);
      t.equal(res.json().handlingAgencyId, 'xa-demo-ubnd', 'still the configured unit');
    });

    t.test('the admin reads the routing and where each procedure goes', async (t) => {
      const res = await app.inject({ url: '/api/agencies/xa-demo/routing', headers: admin });
      t.equal(res.statusCode, 200);
      t.same(res.json().defaults, [{ handlingAgencyType: 'commune_unit', decidingAgencyId: 'xa-demo-ubnd' }]);
      t.same(res.json().procedures, []);
      t.same(res.json().effective.find((e: { procedureId: string }) => e.procedureId === 'test-procedure'), { procedureId: 'test-procedure', decidingAgencyId: 'xa-demo-ubnd', source: 'default' });
    });

    t.test('a configured procedure route is used, and audited', async (t) => {
      const payload = { defaults: [{ handlingAgencyType: 'commune_unit', decidingAgencyId: 'xa-demo-ubnd' }], procedures: [{ procedureId: 'test-procedure', decidingAgencyId: 'xa-demo-a' }] };
      const put = await putRouting(admin, payload);
      t.equal(put.statusCode, 200, put.body);
      t.same(put.json().procedures, payload.procedures);
      const routed = await receive('test-procedure');
      t.equal(routed.json().handlingAgencyId, 'xa-demo-a', 'the procedure route wins');
      const handing = await db.selectFrom('dossier_agencies').innerJoin('dossiers', 'dossiers.id', 'dossier_agencies.dossier_id').select('agency_id').where('code', '=', routed.json().code).where('role', '=', 'handling').execute();
      t.same(handing, [{ agency_id: 'xa-demo-a' }]);
      t.equal((await receive('other-procedure')).json().handlingAgencyId, 'xa-demo-ubnd', 'other procedures keep the default');
      const audit = await db.selectFrom('audit_log').select(['actor_username', 'agency_id', 'target_id', 'before', 'after']).where('action', '=', 'agency.routing').where('actor_username', '=', 'admin').execute();
      t.equal(audit.length, 1);
      t.match(audit[0], { agency_id: 'xa-demo', target_id: 'xa-demo', before: { procedures: [] }, after: payload });
    });

    t.test('without a route reception refuses, naming the procedure', async (t) => {
      t.equal((await putRouting(admin, { defaults: [], procedures: [{ procedureId: 'test-procedure', decidingAgencyId: 'xa-demo-ubnd' }] })).statusCode, 200);
      const before = await db.selectFrom('dossiers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const en = await receive('other-procedure');
      t.equal(en.statusCode, 409);
      t.equal(en.json().code, 'ROUTING_NOT_CONFIGURED');
      t.match(en.json().message, /"Other procedure" \(other-procedure\)/);
      const vi = await app.inject({ method: 'POST', url: '/api/dossiers', headers: { ...reception, 'accept-language': 'vi' }, payload: { procedureId: 'other-procedure', channel: 'online', formData } });
      t.equal(vi.statusCode, 409);
      t.match(vi.json().message, /Chưa cấu hình cơ quan giải quyết thủ tục "Thủ tục khác"/);
      const after = await db.selectFrom('dossiers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      t.equal(Number(after.n), Number(before.n), 'nothing received');
      const refused = await receive('other-procedure', { refusalReasons: ['Thiếu giấy chứng sinh'] });
      t.equal(refused.statusCode, 201, 'a refusal at the counter needs no route');
      t.equal(refused.json().handlingAgencyId, 'xa-demo');
    });

    t.test('a route to a disabled agency is refused at reception', async (t) => {
      await db.updateTable('agencies').set({ disabled: true }).where('id', '=', 'xa-demo-ubnd').execute();
      t.teardown(() => db.updateTable('agencies').set({ disabled: false }).where('id', '=', 'xa-demo-ubnd').execute());
      const res = await receive('test-procedure');
      t.equal(res.statusCode, 409);
      t.match(res.json().message, /disabled/);
    });

    t.test('the admin API: scope, allowed deciding agencies, validation', async (t) => {
      await db.insertInto('agencies').values([
        { id: 'tinh-khac', code: 'TINHKHAC', name: 'Tỉnh khác', type: 'provincial_department', parent_id: null, province_code: '98' },
        { id: 'xa-khac-ubnd', code: 'XAKHAC.UBND', name: 'UBND xã khác', type: 'commune_unit', parent_id: 'tinh-khac', province_code: '98' },
        { id: 'xa-demo-old', code: 'XADEMO.OLD', name: 'Đơn vị cũ', type: 'commune_unit', parent_id: 'xa-demo', province_code: '99', disabled: true },
      ]).execute();
      const routes = (decidingAgencyId: string, handlingAgencyType = 'commune_unit') => ({ defaults: [{ handlingAgencyType, decidingAgencyId }], procedures: [] });
      t.equal((await app.inject({ url: '/api/agencies/ca-xa-demo/routing', headers: admin })).statusCode, 404, 'outside the commune admin\'s agencies');
      t.equal((await putRouting(admin, routes('ca-xa-demo', 'police'), 'ca-xa-demo')).statusCode, 404);
      t.equal((await app.inject({ url: '/api/agencies/xa-demo/routing', headers: provinceAdmin })).statusCode, 200, 'an admin above may');
      for (const [deciding, why] of [['xa-khac-ubnd', 'another province'], ['ca-xa-demo', 'not a commune unit'], ['xa-demo-old', 'disabled'], ['nowhere', 'unknown']]) {
        const res = await putRouting(admin, routes(deciding));
        t.equal(res.statusCode, 400, why);
        t.equal(res.json().code, 'ROUTE_NOT_ALLOWED', why);
        t.same(res.json().details.map((d: { field: string }) => d.field), ['defaults.0.decidingAgencyId'], why);
      }
      const police = await putRouting(admin, routes('ca-xa-demo', 'police'));
      t.equal(police.statusCode, 200, 'a police unit elsewhere in the province may decide police procedures');
      t.equal((await putRouting(admin, routes('xa-demo'))).statusCode, 200, 'the receiving agency itself may decide');
      const unknown = await putRouting(admin, { defaults: [], procedures: [{ procedureId: 'no-such', decidingAgencyId: 'xa-demo-ubnd' }] });
      t.equal(unknown.json().code, 'UNKNOWN_PROCEDURE');
      const twice = await putRouting(admin, { defaults: [], procedures: [{ procedureId: 'test-procedure', decidingAgencyId: 'xa-demo-ubnd' }, { procedureId: 'test-procedure', decidingAgencyId: 'xa-demo-a' }] });
      t.same([twice.statusCode, twice.json().details[0].field], [400, 'procedures.1.procedureId']);
      const provinceWide = await putRouting(provinceAdmin, routes('xa-demo-ubnd'));
      t.equal(provinceWide.statusCode, 200);
      t.same(provinceWide.json().defaults, routes('xa-demo-ubnd').defaults);
      const audit = await db.selectFrom('audit_log').select('actor_username').where('action', '=', 'agency.routing').where('target_id', '=', 'xa-demo').orderBy('id').execute();
      t.same(audit.map((a) => a.actor_username), ['system', 'admin', 'admin', 'admin', 'admin', 'province-admin'], 'one audit row per change; refusals write none');
    });
  });
}
