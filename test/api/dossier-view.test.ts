/**
 * What the single-dossier view adds for the dossier page: the history naming each actor and their
 * agency, `holders` (the open tasks, for anyone who may see the dossier, before and after a claim)
 * and `forms` (exactly the forms the forms route answers 200 for, in several states).
 */
import t, { type Test } from 'tap';
import { databaseTargets } from '../helpers/databases.ts';
import { bearer, buildTestApp } from '../helpers/app.ts';
import { addTestProcedure, TEST_SCHEMA_DIR } from '../helpers/test-procedure.ts';
import { settle } from '../helpers/settle.ts';
import { closeExpiredSupplements } from '../../api/services/supplement-closer.ts';

const formData = { applicant: { fullName: 'Lê Thị Thu', personalId: '001203012345' }, childName: 'Lê Minh', dateOfBirth: '2026-02-20' };
const CENTRE = 'Trung tâm Phục vụ hành chính công xã Demo';
const UNIT = 'Văn phòng HĐND và UBND xã Demo';
const FORMS = ['01', '02', '03', '04', '05', '06'];

for (const target of databaseTargets()) {
  t.test(`the dossier view on ${target.name}`, async (t) => {
    const ctx = await buildTestApp(target, {}, { formSchemaDir: TEST_SCHEMA_DIR, autoStart: false });
    t.teardown(() => ctx.close());
    const { app } = ctx;
    const db = ctx.handle.db;
    await addTestProcedure(ctx);
    ctx.clock.set('2026-03-02T02:00:00Z'); // Monday 09:00 in Vietnam
    const [reception, specialist, leader] = await Promise.all(['reception', 'specialist', 'leader'].map(async (u) => bearer(await ctx.token(u))));
    const post = (url: string, headers: Record<string, string>, payload: object = {}) => app.inject({ method: 'POST', url, headers, payload });
    const get = async (url: string, headers = reception) => (await app.inject({ url, headers })).json();
    const receive = async (extra: object = {}) => {
      const res = await post('/api/dossiers', reception, { procedureId: 'test-procedure', channel: 'in_person', formData, ...extra });
      if (res.statusCode !== 201) throw new Error(`not received: ${res.body}`);
      return res.json() as { code: string };
    };
    const names = { reception: 'Nguyễn Thị Tiếp Nhận', specialist: 'Lê Văn Chuyên Viên' };
    const specialistId = (await db.selectFrom('users').select('id').where('username', '=', 'specialist').executeTakeFirstOrThrow()).id;

    const dossier = await receive();
    await settle(app);

    t.test('holders: the open task, seen by reception though it is the specialist\'s', async (t) => {
      const v = await get(`/api/dossiers/${dossier.code}`);
      t.same(v.holders, [{
        step: 'appraisal', name: 'Thẩm định', agencyId: 'xa-demo-ubnd', agencyName: UNIT, assignee: null, candidateGroups: ['specialist'],
        since: v.holders[0]?.since, dueAt: '2026-03-02T02:00:00.000Z', sla: v.holders[0]?.sla,
      }]);
      t.match(v.holders[0], { since: /^2026-03-02T/, sla: /^(in_time|due_soon|overdue)$/ });
      t.equal((await get(`/api/tasks?dossierCode=${dossier.code}`)).total, 0, 'while the task list of reception does not show it');
      const list = await get('/api/dossiers');
      t.notOk('holders' in list.items[0] || 'forms' in list.items[0], 'not in the list');
    });

    t.test('holders after a claim: the assignee by name', async (t) => {
      const [task] = (await get(`/api/tasks?dossierCode=${dossier.code}`, specialist)).items;
      t.equal((await post(`/api/tasks/${task.key}/claim`, specialist)).statusCode, 200);
      const v = await get(`/api/dossiers/${dossier.code}`);
      t.equal(v.holders.length, 1);
      t.same(v.holders[0].assignee, { id: specialistId, fullName: names.specialist });
      t.equal(v.status, 'processing', 'the claim forwarded the dossier');
    });

    t.test('history: each actor\'s full name and agency', async (t) => {
      const history = await get(`/api/dossiers/${dossier.code}/history`, specialist);
      t.match(history, [
        { action: 'receive', actorName: names.reception, agencyId: 'xa-demo', agencyName: CENTRE },
        { action: 'start_processing', actorId: specialistId, actorName: names.specialist, agencyId: 'xa-demo-ubnd', agencyName: UNIT },
      ]);
    });

    /** The view's forms and the forms the route answers 200 for (every other one 409). */
    const formsOf = async (t: Test, code: string) => {
      const listed = (await get(`/api/dossiers/${code}`)).forms as string[];
      const served: string[] = [];
      for (const no of FORMS) {
        const res = await app.inject({ url: `/api/dossiers/${code}/forms/${no}.pdf`, headers: reception });
        if (res.statusCode === 200) served.push(no);
        else t.equal(res.statusCode, 409, `form ${no}: 409`);
      }
      t.same(listed, served, 'the view lists what the forms route serves');
      return listed;
    };

    t.test('forms of an accepted dossier', async (t) => {
      t.same(await formsOf(t, (await receive()).code), ['01', '06']);
    });

    t.test('forms of a dossier refused at the counter', async (t) => {
      t.same(await formsOf(t, (await receive({ refusalReasons: ['Thiếu tờ khai'] })).code), ['03']);
    });

    t.test('forms of an extended dossier', async (t) => {
      const { code } = await receive();
      const extended = await post(`/api/dossiers/${code}/extend`, specialist, { newDueAt: '2026-03-10T10:00:00Z', reason: 'Cần xác minh thêm' });
      t.equal(extended.statusCode, 200, extended.body);
      t.same(await formsOf(t, code), ['01', '04', '06']);
    });

    t.test('forms of a stopped dossier', async (t) => {
      const { code } = await receive();
      t.equal((await post(`/api/dossiers/${code}/stop`, leader, { reason: 'Công dân đề nghị dừng' })).statusCode, 200);
      t.same(await formsOf(t, code), ['01', '05', '06']);
    });

    t.test('forms of a dossier waiting for a supplement, then closed by the system: no actor name', async (t) => {
      const { code } = await receive();
      t.equal((await post(`/api/dossiers/${code}/request-supplement`, reception, { items: ['Giấy chứng sinh'] })).statusCode, 200);
      t.same(await formsOf(t, code), ['01', '02', '06']);
      ctx.clock.set('2026-04-30T02:00:00Z'); // long after the supplement period
      t.ok((await closeExpiredSupplements(db, app.calendars, ctx.clock)).includes(code));
      t.same(await formsOf(t, code), ['01', '02', '05', '06'], 'closed for a missing supplement: a stop notice (form 05) too (issue 15)');
      const closed = (await get(`/api/dossiers/${code}/history`)).at(-1);
      t.match(closed, { action: 'close_unsupplemented', actorId: null, actorName: null, agencyId: null, agencyName: null });
    });
  });
}
