/**
 * The adapter against a real Camunda 8.8 cluster, run only when `ZEEBE_TEST_GRPC_ADDRESS` is set
 * (e.g. `grpc://localhost:26500` with deploy/docker-compose.camunda.yml up; `ZEEBE_TEST_REST_ADDRESS`
 * defaults to `http://localhost:8080`, auth none). Without it the file reports one explicit skip.
 * REST reads are eventually consistent (exporter → secondary storage): they are awaited with bounded polling.
 */
import { randomBytes } from 'node:crypto';
import t, { type Test } from 'tap';
import { NotFoundError } from '../../engine-adapter/errors.ts';
import type { UserTask } from '../../engine-adapter/workflow-engine.ts';
import { createZeebeEngine, DeploymentRejectedError, type ZeebeEngine } from '../../engine-adapter/zeebe/index.ts';

const grpcAddress = process.env.ZEEBE_TEST_GRPC_ADDRESS;

function processXml(id: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d_${id}" targetNamespace="http://motcua">
  <bpmn:message id="msg" name="${id}-bo-sung"><bpmn:extensionElements><zeebe:subscription correlationKey="=maHoSo"/></bpmn:extensionElements></bpmn:message>
  <bpmn:process id="${id}" isExecutable="true">
    <bpmn:startEvent id="s"/>
    <bpmn:serviceTask id="kiem-tra"><bpmn:extensionElements><zeebe:taskDefinition type="${id}-kiem-tra" retries="3"/><zeebe:taskHeaders><zeebe:header key="sla" value="P1D"/></zeebe:taskHeaders></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:intermediateCatchEvent id="cho-bo-sung"><bpmn:messageEventDefinition messageRef="msg"/></bpmn:intermediateCatchEvent>
    <bpmn:userTask id="tham-dinh" name="Thẩm định"><bpmn:extensionElements><zeebe:userTask/><zeebe:assignmentDefinition candidateGroups="mot-cua"/></bpmn:extensionElements></bpmn:userTask>
    <bpmn:endEvent id="e"/>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="kiem-tra"/>
    <bpmn:sequenceFlow id="f2" sourceRef="kiem-tra" targetRef="cho-bo-sung"/>
    <bpmn:sequenceFlow id="f3" sourceRef="cho-bo-sung" targetRef="tham-dinh"/>
    <bpmn:sequenceFlow id="f4" sourceRef="tham-dinh" targetRef="e"/>
  </bpmn:process>
</bpmn:definitions>`;
}

/** Polls `read` until `ok` holds (bounded: 60 tries, 500 ms apart). */
async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  for (let i = 0; ; i++) {
    const v = await read();
    if (ok(v) || i >= 60) return v;
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function scenario(t: Test, engine: ZeebeEngine): Promise<void> {
  const id = `motcua-${randomBytes(4).toString('hex')}`;
  const [deployed] = await engine.deployResources([{ name: `${id}.bpmn`, content: processXml(id) }]);
  t.match(deployed, { bpmnProcessId: id, version: 1 });
  const maHoSo = `HS-${id}`;
  const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { maHoSo } });
  const jobs = await eventually(() => engine.activateJobs({ type: `${id}-kiem-tra`, maxJobsToActivate: 5, timeout: 60_000, worker: 'cluster-test' }), (j) => j.length > 0);
  t.equal(jobs.length, 1);
  t.same(jobs[0]!.customHeaders, { sla: 'P1D' });
  t.same(jobs[0]!.variables, { maHoSo });
  await engine.completeJob(jobs[0]!.key, { hopLe: true });
  const published = await engine.publishMessage({ name: `${id}-bo-sung`, correlationKey: maHoSo, timeToLive: 60_000, messageId: `${id}-1`, variables: { boSung: 1 } });
  t.equal(published.duplicate, false);
  t.equal((await engine.publishMessage({ name: `${id}-bo-sung`, correlationKey: maHoSo, timeToLive: 60_000, messageId: `${id}-1` })).duplicate, true);
  const tasks = await eventually(() => engine.listUserTasks({ processInstanceKey, state: 'CREATED' }), (l: UserTask[]) => l.length > 0);
  t.match(tasks, [{ elementId: 'tham-dinh', name: 'Thẩm định', candidateGroups: ['mot-cua'] }]);
  await engine.assignUserTask(tasks[0]!.key, 'can-bo-1');
  await engine.completeUserTask(tasks[0]!.key, { ketQua: 'dat' });
  const done = await eventually(() => engine.getProcessInstance(processInstanceKey), (p) => p?.state === 'COMPLETED');
  t.match(done, { state: 'COMPLETED', variables: { maHoSo, hopLe: true, boSung: 1, ketQua: 'dat' } });
  const history = await engine.getProcessInstanceHistory(processInstanceKey);
  const completed = history.filter((h) => h.state === 'COMPLETED' && h.elementId !== id).map((h) => h.elementId);
  t.same(completed.sort(), ['cho-bo-sung', 'e', 'kiem-tra', 's', 'tham-dinh'], 'every flow node completed');
  t.match(history.find((h) => h.elementId === 'kiem-tra'), { elementType: 'bpmn:ServiceTask' });
}

if (!grpcAddress) {
  t.skip('Zeebe cluster suite: no cluster configured here (set ZEEBE_TEST_GRPC_ADDRESS, e.g. grpc://localhost:26500, with deploy/docker-compose.camunda.yml up)', () => undefined);
} else {
  t.test(`against ${grpcAddress}`, async (t) => {
    const engine = createZeebeEngine({ grpcAddress, restAddress: process.env.ZEEBE_TEST_REST_ADDRESS ?? 'http://localhost:8080', auth: { strategy: 'NONE' }, maxRetries: 3 });
    t.teardown(() => engine.stop());
    t.match(await engine.checkReady(), { ready: true });
    await engine.start();
    await t.test('deploy, instance, job, message, user task, read models', (t) => scenario(t, engine));
    await t.test('the cluster rejects an invalid deployment with its reason', async (t) => {
      const bad = processXml('khong-hop-le').replace(/<zeebe:taskDefinition[^>]*\/>/, '');
      const error = await engine.deployResources([{ name: 'khong-hop-le.bpmn', content: bad }]).catch((e: unknown) => e);
      t.type(error, DeploymentRejectedError);
      t.match((error as Error).message, /taskDefinition/);
    });
    await t.test('unknown process and job are NOT_FOUND', async (t) => {
      await t.rejects(engine.createProcessInstance({ bpmnProcessId: 'khong-ton-tai-xyz' }), NotFoundError);
      await t.rejects(engine.completeJob('2251799813999999'), NotFoundError);
    });
  });
}
