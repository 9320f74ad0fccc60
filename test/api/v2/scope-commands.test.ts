/**
 * `/v2` commands obey `/api`'s rules (issue 11): a dossier's user tasks go through the task list's
 * commands (scope, group, assignee, form, outcomes, dossier state, audit); a dossier's instance is not
 * cancelled nor its variables set behind its back; a procedure's process is published only as
 * `POST /api/procedures/:id/versions` publishes it; every change writes its audit row.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { databaseTargets } from '../../helpers/databases.ts';
import { settle } from '../../helpers/settle.ts';
import { B_USERS, openTwoCommunes } from './two-communes.ts';

const shipped = readFileSync(new URL('../../../processes/copy-certification.bpmn', import.meta.url), 'utf8');
const FREE_PROCESS = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="__ID__" isExecutable="true">
    <bpmn:startEvent id="S"><bpmn:outgoing>f</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f" sourceRef="S" targetRef="E" />
    <bpmn:endEvent id="E"><bpmn:incoming>f</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;

/** A multipart body of BPMN `resources`, as Camunda clients send a deployment. */
function multipart(files: Array<{ name: string; content: string }>) {
  const boundary = '----motcua-v2-test';
  const parts = files.map((f) => `--${boundary}\r\nContent-Disposition: form-data; name="resources"; filename="${f.name}"\r\nContent-Type: application/xml\r\n\r\n${f.content}\r\n`);
  return { payload: `${parts.join('')}--${boundary}--\r\n`, contentType: `multipart/form-data; boundary=${boundary}` };
}

const [target] = databaseTargets();
t.test(`/v2 commands go through the dossier's rules (${target!.name})`, async (t) => {
  const two = await openTwoCommunes(target!);
  t.teardown(() => two.ctx.close());
  const { app } = two.ctx;
  const db = two.ctx.handle.db;
  const { b } = two;
  const status = async (code: string) => (await db.selectFrom('dossiers').select('status').where('code', '=', code).executeTakeFirstOrThrow()).status;
  const deploy = async (username: string, files: Array<{ name: string; content: string }>) => {
    const { payload, contentType } = multipart(files);
    return app.inject({ method: 'POST', url: '/v2/deployments', headers: { ...(await two.headers(username)), 'content-type': contentType }, payload });
  };

  t.test('a specialist of another commune neither assigns nor completes the appraisal', async (t) => {
    t.equal((await two.call('specialist', 'POST', `/v2/user-tasks/${b.appraisal}/assignment`, { assignee: 'specialist' })).statusCode, 404);
    t.equal((await two.call('specialist', 'POST', `/v2/user-tasks/${b.appraisal}/completion`, { variables: { appraisal: { outcome: 'ok' } } })).statusCode, 404);
    t.equal((await app.engine.getUserTask(b.appraisal)).state, 'CREATED');
  });

  t.test('the commune\'s specialist claims and completes through /v2 as through the task list', async (t) => {
    const specialist = B_USERS.specialist.username;
    const claimed = await two.call(specialist, 'POST', `/v2/user-tasks/${b.appraisal}/assignment`, { assignee: specialist });
    t.equal(claimed.statusCode, 204, claimed.body);
    t.equal(await status(b.code), 'processing', 'taking up the appraisal forwards the dossier to processing');
    t.match(await two.audits('task.claim'), [{ actor_username: specialist, target_id: b.appraisal, agency_id: 'xa-khac-ubnd' }]);
    const me = await db.selectFrom('users').select('id').where('username', '=', specialist).executeTakeFirstOrThrow();
    t.equal((await app.engine.getUserTask(b.appraisal)).assignee, me.id, 'assigned in the engine');

    const bad = await two.call(specialist, 'POST', `/v2/user-tasks/${b.appraisal}/completion`, { variables: { appraisal: { outcome: 'maybe' } } });
    t.equal(bad.statusCode, 400, 'the step\'s form');
    t.match(bad.headers['content-type'], /application\/problem\+json/);
    t.ok(bad.json().details.some((d: { field: string }) => d.field.startsWith('variables.appraisal')), bad.body);
    const empty = await two.call(specialist, 'POST', `/v2/user-tasks/${b.appraisal}/completion`, {});
    t.equal(empty.statusCode, 400, 'no form at all is refused as the task list refuses it');
    const notAllowed = await two.call(specialist, 'POST', `/v2/user-tasks/${b.appraisal}/completion`, { variables: { appraisal: { outcome: 'verify', note: 'Xác minh' } } });
    t.equal(notAllowed.statusCode, 400, 'the procedure\'s outcomes');
    t.match(notAllowed.json().detail, /outcome/i);
    t.equal((await app.engine.getUserTask(b.appraisal)).state, 'CREATED', 'nothing completed');

    const done = await two.call(specialist, 'POST', `/v2/user-tasks/${b.appraisal}/completion`, { variables: { appraisal: { outcome: 'ok', note: 'Đủ điều kiện' } } });
    t.equal(done.statusCode, 204, done.body);
    t.match(await two.audits('task.complete'), [{ actor_username: specialist, target_id: b.appraisal }]);
    await settle(app);
    t.equal((await app.engine.getUserTask(b.appraisal)).state, 'COMPLETED');
  });

  t.test('a receptionist cannot complete the leader\'s approval; the leader\'s completion decides the dossier', async (t) => {
    await settle(app);
    const [approval] = await app.engine.listUserTasks({ processInstanceKey: b.instance, state: 'CREATED' });
    t.equal(approval?.customHeaders.step, 'approval');
    const viaV2 = await two.call(B_USERS.receptionist.username, 'POST', `/v2/user-tasks/${approval!.key}/completion`, { variables: { approval: { outcome: 'approve' } } });
    const viaApi = await two.call(B_USERS.receptionist.username, 'POST', `/api/tasks/${approval!.key}/complete`, { variables: { approval: { outcome: 'approve' } } });
    t.equal(viaV2.statusCode, 403, viaV2.body);
    t.equal(viaV2.statusCode, viaApi.statusCode, 'the status /api gives');
    t.equal(viaV2.json().title, 'FORBIDDEN');
    t.equal((await app.engine.getUserTask(approval!.key)).state, 'CREATED');
    t.equal(await status(b.code), 'processing');

    const patched = await two.call(B_USERS.leader.username, 'PATCH', `/v2/user-tasks/${approval!.key}`, { changeset: { candidateGroups: ['receptionist'] } });
    t.equal(patched.statusCode, 403, 'a dossier step\'s group is its process\'s');
    t.match(patched.json().detail, /handoff/);

    const leader = B_USERS.leader.username;
    const approved = await two.call(leader, 'POST', `/v2/user-tasks/${approval!.key}/completion`, { variables: { approval: { outcome: 'approve' } } });
    t.equal(approved.statusCode, 204, approved.body);
    await settle(app);
    t.equal(await status(b.code), 'decided', 'the decision is in the dossier');
    const history = (await two.call(leader, 'GET', `/api/dossiers/${b.code}/history`)).json();
    t.ok(JSON.stringify(history).includes('decide'), 'and in its history');
  });

  t.test('cancelling a dossier\'s instance is refused, pointing to the dossier\'s own actions', async (t) => {
    const res = await two.call(B_USERS.admin.username, 'POST', `/v2/process-instances/${b.instance}/cancellation`, {});
    t.equal(res.statusCode, 409, res.body);
    t.match(res.json(), { title: 'INVALID_STATE', dossierCode: b.code });
    t.match(res.json().detail, `/api/dossiers/${b.code}/stop`);
    t.match(res.json().detail, `/api/dossiers/${b.code}/request-withdrawal`);
    t.match(await app.engine.getProcessInstance(b.instance), { state: 'ACTIVE' });
    t.equal((await two.call('admin', 'POST', `/v2/process-instances/${b.instance}/cancellation`, {})).statusCode, 404, 'another commune\'s admin: 404');

    const vars = await two.call(B_USERS.admin.username, 'PUT', `/v2/element-instances/${b.instance}/variables`, { variables: { approval: { outcome: 'approve' } } });
    t.equal(vars.statusCode, 409, 'a dossier\'s variables are its tasks\' and actions\'');
    const start = await two.call(B_USERS.admin.username, 'POST', '/v2/process-instances', { processDefinitionId: 'motcua-task-test', variables: { dossierCode: b.code } });
    t.equal(start.statusCode, 403, 'a dossier\'s process is started by its reception');
    const definition = (await app.engine.getProcessInstance(b.instance))!.processDefinitionKey;
    t.equal((await two.call(B_USERS.admin.username, 'POST', '/v2/process-instances', { processDefinitionKey: definition })).statusCode, 403, 'by key too');
  });

  t.test('the engine\'s own tenant: instances of no dossier are the operators\', audited', async (t) => {
    const deployed = await deploy('admin', [{ name: 'tich-hop.bpmn', content: FREE_PROCESS.replace('__ID__', 'tich-hop-v2') }]);
    t.equal(deployed.statusCode, 200, deployed.body);
    t.match(await two.audits('engine.deploy'), [{ actor_username: 'admin' }]);
    const reserved = await two.call('admin', 'POST', '/v2/process-instances', { processDefinitionId: 'tich-hop-v2', variables: { dossierCode: b.code } });
    t.equal(reserved.statusCode, 400, 'dossierCode would tie it to a dossier');
    t.match(reserved.json().fields, [{ field: 'variables.dossierCode' }]);
    const started = await two.call('admin', 'POST', '/v2/process-instances', { processDefinitionId: 'tich-hop-v2', variables: { nguon: 'x' } });
    t.equal(started.statusCode, 200, started.body);
    t.equal(started.json().tenantId, '<default>');
    t.match(await two.audits('engine.process_instance.create'), [{ actor_username: 'admin', target_id: started.json().processInstanceKey }]);
    t.equal((await two.call('specialist', 'GET', `/v2/process-instances/${started.json().processInstanceKey}`)).statusCode, 404, 'an officer does not see it');
    t.equal((await two.call(B_USERS.admin.username, 'GET', `/v2/process-instances/${started.json().processInstanceKey}`)).statusCode, 200, 'an operator does');

    // A dossier whose start is in flight (its instance key not recorded yet) is found by the code its instance carries.
    await db.updateTable('dossiers').set({ process_instance_key: null }).where('code', '=', two.bJob.code).execute();
    const inFlight = await app.engine.createProcessInstance({ bpmnProcessId: 'motcua-scope-job', variables: { dossierCode: two.bJob.code } });
    t.equal((await two.call('admin', 'GET', `/v2/process-instances/${inFlight.processInstanceKey}`)).statusCode, 404, 'another commune\'s admin does not see it');
    t.equal((await two.call('admin', 'POST', `/v2/process-instances/${inFlight.processInstanceKey}/cancellation`, {})).statusCode, 404);
    t.equal((await two.call(B_USERS.admin.username, 'POST', `/v2/process-instances/${inFlight.processInstanceKey}/cancellation`, {})).statusCode, 409, 'its own admin is sent to the dossier\'s actions');
    await app.engine.cancelProcessInstance(inFlight.processInstanceKey);
    await db.updateTable('dossiers').set({ process_instance_key: two.bJob.instance }).where('code', '=', two.bJob.code).execute();

    const [incident] = await app.engine.listIncidents({ processInstanceKey: two.bJob.instance });
    await app.engine.updateJobRetries(incident!.jobKey!, 1);
    t.equal((await two.call('admin', 'POST', `/v2/incidents/${two.bJob.incident}/resolution`, {})).statusCode, 404, 'another commune\'s admin: 404');
    const resolved = await two.call(B_USERS.admin.username, 'POST', `/v2/incidents/${two.bJob.incident}/resolution`, {});
    t.equal(resolved.statusCode, 204, resolved.body);
    t.match(await two.audits('engine.incident.resolve'), [{ actor_username: B_USERS.admin.username, target_id: two.bJob.incident, agency_id: 'xa-khac-ubnd' }]);
  });

  t.test('a procedure\'s process is published as /api publishes it; other ids stay apart', async (t) => {
    const changed = shipped.replace(/name="Đối chiếu bản chính, bản sao"/, 'name="Đối chiếu bản chính với bản sao"');
    t.not(changed, shipped);
    const asAdmin = await deploy('admin', [{ name: 'copy.bpmn', content: changed }]);
    t.equal(asAdmin.statusCode, 403, 'an admin does not replace a procedure\'s process');
    const before = (await two.call('controller', 'GET', '/api/procedures/copy-certification/versions')).json();

    const broken = changed.replace(/zeebe:taskDefinition type="[^"]+"/, 'zeebe:taskDefinition type="khong-co-worker"');
    t.not(broken, changed);
    const rejected = await deploy('controller', [{ name: 'copy.bpmn', content: broken }]);
    t.equal(rejected.statusCode, 400, 'the same check as /api');
    t.ok(rejected.json().details.some((d: { rule: string }) => d.rule.startsWith('motcua/')), rejected.body);

    const mixed = await deploy('controller', [{ name: 'copy.bpmn', content: changed }, { name: 'other.bpmn', content: FREE_PROCESS.replace('__ID__', 'khac') }]);
    t.equal(mixed.statusCode, 400, 'a procedure\'s process is deployed alone');

    const published = await deploy('controller', [{ name: 'copy.bpmn', content: changed }]);
    t.equal(published.statusCode, 200, published.body);
    t.match(published.json().deployments, [{ processDefinition: { processDefinitionId: 'motcua-copy-certification', processDefinitionVersion: before.length + 1 } }]);
    const after = (await two.call('controller', 'GET', '/api/procedures/copy-certification/versions')).json();
    t.match(after[0], { version: before.length + 1, source: 'upload', publishedBy: 'controller' }, 'in the procedure\'s version list');
    t.match(await two.audits('procedure.publish_version'), [{ actor_username: 'controller', target_id: 'copy-certification' }]);

    const squat = await deploy('admin', [{ name: 'x.bpmn', content: FREE_PROCESS.replace('__ID__', 'motcua-chua-co') }]);
    t.equal(squat.statusCode, 403, 'the procedures\' namespace is reserved');
  });
});
