/** The exact gRPC requests the adapter sends for each command, and the mapping of the answers. */
import t from 'tap';
import { NotFoundError } from '../../engine-adapter/errors.ts';
import { createZeebeEngine } from '../../engine-adapter/zeebe/index.ts';
import { FAST, openHarness } from './helpers.ts';

const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <bpmn:process id="dang-ky-khai-sinh" isExecutable="true"><bpmn:startEvent id="s"/></bpmn:process>
</bpmn:definitions>`;

t.test('deploy sends every resource with its bytes and maps the process metadata', async (t) => {
  const { engine, gateway } = await openHarness(t);
  const deployed = await engine.deployResources([{ name: 'dang-ky-khai-sinh.bpmn', content: BPMN }]);
  const [req] = gateway.requests('DeployResource');
  t.equal(req!.resources.length, 1);
  t.equal(req!.resources[0].name, 'dang-ky-khai-sinh.bpmn');
  t.equal(Buffer.from(req!.resources[0].content).toString('utf8'), BPMN);
  t.equal(deployed.length, 1);
  t.match(deployed[0], { bpmnProcessId: 'dang-ky-khai-sinh', version: 1, resourceName: 'dang-ky-khai-sinh.bpmn' });
  t.match(deployed[0]!.processDefinitionKey, /^\d+$/);
});

t.test('deploy of nothing is refused before any call', async (t) => {
  const { engine, gateway } = await openHarness(t);
  await t.rejects(engine.deployResources([]), { code: 'INVALID_ARGUMENT' });
  t.equal(gateway.requests('DeployResource').length, 0);
});

t.test('create process instance: latest version, given version, variables as JSON', async (t) => {
  const { engine, gateway } = await openHarness(t);
  const ref = await engine.createProcessInstance({ bpmnProcessId: 'dang-ky-khai-sinh', variables: { hoTen: 'Nguyễn Văn A', soGiayTo: '001099012345' } });
  await engine.createProcessInstance({ bpmnProcessId: 'dang-ky-khai-sinh', version: 2 });
  const [latest, pinned] = gateway.requests('CreateProcessInstance');
  t.equal(latest!.bpmnProcessId, 'dang-ky-khai-sinh');
  t.equal(latest!.version, -1, 'version -1: the latest');
  t.same(JSON.parse(latest!.variables), { hoTen: 'Nguyễn Văn A', soGiayTo: '001099012345' });
  t.equal(pinned!.version, 2);
  t.match(ref, { bpmnProcessId: 'dang-ky-khai-sinh', version: 3, processDefinitionKey: '2251799813685200' });
  t.match(ref.processInstanceKey, /^\d+$/);
});

t.test('create process instance by definition key: the key without a process id, variables; NOT_FOUND names the definition', async (t) => {
  const { engine, gateway } = await openHarness(t);
  const ref = await engine.createProcessInstanceByKey({ processDefinitionKey: '2251799813685211', variables: { hoTen: 'Trần Thị B' } });
  const [req] = gateway.requests('CreateProcessInstance');
  t.equal(req!.processDefinitionKey, '2251799813685211');
  t.equal(req!.bpmnProcessId, '', 'no process id: the broker resolves the definition by its key');
  t.same(JSON.parse(req!.variables), { hoTen: 'Trần Thị B' });
  t.match(ref, { processDefinitionKey: '2251799813685211', bpmnProcessId: 'dang-ky-khai-sinh', version: 3 });
  t.match(ref.processInstanceKey, /^\d+$/);
  await engine.createProcessInstanceByKey({ processDefinitionKey: '2251799813685212' });
  t.equal(gateway.requests('CreateProcessInstance')[1]!.variables, '{}', 'no variables: an empty object');

  gateway.failNext('CreateProcessInstance', { code: 5, details: "Command 'CREATE' rejected with code 'NOT_FOUND': Expected to find process definition with key '42', but none found" });
  const missing = await engine.createProcessInstanceByKey({ processDefinitionKey: '42' }).catch((e: unknown) => e);
  t.type(missing, NotFoundError);
  t.match(missing, { code: 'NOT_FOUND', message: "Process definition '42' not found" });
  t.match((missing as { detail: string }).detail, /with key '42', but none found/);
  gateway.failNext('CreateProcessInstance', { code: 14, details: 'connection reset' });
  t.match(await engine.createProcessInstanceByKey({ processDefinitionKey: '43' }), { processDefinitionKey: '43' }, 'UNAVAILABLE is retried');
  await t.rejects(engine.createProcessInstanceByKey({ processDefinitionKey: '44', variables: [1] as never }), { code: 'INVALID_VARIABLES' });
  t.same(gateway.requests('CreateProcessInstance').map((r) => r.processDefinitionKey), ['2251799813685211', '2251799813685212', '42', '43', '43']);
});

t.test('creation by definition key carries the auth metadata, as the SDK\'s own calls do', async (t) => {
  const { gateway, rest } = await openHarness(t);
  const engine = createZeebeEngine({ ...FAST, grpcAddress: gateway.address, restAddress: rest.address, auth: { strategy: 'BASIC', username: 'demo', password: 'mật-khẩu' } });
  t.teardown(() => engine.stop());
  await engine.createProcessInstanceByKey({ processDefinitionKey: '2251799813685211' });
  await engine.createProcessInstance({ bpmnProcessId: 'dang-ky-khai-sinh' });
  const expected = `Basic ${Buffer.from('demo:mật-khẩu').toString('base64')}`;
  t.same(gateway.calls.filter((c) => c.method === 'CreateProcessInstance').map((c) => c.authorization), [expected, expected]);
  await engine.stop();
  await t.rejects(engine.createProcessInstanceByKey({ processDefinitionKey: '2251799813685211' }), { code: 'INVALID_STATE' }, 'not after stop');
});

t.test('variables that are not an object are refused before any call', async (t) => {
  const { engine, gateway } = await openHarness(t);
  await t.rejects(engine.createProcessInstance({ bpmnProcessId: 'p', variables: [1, 2] as never }), { code: 'INVALID_VARIABLES' });
  await t.rejects(engine.completeJob('1', 'x' as never), { code: 'INVALID_VARIABLES' });
  t.equal(gateway.calls.length, 0);
});

t.test('cancel sends the instance key', async (t) => {
  const { engine, gateway } = await openHarness(t);
  await engine.cancelProcessInstance('2251799813685300');
  t.same(gateway.requests('CancelProcessInstance').map((r) => r.processInstanceKey), ['2251799813685300']);
});

t.test('publish message with time to live and message id; a duplicate id answers the first key', async (t) => {
  const { engine, gateway } = await openHarness(t);
  const first = await engine.publishMessage({ name: 'ho-so-bo-sung', correlationKey: 'HS-2026-0001', variables: { daBoSung: true }, timeToLive: 86_400_000, messageId: 'bs-1' });
  const [req] = gateway.requests('PublishMessage');
  t.match(req, { name: 'ho-so-bo-sung', correlationKey: 'HS-2026-0001', timeToLive: '86400000', messageId: 'bs-1' });
  t.same(JSON.parse(req!.variables), { daBoSung: true });
  t.equal(first.duplicate, false);
  gateway.failNext('PublishMessage', { code: 6, details: "Expected to publish a new message with id 'bs-1', but a message with that id was already published" });
  const again = await engine.publishMessage({ name: 'ho-so-bo-sung', correlationKey: 'HS-2026-0001', timeToLive: 86_400_000, messageId: 'bs-1' });
  t.same(again, { messageKey: first.messageKey, duplicate: true });
});

t.test('publish without time to live sends 0; a negative one is refused', async (t) => {
  const { engine, gateway } = await openHarness(t);
  await engine.publishMessage({ name: 'm', correlationKey: 'k' });
  t.match(gateway.requests('PublishMessage')[0], { timeToLive: '0', messageId: '' });
  await t.rejects(engine.publishMessage({ name: 'm', correlationKey: 'k', timeToLive: -1 }), { code: 'INVALID_ARGUMENT' });
  t.equal(gateway.requests('PublishMessage').length, 1);
});

t.test('set variables: scope, variables and local flag', async (t) => {
  const { engine, gateway } = await openHarness(t);
  await engine.setVariables({ elementInstanceKey: '2251799813685301', variables: { ketQua: 'dat' }, local: true });
  await engine.setVariables({ elementInstanceKey: '2251799813685300', variables: { a: 1 } });
  const [local, propagated] = gateway.requests('SetVariables');
  t.match(local, { elementInstanceKey: '2251799813685301', local: true });
  t.same(JSON.parse(local!.variables), { ketQua: 'dat' });
  t.equal(propagated!.local, false);
});

t.test('complete, fail (retries and backoff), throw error, update retries', async (t) => {
  const { engine, gateway } = await openHarness(t);
  await engine.completeJob('11', { ketQua: 'hop-le', soTien: 50000 });
  await engine.failJob({ jobKey: '12', retries: 2, errorMessage: 'Cổng DVC không phản hồi', retryBackOff: 30_000, variables: { lanThu: 1 } });
  await engine.throwError({ jobKey: '13', errorCode: 'HO_SO_KHONG_HOP_LE', errorMessage: 'Thiếu giấy tờ', variables: { lyDo: 'thieu-cccd' } });
  await engine.updateJobRetries('12', 3);
  const [complete] = gateway.requests('CompleteJob');
  t.equal(complete!.jobKey, '11');
  t.same(JSON.parse(complete!.variables), { ketQua: 'hop-le', soTien: 50000 });
  const [fail] = gateway.requests('FailJob');
  t.match(fail, { jobKey: '12', retries: 2, errorMessage: 'Cổng DVC không phản hồi', retryBackOff: '30000' });
  t.same(JSON.parse(fail!.variables), { lanThu: 1 });
  const [thrown] = gateway.requests('ThrowError');
  t.match(thrown, { jobKey: '13', errorCode: 'HO_SO_KHONG_HOP_LE', errorMessage: 'Thiếu giấy tờ' });
  t.same(JSON.parse(thrown!.variables), { lyDo: 'thieu-cccd' });
  t.match(gateway.requests('UpdateJobRetries')[0], { jobKey: '12', retries: 3 });
  await t.rejects(engine.updateJobRetries('12', 0), { code: 'INVALID_ARGUMENT' });
});

t.test('activate jobs: no long polling; keys as strings, headers, variables, deadline as Date', async (t) => {
  const { engine, gateway } = await openHarness(t);
  gateway.addJob({ key: '2251799813685600', type: 'kiem-tra', variables: { hoSo: { ma: 'HS-1' } }, customHeaders: { sla: 'P1D' }, retries: 3 });
  const jobs = await engine.activateJobs({ type: 'kiem-tra', maxJobsToActivate: 10, timeout: 60_000, worker: 'w1' });
  t.match(gateway.requests('ActivateJobs')[0], { type: 'kiem-tra', worker: 'w1', timeout: '60000', maxJobsToActivate: 10, requestTimeout: '-1' });
  t.equal(jobs.length, 1);
  t.same({ ...jobs[0], deadline: undefined }, {
    key: '2251799813685600', type: 'kiem-tra', processInstanceKey: '2251799813685300', bpmnProcessId: 'dang-ky-khai-sinh',
    processDefinitionVersion: 3, processDefinitionKey: '2251799813685200', elementId: 'kiem-tra-ho-so', elementInstanceKey: '2251799813685301',
    customHeaders: { sla: 'P1D' }, worker: 'w1', retries: 3, variables: { hoSo: { ma: 'HS-1' } }, deadline: undefined,
  });
  t.ok(jobs[0]!.deadline instanceof Date);
  t.equal(jobs[0]!.deadline.getTime(), 1_767_225_600_000 + 60_000);
  t.same(await engine.activateJobs({ type: 'kiem-tra', maxJobsToActivate: 10, timeout: 60_000, worker: 'w1' }), [], 'nothing left');
});
