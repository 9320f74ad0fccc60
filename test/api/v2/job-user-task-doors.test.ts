/**
 * A job-based user task (no `zeebe:userTask`) gets the same answer at every door: the engine runs it as
 * Zeebe does (a job of type `io.camunda.zeebe:userTask`), so `/v2/deployments` deploys it for the
 * engine's own processes; a procedure's process refuses it — `POST /api/procedures/:id/check`,
 * `POST /api/procedures/:id/versions` and `POST /v2/deployments` name the same elements and rules.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { databaseTargets } from '../../helpers/databases.ts';
import { bearer, buildTestApp } from '../../helpers/app.ts';

const shipped = readFileSync(new URL('../../../processes/copy-certification.bpmn', import.meta.url), 'utf8');
const jobBased = shipped.replace(/(<bpmn:userTask id="Task_appraisal"[\s\S]*?)<zeebe:userTask \/>/, '$1');
const FREE = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="D" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="job-user-task-door" isExecutable="true">
    <bpmn:startEvent id="S" />
    <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="review" />
    <bpmn:userTask id="review"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="specialist" /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="E" />
    <bpmn:endEvent id="E" />
  </bpmn:process>
</bpmn:definitions>`;

function multipart(name: string, content: string) {
  const boundary = '----motcua-doors';
  return { payload: `--${boundary}\r\nContent-Disposition: form-data; name="resources"; filename="${name}"\r\nContent-Type: application/xml\r\n\r\n${content}\r\n--${boundary}--\r\n`, contentType: `multipart/form-data; boundary=${boundary}` };
}

const [target] = databaseTargets();
t.test('a job-based user task: the same answer at every door', async (t) => {
  const ctx = await buildTestApp(target!);
  t.teardown(() => ctx.close());
  const { app } = ctx;
  const controller = bearer(await ctx.token('controller'));
  const admin = bearer(await ctx.token('admin'));
  const v2deploy = (headers: Record<string, string>, name: string, content: string) => {
    const { payload, contentType } = multipart(name, content);
    return app.inject({ method: 'POST', url: '/v2/deployments', headers: { ...headers, 'content-type': contentType }, payload });
  };
  const pairs = (list: Array<{ field?: string; elementId?: string; rule: string; category?: string }>) =>
    list.filter((i) => i.category === undefined || i.category === 'error').map((i) => `${i.field ?? i.elementId} ${i.rule}`).sort();
  t.not(jobBased, shipped);

  await t.test('a procedure\'s process: check, upload and /v2/deployments refuse it alike', async (t) => {
    const xmlHeaders = { ...controller, 'content-type': 'application/xml' };
    const check = await app.inject({ method: 'POST', url: '/api/procedures/copy-certification/check', headers: xmlHeaders, payload: jobBased });
    t.equal(check.json().ok, false);
    const checked = pairs(check.json().issues);
    t.ok(checked.includes('Task_appraisal motcua/camunda-user-task'), checked.join('; '));
    const upload = await app.inject({ method: 'POST', url: '/api/procedures/copy-certification/versions', headers: xmlHeaders, payload: jobBased });
    t.equal(upload.statusCode, 400, upload.body.slice(0, 600));
    const viaV2 = await v2deploy(controller, 'copy.bpmn', jobBased);
    t.equal(viaV2.statusCode, 400, viaV2.body);
    t.same(pairs(upload.json().details), checked, 'the upload names what the check names');
    t.same(pairs(viaV2.json().details), checked, '/v2/deployments names what the check names');
  });

  await t.test('the engine\'s own process: /v2/deployments deploys it and it runs as a job', async (t) => {
    const res = await v2deploy(admin, 'free.bpmn', FREE);
    t.equal(res.statusCode, 200, res.body);
    const { processInstanceKey } = await app.engine.createProcessInstance({ bpmnProcessId: 'job-user-task-door' });
    const jobs = await app.engine.activateJobs({ type: 'io.camunda.zeebe:userTask', maxJobsToActivate: 10, timeout: 60_000, worker: 'test' });
    const mine = jobs.filter((j) => j.processInstanceKey === processInstanceKey);
    t.equal(mine.length, 1);
    t.equal(mine[0]!.customHeaders['io.camunda.zeebe:candidateGroups'], '["specialist"]');
    t.same(await app.engine.listUserTasks({ processInstanceKey }), [], 'no Camunda user task: it is a job');
  });
});
