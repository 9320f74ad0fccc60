/**
 * Reception outside the subtree (phi địa giới, issue 15 item 9), end to end: a commune centre of the
 * province receives a dossier for a procedure that another commune's unit decides. The dossier is
 * routed there; that unit's officers see it, work its tasks and issue its documents; the receiving
 * centre still sees it and returns the result; the centre's own unit and other agencies do not see it.
 */
import t from 'tap';
import { databaseTargets } from '../helpers/databases.ts';
import { bearer, buildTestApp, DEMO_PASSWORD } from '../helpers/app.ts';
import { addTestProcedure, TEST_SCHEMA_DIR } from '../helpers/test-procedure.ts';
import { settle } from '../helpers/settle.ts';
import { hashPassword } from '../../api/services/passwords.ts';
import { pdfText } from '../forms/fixtures.ts';

const formData = { applicant: { fullName: 'Hồ Thị Lan', personalId: '001203012345' }, childName: 'Hồ Minh', dateOfBirth: '2026-02-20' };

for (const target of databaseTargets()) {
  t.test(`non-boundary reception on ${target.name}`, async (t) => {
    const ctx = await buildTestApp(target, {}, { formSchemaDir: TEST_SCHEMA_DIR, autoStart: false });
    t.teardown(() => ctx.close());
    const { app } = ctx;
    const db = ctx.handle.db;
    await addTestProcedure(ctx, { taskOutcomes: { reception: ['accept', 'refuse'], appraisal: ['ok', 'refuse', 'supplement'], approval: ['approve'], delivery: ['returned'] } });
    // A second commune of the same province, with its own centre and People's Committee unit.
    await db.insertInto('agencies').values([
      { id: 'xa-b', code: 'XAB', name: 'Trung tâm Phục vụ hành chính công xã B', type: 'commune_centre', parent_id: 'tinh-demo', province_code: '99', place: 'Xã B' },
      { id: 'xa-b-ubnd', code: 'XAB.UBND', name: 'Văn phòng HĐND và UBND xã B', type: 'commune_unit', parent_id: 'xa-b', province_code: '99', place: 'Xã B' },
    ]).execute();
    const hash = await hashPassword(DEMO_PASSWORD);
    await db.insertInto('users').values([
      { username: 'specialist-b', full_name: 'Chuyên viên xã B', email: null, roles: ['specialist'], agency_id: 'xa-b-ubnd', password_hash: hash },
      { username: 'leader-b', full_name: 'Chủ tịch xã B', email: null, roles: ['leader'], agency_id: 'xa-b-ubnd', password_hash: hash },
      { username: 'reception-b', full_name: 'Tiếp nhận xã B', email: null, roles: ['receptionist'], agency_id: 'xa-b', password_hash: hash },
    ]).execute();
    ctx.clock.set('2026-03-02T02:00:00Z');
    const users = ['reception', 'admin', 'specialist', 'specialist-b', 'leader-b', 'reception-b'] as const;
    const h = Object.fromEntries(await Promise.all(users.map(async (u) => [u, bearer(await ctx.token(u))]))) as Record<(typeof users)[number], Record<string, string>>;
    const post = (url: string, headers: Record<string, string>, payload: object = {}) => app.inject({ method: 'POST', url, headers, payload });
    const tasks = async (headers: Record<string, string>, code: string) => (await app.inject({ url: `/api/tasks?dossierCode=${code}`, headers })).json().items as Array<{ key: string; step: string; agencyId: string }>;

    const route = await app.inject({ method: 'PUT', url: '/api/agencies/xa-demo/routing', headers: h.admin, payload: {
      defaults: [{ handlingAgencyType: 'commune_unit', decidingAgencyId: 'xa-demo-ubnd' }], procedures: [{ procedureId: 'test-procedure', decidingAgencyId: 'xa-b-ubnd' }],
    } });
    t.equal(route.statusCode, 200, `the commune admin routes to another commune's unit of the province: ${route.body}`);

    const received = await post('/api/dossiers', h.reception, { procedureId: 'test-procedure', channel: 'in_person', formData });
    t.equal(received.statusCode, 201, received.body);
    const { code, handlingAgencyId } = received.json();
    t.equal(handlingAgencyId, 'xa-b-ubnd', 'routed to the deciding commune');
    const links = await db.selectFrom('dossier_agencies').innerJoin('dossiers', 'dossiers.id', 'dossier_agencies.dossier_id').select(['agency_id', 'role']).where('code', '=', code).orderBy('role').execute();
    t.same(links.map((l) => [l.role, l.agency_id]), [['handling', 'xa-b-ubnd'], ['receiving', 'xa-demo']]);
    await settle(app);

    t.test('who sees it: the receiving centre and the deciding unit, nobody else', async (t) => {
      const see = async (u: keyof typeof h) => (await app.inject({ url: `/api/dossiers/${code}`, headers: h[u] })).statusCode;
      t.equal(await see('reception'), 200, 'the receiving centre');
      t.equal(await see('specialist-b'), 200, 'the deciding unit');
      t.equal(await see('specialist'), 404, 'the receiving commune\'s own unit');
      t.equal(await see('reception-b'), 200, 'the deciding commune\'s centre (its unit is below it)');
      const list = (await app.inject({ url: '/api/dossiers', headers: h.reception })).json();
      t.ok(JSON.stringify(list).includes(code), 'in the receiving centre\'s list');
    });

    t.test('the deciding unit works it through its task list; the receiving centre returns the result', async (t) => {
      t.same(await tasks(h.specialist, code), [], 'not in the receiving commune unit\'s tasks');
      const [appraisal] = await tasks(h['specialist-b'], code);
      t.match(appraisal, { step: 'appraisal', agencyId: 'xa-b-ubnd' });
      t.equal((await post(`/api/tasks/${appraisal!.key}/complete`, h['specialist-b'], { variables: { appraisal: { outcome: 'ok' } } })).statusCode, 200);
      await settle(app);
      const [approval] = await tasks(h['leader-b'], code);
      t.equal(approval?.step, 'approval');
      t.equal((await post(`/api/tasks/${approval!.key}/complete`, h['leader-b'], { variables: { approval: { outcome: 'approve' } } })).statusCode, 200);
      await settle(app);
      const [delivery] = await tasks(h.reception, code);
      t.match(delivery, { step: 'delivery', agencyId: 'xa-demo' }, 'the result returns through the receiving centre');
      t.equal((await post(`/api/tasks/${delivery!.key}/complete`, h.reception, { variables: { result: { outcome: 'returned', channel: 'truc_tiep' } } })).statusCode, 200);
      await settle(app);
      t.equal((await app.inject({ url: `/api/dossiers/${code}`, headers: h.reception })).json().status, 'returned');
    });

    t.test('a document of the deciding unit: its register, its head, the receiving centre informed', async (t) => {
      const other = (await post('/api/dossiers', h.reception, { procedureId: 'test-procedure', channel: 'in_person', formData })).json();
      await settle(app);
      ctx.clock.set('2026-03-03T02:00:00Z');
      const ext = await post(`/api/dossiers/${other.code}/extend`, h['specialist-b'], { newDueAt: '2026-03-12T10:00:00Z', reason: 'Cần xác minh' });
      t.equal(ext.statusCode, 200, ext.body);
      const pdf = await app.inject({ url: `/api/dossiers/${other.code}/forms/04.pdf`, headers: h.reception });
      t.equal(pdf.statusCode, 200, 'the receiving centre prints it');
      const text = (await pdfText(pdf.rawPayload)).text;
      for (const s of ['VĂN PHÒNG HĐND VÀ UBND XÃ B', 'Số: 01/XLGH', 'Chủ tịch xã B', 'Trung tâm Phục vụ hành chính công xã Demo tiếp nhận', '- Trung tâm Phục vụ hành chính công xã Demo (để theo dõi)']) t.ok(text.includes(s), s);
      t.equal((await post(`/api/dossiers/${other.code}/extend`, h.specialist, { newDueAt: '2026-03-13T10:00:00Z', reason: 'x' })).statusCode, 404, 'the receiving commune\'s unit cannot act on it');
    });
  });
}
