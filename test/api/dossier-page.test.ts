/**
 * What the dossier page and the reception desk read besides the dossier itself: the review
 * deadline of an online dossier (Decree 118 Art. 17.2, 8 working hours), the registered dossiers
 * oldest first, and the process diagram with its active, completed and incident elements.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { databaseTargets } from '../helpers/databases.ts';
import { bearer, buildTestApp, DEMO_PASSWORD } from '../helpers/app.ts';
import { settle } from '../helpers/settle.ts';
import { hashPassword } from '../../api/services/passwords.ts';
import { publishVersion } from '../../api/services/catalogue.ts';

const schemaDir = new URL('../fixtures/schemas', import.meta.url).pathname;
const processXml = readFileSync(new URL('../fixtures/processes/task-test.bpmn', import.meta.url), 'utf8');
const formData = { applicant: { fullName: 'Lê Thị Thu', personalId: '001203012345' }, childName: 'Lê Minh', dateOfBirth: '2026-02-20' };
const incidentXml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="D" targetNamespace="http://motcua.vn/test">
  <bpmn:process id="motcua-incident-test" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Task_check" />
    <bpmn:serviceTask id="Task_check"><bpmn:extensionElements><zeebe:taskDefinition type="test-check" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="Task_check" targetRef="End" />
    <bpmn:endEvent id="End" />
  </bpmn:process>
</bpmn:definitions>`;

for (const target of databaseTargets()) {
  t.test(`dossier page data on ${target.name}`, async (t) => {
    const ctx = await buildTestApp(target, {}, { formSchemaDir: schemaDir, autoStart: false });
    t.teardown(() => ctx.close());
    const { app } = ctx;
    const db = ctx.handle.db;
    const procedure = (id: string, processId: string) => ({
      id, national_code: null, name_vi: 'Thủ tục thử nghiệm', name_en: 'Test', field: 'Hộ tịch', legal_limit: JSON.stringify({ kind: 'workingDays', days: 3 }),
      online_level: 'full', process_id: processId, form_schema_id: 'test-procedure',
    });
    await db.insertInto('procedures').values([procedure('test-procedure', 'motcua-task-test'), procedure('incident-procedure', 'motcua-incident-test')]).execute();
    await publishVersion(db, app.engine, { procedureId: 'test-procedure', bpmnProcessId: 'motcua-task-test', resourceName: 'test-procedure.bpmn', xml: processXml, source: 'upload', publishedBy: null, now: new Date() });
    await app.engine.deployResources([{ name: 'incident-procedure.bpmn', content: incidentXml }]);
    await db.insertInto('users').values({ username: 'police', full_name: 'Cán bộ Công an', email: null, roles: ['specialist'], agency_id: 'ca-xa-demo', password_hash: await hashPassword(DEMO_PASSWORD) }).execute();
    const [reception, specialist, police] = await Promise.all(['reception', 'specialist', 'police'].map(async (u) => bearer(await ctx.token(u))));
    const post = (url: string, payload: object = {}) => app.inject({ method: 'POST', url, headers: reception, payload });
    const get = async (url: string, headers = reception) => (await app.inject({ url, headers })).json();

    ctx.clock.set('2026-03-02T02:00:00Z'); // Monday 09:00 in Vietnam
    const online = (await post('/api/dossiers', { procedureId: 'test-procedure', channel: 'online', formData })).json();
    ctx.clock.set('2026-03-02T03:00:00Z');
    const later = (await post('/api/dossiers', { procedureId: 'test-procedure', channel: 'online', formData })).json();

    t.test('an online dossier must be reviewed within 8 working hours of its submission', async (t) => {
      t.equal(online.status, 'registered');
      t.equal(online.reviewDueAt, '2026-03-03T02:30:00.000Z', 'Mon 09:00 + 8 working hours → Tue 09:30 (+07:00)');
      t.equal(online.reviewSla, 'in_time');
      ctx.clock.set('2026-03-03T01:00:00Z'); // Tuesday 08:00: 1.5 working hours left
      t.equal((await get(`/api/dossiers/${online.code}`)).reviewSla, 'due_soon');
      ctx.clock.set('2026-03-03T03:00:00Z');
      t.match(await get(`/api/dossiers/${online.code}`), { reviewSla: 'overdue', reviewDueAt: '2026-03-03T02:30:00.000Z' });
      const counter = (await post('/api/dossiers', { procedureId: 'test-procedure', channel: 'in_person', formData })).json();
      t.match(counter, { status: 'accepted', reviewDueAt: null, reviewSla: null }, 'not for a dossier received at the counter');
    });

    t.test('registered dossiers are listed oldest submitted first', async (t) => {
      const codes = async (query: string) => (await get(`/api/dossiers${query}`)).items.map((d: { code: string }) => d.code);
      t.same(await codes('?status=registered'), [online.code, later.code]);
      await db.updateTable('dossiers').set({ submitted_at: '2026-03-02T01:00:00Z' }).where('code', '=', later.code).execute();
      t.same(await codes('?status=registered'), [later.code, online.code], 'by submission time, not by code');
      t.same(await codes('?status=registered&sort=-submitted'), [online.code, later.code]);
    });

    t.test('the process diagram before the instance starts: the procedure\'s current version, nothing marked', async (t) => {
      const process = await get(`/api/dossiers/${online.code}/process`);
      t.match(process, { processInstanceKey: null, bpmnProcessId: 'motcua-task-test', version: 1, active: [], completed: [], incidents: [] });
      t.match(process.xml, /<bpmn:userTask id="Task_appraisal"/);
      t.equal((await app.inject({ url: `/api/dossiers/${online.code}/process`, headers: police })).statusCode, 404, 'another agency');
      t.equal((await app.inject({ url: '/api/dossiers/XADEMO-000000-0000/process', headers: reception })).statusCode, 404);
    });

    t.test('once accepted: active and completed elements of its instance', async (t) => {
      const accepted = await post(`/api/dossiers/${online.code}/accept`);
      t.equal(accepted.statusCode, 200, accepted.body);
      t.match(accepted.json(), { status: 'accepted', reviewDueAt: null, reviewSla: null });
      await settle(app);
      const process = await get(`/api/dossiers/${online.code}/process`, specialist);
      t.match(process, { processInstanceKey: /^\d+$/, bpmnProcessId: 'motcua-task-test', version: 1, incidents: [] });
      t.same(process.active, ['Task_appraisal'], 'the reception task, mirrored from the acceptance, is done');
      t.same(process.completed.sort(), ['Start', 'Task_reception']);
      t.notOk(process.completed.includes('motcua-task-test'), 'the process itself is not an element of the diagram');
    });

    t.test('procedures found by name, accents and case ignored, or by national code', async (t) => {
      const ids = async (q: string) => (await get(`/api/procedures?q=${encodeURIComponent(q)}`)).map((p: { id: string }) => p.id).sort();
      t.ok((await ids('KHAI SINH')).includes('birth-registration'), 'Đăng ký khai sinh');
      t.ok((await ids('đăng ký khai sinh')).includes('birth-registration'), 'with its accents too');
      t.same(await ids('1.001193'), ['birth-registration'], 'national code');
      t.ok((await ids('birth registration')).includes('birth-registration'), 'English name');
      t.same(await ids('thu nghiem'), ['incident-procedure', 'test-procedure']);
      t.same(await ids('zzz'), []);
      t.ok((await get('/api/procedures')).length >= 11, 'without q: the whole catalogue');
    });

    t.test('an incident is reported on its element', async (t) => {
      const dossier = (await post('/api/dossiers', { procedureId: 'incident-procedure', channel: 'in_person', formData })).json();
      await settle(app);
      const [job] = await app.engine.activateJobs({ type: 'test-check', maxJobsToActivate: 1, timeout: 60_000, worker: 'test' });
      t.ok(job, 'the service task\'s job');
      await app.engine.failJob({ jobKey: job!.key, retries: 0, errorMessage: 'Không kiểm tra được' });
      await settle(app);
      const process = await get(`/api/dossiers/${dossier.code}/process`);
      t.match(process, { bpmnProcessId: 'motcua-incident-test', active: ['Task_check'], completed: ['Start'], incidents: ['Task_check'] });
    });
  });
}
