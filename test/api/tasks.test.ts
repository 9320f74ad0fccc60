import t from 'tap';
import { databaseTargets } from '../helpers/databases.ts';
import { bearer, buildTestApp, DEMO_PASSWORD } from '../helpers/app.ts';
import { addTestProcedure, TEST_SCHEMA_DIR } from '../helpers/test-procedure.ts';
import { settle } from '../helpers/settle.ts';
import { hashPassword } from '../../api/services/passwords.ts';

const formData = { applicant: { fullName: 'Lê Thị Thu', personalId: '001203012345' }, childName: 'Lê Minh', dateOfBirth: '2026-02-20' };

for (const target of databaseTargets()) {
  t.test(`task list on ${target.name}`, async (t) => {
    const ctx = await buildTestApp(target, {}, { formSchemaDir: TEST_SCHEMA_DIR, autoStart: false });
    t.teardown(() => ctx.close());
    const { app } = ctx;
    const db = ctx.handle.db;
    await addTestProcedure(ctx, { taskOutcomes: { reception: ['accept', 'refuse'], appraisal: ['ok', 'refuse', 'supplement'], approval: ['approve'], delivery: ['returned'] } });
    const hash = await hashPassword(DEMO_PASSWORD);
    await db.insertInto('users').values([
      { username: 'specialist2', full_name: 'Võ Văn Hai', email: null, roles: ['specialist'], agency_id: 'xa-demo-ubnd', password_hash: hash },
      { username: 'police', full_name: 'Cán bộ Công an', email: null, roles: ['specialist'], agency_id: 'ca-xa-demo', password_hash: hash },
    ]).execute();
    ctx.clock.set('2026-03-02T02:00:00Z');
    const [reception, specialist, specialist2, leader, supervisor, police] = await Promise.all(['reception', 'specialist', 'specialist2', 'leader', 'supervisor', 'police'].map(async (u) => bearer(await ctx.token(u))));
    const post = (url: string, headers: Record<string, string>, payload: object = {}) => app.inject({ method: 'POST', url, headers, payload });
    const tasks = async (headers: Record<string, string>, query = '') => (await app.inject({ url: `/api/tasks${query}`, headers })).json();

    const dossier = (await post('/api/dossiers', reception, { procedureId: 'test-procedure', channel: 'in_person', formData })).json();
    await settle(app);
    const d1 = (await app.inject({ url: `/api/dossiers/${dossier.code}`, headers: reception })).json();
    t.ok(d1.processInstanceKey, 'the process instance is started from the outbox');

    t.test('the reception task of a counter dossier completes itself; the appraisal reaches the unit\'s specialists', async (t) => {
      const list = await tasks(specialist);
      t.equal(list.total, 1);
      const [task] = list.items;
      t.match(task, { step: 'appraisal', agencyId: 'xa-demo-ubnd', candidateGroups: ['specialist'], assignee: null, dossier: { code: dossier.code, applicantName: 'Lê Thị Thu' }, outcomes: ['ok', 'refuse', 'supplement'] });
      t.equal(task.dueAt, '2026-03-02T02:00:00.000Z');
      t.equal((await tasks(reception)).total, 0, 'not in the receptionist\'s list');
      t.equal((await tasks(police)).total, 0, 'not in another agency\'s list');
      t.equal((await app.inject({ url: `/api/tasks/${task.key}`, headers: police })).statusCode, 404);
      t.equal((await tasks(supervisor, '?view=agency')).total, 1, 'the supervisor watches the agency');
      t.equal((await app.inject({ url: '/api/tasks?view=agency', headers: specialist })).statusCode, 403);
    });

    t.test('claim: the second claimer gets 409; claiming forwards the dossier to processing', async (t) => {
      const [task] = (await tasks(specialist)).items;
      const first = await post(`/api/tasks/${task.key}/claim`, specialist);
      t.equal(first.statusCode, 200, first.body);
      t.equal(first.json().assignee.username, 'specialist');
      const second = await post(`/api/tasks/${task.key}/claim`, specialist2);
      t.equal(second.statusCode, 409);
      t.equal(second.json().code, 'TASK_CLAIMED');
      const steal = await post(`/api/tasks/${task.key}/complete`, specialist2, { variables: { appraisal: { outcome: 'ok' } } });
      t.equal(steal.statusCode, 409, 'completing a task someone else claimed');
      t.equal((await app.engine.getUserTask(task.key)).assignee, first.json().assignee.id, 'assigned in the engine too');
      t.equal((await app.inject({ url: `/api/dossiers/${dossier.code}`, headers: specialist })).json().status, 'processing');
      t.equal((await tasks(specialist, '?view=mine')).total, 1);
      t.equal((await tasks(specialist2)).total, 0, 'a claimed task leaves the group view');
    });

    t.test('a form that fails its schema or the procedure\'s outcomes is refused, naming the field', async (t) => {
      const [task] = (await tasks(specialist)).items;
      const bad = await post(`/api/tasks/${task.key}/complete`, specialist, { variables: { appraisal: { outcome: 'maybe' } } });
      t.equal(bad.statusCode, 400);
      t.ok(bad.json().details.some((d: { field: string }) => d.field.startsWith('variables.appraisal')), bad.body);
      const notHere = await post(`/api/tasks/${task.key}/complete`, specialist, { variables: { appraisal: { outcome: 'verify', note: 'Xác minh tại nơi cư trú' } } });
      t.equal(notHere.statusCode, 400);
      t.equal(notHere.json().code, 'TASK_OUTCOME_NOT_ALLOWED');
      t.equal((await app.engine.getUserTask(task.key)).state, 'CREATED', 'nothing completed');
    });

    t.test('appraisal, approval (the dossier is decided) and result return (returned), through the task list', async (t) => {
      const [appraisal] = (await tasks(specialist)).items;
      const done = await post(`/api/tasks/${appraisal.key}/complete`, specialist, { variables: { appraisal: { outcome: 'ok', note: 'Đủ điều kiện' } } });
      t.equal(done.statusCode, 200, done.body);
      t.equal(done.json().state, 'COMPLETED');
      await settle(app);
      const [approval] = (await tasks(leader)).items;
      t.equal(approval.step, 'approval');
      const approved = await post(`/api/tasks/${approval.key}/complete`, leader, { variables: { approval: { outcome: 'approve' } } });
      t.equal(approved.statusCode, 200, approved.body);
      t.equal((await app.inject({ url: `/api/dossiers/${dossier.code}`, headers: leader })).json().status, 'decided');
      await settle(app);
      const [delivery] = (await tasks(reception)).items;
      t.equal(delivery.step, 'delivery');
      t.equal(delivery.agencyId, 'xa-demo', 'result return is the centre\'s');
      const returned = await post(`/api/tasks/${delivery.key}/complete`, reception, { variables: { result: { outcome: 'returned', channel: 'truc_tiep' } } });
      t.equal(returned.statusCode, 200, returned.body);
      await settle(app);
      t.equal((await app.inject({ url: `/api/dossiers/${dossier.code}`, headers: reception })).json().status, 'returned');
      t.equal((await app.engine.getProcessInstance(d1.processInstanceKey))!.state, 'COMPLETED');
      const audit = await db.selectFrom('audit_log').select('action').where('action', 'like', 'task.%').execute();
      t.same(audit.map((a) => a.action).sort(), ['task.claim', 'task.claim', 'task.claim', 'task.complete', 'task.complete', 'task.complete'], 'one claim each (completing a free task claims it), one completion each');
    });

    t.test('an action taken on the dossier page completes the matching task', async (t) => {
      const other = (await post('/api/dossiers', reception, { procedureId: 'test-procedure', channel: 'in_person', formData })).json();
      await settle(app);
      const [appraisal] = (await tasks(specialist, `?dossierCode=${other.code}`)).items;
      await post(`/api/tasks/${appraisal.key}/complete`, specialist, { variables: { appraisal: { outcome: 'ok' } } });
      await settle(app);
      t.equal((await tasks(leader, `?dossierCode=${other.code}`)).total, 1);
      const decided = await post(`/api/dossiers/${other.code}/decide`, leader, { outcome: 'approved' });
      t.equal(decided.statusCode, 200, decided.body);
      await settle(app);
      t.equal((await tasks(leader, `?dossierCode=${other.code}`)).total, 0, 'the approval task is completed from the dossier event');
      t.equal((await tasks(reception, `?dossierCode=${other.code}`)).items[0]?.step, 'delivery');
    });

    t.test('handing a task to a colleague, and unclaiming', async (t) => {
      const third = (await post('/api/dossiers', reception, { procedureId: 'test-procedure', channel: 'in_person', formData })).json();
      await settle(app);
      const [task] = (await tasks(specialist, `?dossierCode=${third.code}`)).items;
      await post(`/api/tasks/${task.key}/claim`, specialist);
      const colleague = await db.selectFrom('users').select('id').where('username', '=', 'specialist2').executeTakeFirstOrThrow();
      const policeUser = await db.selectFrom('users').select('id').where('username', '=', 'police').executeTakeFirstOrThrow();
      t.equal((await post(`/api/tasks/${task.key}/handoff`, specialist, { assigneeId: policeUser.id })).statusCode, 400, 'not to another agency');
      const handed = await post(`/api/tasks/${task.key}/handoff`, specialist, { assigneeId: colleague.id });
      t.equal(handed.statusCode, 200, handed.body);
      t.equal(handed.json().assignee.username, 'specialist2');
      t.equal((await post(`/api/tasks/${task.key}/unclaim`, specialist)).statusCode, 409, 'only the assignee unclaims');
      t.equal((await post(`/api/tasks/${task.key}/unclaim`, specialist2)).statusCode, 200);
      t.equal((await app.engine.getUserTask(task.key)).assignee, null);
    });
  });
}
