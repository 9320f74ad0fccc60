/**
 * The `/v2` face driven over real HTTP by Camunda's own REST client (`CamundaRestClient` of
 * `@camunda8/sdk` 8.8) with a bearer token from `/api/auth/login`: deploy, start, work a job and a
 * user task, see the instance complete; a failed job's incident resolved; a message published.
 */
import t from 'tap';
import type { CamundaRestClient } from '@camunda8/sdk';
import { databaseTargets } from '../../helpers/databases.ts';
import { fixture, openV2App } from './helpers.ts';

const [target] = databaseTargets();

t.test('Camunda REST client against the embedded engine\'s /v2 face', async (t) => {
  const ctx = await openV2App(target!);
  t.teardown(() => ctx.close());
  const admin = ctx.client(await ctx.token('admin'));
  const specialist = ctx.client(await ctx.token('specialist'));
  const leader = ctx.client(await ctx.token('leader'));
  const reception = ctx.client(await ctx.token('reception'));

  const deployed = await admin.deployResources([fixture('tiep-nhan-v2.bpmn'), fixture('cho-phi-v2.bpmn')]);
  t.same(deployed.processes.map((p) => [p.processDefinitionId, p.processDefinitionVersion, p.resourceName, p.tenantId]),
    [['tiep-nhan-v2', 1, 'tiep-nhan-v2.bpmn', '<default>'], ['cho-phi-v2', 1, 'cho-phi-v2.bpmn', '<default>']]);
  t.ok(deployed.deploymentKey, 'a deployment key');
  const again = await admin.deployResources([fixture('tiep-nhan-v2.bpmn')]);
  t.equal(again.processes[0]!.processDefinitionVersion, 1, 'identical XML keeps its version');

  const start = (id: string, variables: Record<string, unknown>) => admin.createProcessInstance({ processDefinitionId: id, variables });
  type Test = typeof t;
  const instance = async (tt: Test, client: CamundaRestClient, key: string) => {
    const res = await client.searchProcessInstances({ filter: { processInstanceKey: key } });
    tt.equal(res.items.length, 1, `instance ${key} found`);
    return res.items[0]!;
  };
  const oneJob = async (tt: Test) => {
    const jobs = await admin.activateJobs({ type: 'v2-kiem-tra', maxJobsToActivate: 10, timeout: 60_000, worker: 'kiem-tra-worker' });
    tt.equal(jobs.length, 1, 'one job activated');
    return jobs[0]!;
  };

  t.test('deploy → create → job → user task → COMPLETED in search', async (t) => {
    const pi = await start('tiep-nhan-v2', { maHoSo: 'HS-001', nguoiNop: 'Nguyễn Văn An' });
    t.match(pi, { processDefinitionId: 'tiep-nhan-v2', processDefinitionVersion: 1, processDefinitionKey: deployed.processes[0]!.processDefinitionKey, tenantId: '<default>' });
    t.match(await instance(t, admin, pi.processInstanceKey), { state: 'ACTIVE', hasIncident: false, processDefinitionId: 'tiep-nhan-v2' });

    const job = await oneJob(t);
    t.match(job, { processInstanceKey: pi.processInstanceKey, elementId: 'kiem-tra', worker: 'kiem-tra-worker', retries: 3 });
    t.same({ ...job.variables }, { maHoSo: 'HS-001', nguoiNop: 'Nguyễn Văn An' }, 'variables visible to the job');
    t.same({ ...job.customHeaders }, { sla: 'P1D' });
    t.ok(Number(job.deadline) > Date.now(), 'deadline in epoch ms, ahead');
    t.equal(await job.complete({ hopLe: true }), 'JOB_ACTION_ACKNOWLEDGEMENT');

    const found = await admin.searchUserTasks({ filter: { processInstanceKey: pi.processInstanceKey, state: 'CREATED' } });
    t.equal(found.items.length, 1, 'the user task after the job');
    const task = found.items[0]!;
    t.match(task, { name: 'Thẩm định hồ sơ', elementId: 'tham-dinh', candidateGroups: ['chuyen-vien'], processDefinitionVersion: 1, priority: 50 });
    t.equal(task.assignee ?? null, null);

    await admin.assignUserTask({ userTaskKey: task.userTaskKey, assignee: 'specialist' });
    t.equal((await admin.getUserTask(task.userTaskKey)).assignee, 'specialist');
    const taken = await admin.assignUserTask({ userTaskKey: task.userTaskKey, assignee: 'reception', allowOverride: false }).catch((e: unknown) => e);
    // The engine's own tenant (an instance of no dossier) is the engine operators': officers see nothing of it.
    t.match(await specialist.getUserTask(task.userTaskKey).catch((e: unknown) => e), { statusCode: 404 }, 'an officer does not see the engine tenant\'s task');
    t.same((await specialist.searchProcessInstances({ filter: { processInstanceKey: pi.processInstanceKey } })).items, [], 'nor its instance');
    t.match(await reception.assignUserTask({ userTaskKey: task.userTaskKey, assignee: 'reception' }).catch((e: unknown) => e), { statusCode: 404 }, 'nor works it');
    t.match(await leader.callApiEndpoint({ method: 'PATCH', urlPath: `user-tasks/${task.userTaskKey}`, body: { changeset: { priority: 1 } }, json: false }).catch((e: unknown) => e), { statusCode: 404 });
    t.match(taken, { statusCode: 409, title: 'INVALID_STATE' }, 'no silent takeover without allowOverride');
    const mine = await admin.searchUserTasks({ filter: { assignee: 'specialist', candidateGroup: 'chuyen-vien' } });
    t.same(mine.items.map((u) => u.userTaskKey), [task.userTaskKey]);

    // The SDK's updateUserTask targets `/user-tasks/{key}/update`, which 8.8 does not have: use its generic call.
    await admin.callApiEndpoint({ method: 'PATCH', urlPath: `user-tasks/${task.userTaskKey}`, body: { changeset: { priority: 80, dueDate: '2026-12-01T10:00:00.000Z' } }, json: false });
    const updated = await admin.getUserTask(task.userTaskKey);
    t.match(updated, { priority: 80, dueDate: '2026-12-01T10:00:00.000Z' });

    await admin.completeUserTask({ userTaskKey: task.userTaskKey, variables: { ketQua: 'dat' } });
    t.match(await instance(t, admin, pi.processInstanceKey), { state: 'COMPLETED', hasIncident: false });
    t.ok((await instance(t, admin, pi.processInstanceKey)).endDate, 'an end date');

    const elements = await admin.searchElementInstances({ filter: { processInstanceKey: pi.processInstanceKey }, sort: [{ field: 'startDate', order: 'ASC' }] });
    const byId = Object.fromEntries(elements.items.map((e) => [e.elementId, e]));
    t.match(byId['kiem-tra'], { type: 'SERVICE_TASK', state: 'COMPLETED', hasIncident: false });
    t.match(byId['tham-dinh'], { type: 'USER_TASK', state: 'COMPLETED' });
    t.match(byId['ket-thuc'], { type: 'END_EVENT' });

    const vars = await admin.searchVariables({ filter: { processInstanceKey: pi.processInstanceKey } });
    const values = Object.fromEntries(vars.items.map((v) => [v.name, JSON.parse(v.value)]));
    t.match(values, { maHoSo: 'HS-001', hopLe: true, ketQua: 'dat' });
    const ketQua = vars.items.find((v) => v.name === 'ketQua')!;
    t.equal((await admin.getVariable({ variableKey: ketQua.variableKey })).value, 'dat', 'read back by its key (the client parses the JSON value)');
  });

  t.test('a job failed with no retries raises an incident; retries set, resolved, the job runs again', async (t) => {
    const pi = await start('tiep-nhan-v2', { maHoSo: 'HS-002' });
    const job = await oneJob(t);
    await admin.failJob({ jobKey: job.jobKey, retries: 0, errorMessage: 'Không kết nối được CSDL dân cư', retryBackOff: 0 });
    const incidents = await admin.searchIncidents({ filter: { processInstanceKey: pi.processInstanceKey } });
    t.equal(incidents.items.length, 1);
    const incident = incidents.items[0]!;
    t.match(incident, { errorType: 'JOB_NO_RETRIES', errorMessage: 'Không kết nối được CSDL dân cư', elementId: 'kiem-tra', state: 'ACTIVE', jobKey: job.jobKey });
    t.match(await instance(t, admin, pi.processInstanceKey), { state: 'ACTIVE', hasIncident: true });
    const stuck = await admin.searchElementInstances({ filter: { processInstanceKey: pi.processInstanceKey, elementId: 'kiem-tra' } });
    t.match(stuck.items, [{ hasIncident: true, incidentKey: incident.incidentKey, state: 'ACTIVE' }]);
    t.same(await admin.activateJobs({ type: 'v2-kiem-tra', maxJobsToActivate: 10, timeout: 60_000, worker: 'w' }), [], 'no job while the incident is open');

    await admin.updateJob({ jobKey: job.jobKey, retries: 1 });
    await admin.resolveIncident(incident.incidentKey);
    t.same((await admin.searchIncidents({ filter: { processInstanceKey: pi.processInstanceKey } })).items, [], 'resolved');
    const again = await oneJob(t);
    t.equal(again.jobKey, job.jobKey, 'the same job is activatable again');
    t.equal(again.retries, 1);
    await again.complete();
    t.match(await instance(t, admin, pi.processInstanceKey), { state: 'ACTIVE', hasIncident: false });
  });

  t.test('an uncaught BPMN error from a job is an incident too; cancelling ends the instance as TERMINATED', async (t) => {
    const pi = await start('tiep-nhan-v2', { maHoSo: 'HS-003' });
    const job = await oneJob(t);
    await job.error({ errorCode: 'HO_SO_GIA', errorMessage: 'Giấy tờ giả', variables: { nghiNgo: true } });
    const incidents = await admin.searchIncidents({ filter: { processInstanceKey: pi.processInstanceKey, errorType: 'UNHANDLED_ERROR_EVENT' } });
    t.equal(incidents.items.length, 1, 'UNHANDLED_ERROR_EVENT');
    await admin.cancelProcessInstance({ processInstanceKey: pi.processInstanceKey });
    t.match(await instance(t, admin, pi.processInstanceKey), { state: 'TERMINATED' });
    const again = await admin.cancelProcessInstance({ processInstanceKey: pi.processInstanceKey }).catch((e: unknown) => e);
    t.match(again, { statusCode: 404, title: 'NOT_FOUND' }, 'an ended instance cannot be cancelled');
  });

  t.test('a published message is correlated to the waiting instance; a duplicate id is refused', async (t) => {
    const pi = await start('cho-phi-v2', { maHoSo: 'HS-004' });
    t.match(await instance(t, admin, pi.processInstanceKey), { state: 'ACTIVE' });
    const published = await admin.publishMessage({ name: 'da-nop-phi-v2', correlationKey: 'HS-004', variables: { soTien: 50_000 }, timeToLive: 0 });
    t.ok(published.messageKey, 'a message key');
    t.equal(published.tenantId, '<default>');
    t.match(await instance(t, admin, pi.processInstanceKey), { state: 'COMPLETED' });
    const vars = await admin.searchVariables({ filter: { processInstanceKey: pi.processInstanceKey, name: 'soTien' } });
    t.same(vars.items.map((v) => v.value), ['50000']);

    const buffered = { name: 'da-nop-phi-v2', correlationKey: 'HS-999', timeToLive: 60_000, messageId: 'phi-HS-999', variables: {} };
    await admin.publishMessage(buffered);
    const dup = await admin.publishMessage(buffered).catch((e: unknown) => e);
    t.match(dup, { statusCode: 409, title: 'ALREADY_EXISTS' });
  });

  t.test('correlation: now to the waiting instance, or 404 when none waits (never buffered)', async (t) => {
    const res = await admin.correlateMessage({ name: 'da-nop-phi-v2', correlationKey: 'HS-404' }).catch((e: unknown) => e);
    t.match(res, { statusCode: 404, title: 'NOT_FOUND' });
    const pi = await start('cho-phi-v2', { maHoSo: 'HS-005' });
    const correlated = await admin.correlateMessage({ name: 'da-nop-phi-v2', correlationKey: 'HS-005', variables: { soTien: 70_000 } });
    t.equal(String(correlated.processInstanceKey), pi.processInstanceKey);
    t.match(await instance(t, admin, pi.processInstanceKey), { state: 'COMPLETED' });
    const late = await admin.correlateMessage({ name: 'da-nop-phi-v2', correlationKey: 'HS-005' }).catch((e: unknown) => e);
    t.match(late, { statusCode: 404 }, 'nothing waits any more, and nothing was buffered');
  });

  t.test('topology of the embedded engine', async (t) => {
    const topology = await specialist.getTopology();
    t.match(topology, { clusterSize: 1, partitionsCount: 1, brokers: [{ partitions: [{ partitionId: 1, role: 'leader' }] }] });
  });
});
