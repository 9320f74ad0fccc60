/**
 * The `/v2` face driven by Camunda's generated 8.8 client (`@camunda8/orchestration-cluster-api`,
 * reached through `@camunda8/sdk`'s `getOrchestrationClusterApiClient()`), with strict request and
 * response validation against its 8.8 schemas and our bearer token added through its `fetch`.
 */
import t from 'tap';
import { Camunda8 } from '@camunda8/sdk';
import { databaseTargets } from '../../helpers/databases.ts';
import { fixture, openV2App } from './helpers.ts';

const [target] = databaseTargets();
const now = { consistency: { waitUpToMs: 0 } };

t.test('Camunda 8.8 generated client with strict validation against /v2', async (t) => {
  const ctx = await openV2App(target!);
  t.teardown(() => ctx.close());
  const clientFor = async (username: string) => {
    const token = await ctx.token(username);
    const client = new Camunda8({ ZEEBE_REST_ADDRESS: ctx.baseUrl, CAMUNDA_AUTH_STRATEGY: 'NONE' }).getOrchestrationClusterApiClient({}, { cached: false });
    // Its auth strategies are OAuth and Basic; a bearer token we already hold goes in through its fetch.
    const withToken = (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      request.headers.set('authorization', `Bearer ${token}`);
      return fetch(request);
    };
    client.configure({
      config: { CAMUNDA_REST_ADDRESS: ctx.baseUrl, CAMUNDA_AUTH_STRATEGY: 'NONE', CAMUNDA_SDK_VALIDATION: 'req:strict,res:strict', CAMUNDA_SDK_HTTP_RETRY_MAX_ATTEMPTS: 1, CAMUNDA_SDK_LOG_LEVEL: 'silent' } as never,
      fetch: withToken,
    });
    return client;
  };
  const admin = await clientFor('admin');
  const specialist = await clientFor('specialist');

  const file = fixture('tiep-nhan-v2.bpmn');
  const deployment = await admin.createDeployment({ resources: [new File([file.content], file.name, { type: 'application/xml' })] });
  t.match(deployment.deployments, [{ processDefinition: { processDefinitionId: 'tiep-nhan-v2', processDefinitionVersion: 1 } }]);

  const pi = await admin.createProcessInstance({ processDefinitionId: 'tiep-nhan-v2', variables: { maHoSo: 'HS-OCA' } } as never);
  const activated = await admin.activateJobs({ type: 'v2-kiem-tra', timeout: 60_000, maxJobsToActivate: 5, worker: 'oca' });
  t.equal(activated.jobs.length, 1);
  const job = activated.jobs[0]!;
  t.equal(job.processInstanceKey, pi.processInstanceKey);
  await admin.completeJob({ jobKey: job.jobKey, variables: { hopLe: true } });

  const tasks = await admin.searchUserTasks({ filter: { processInstanceKey: pi.processInstanceKey } }, now);
  t.equal(tasks.items.length, 1);
  const task = tasks.items[0]!;
  await admin.assignUserTask({ userTaskKey: task.userTaskKey, assignee: 'specialist', allowOverride: true });
  await admin.updateUserTask({ userTaskKey: task.userTaskKey, changeset: { priority: 90 } });
  t.equal((await admin.searchUserTasks({ filter: { userTaskKey: task.userTaskKey } }, now)).items[0]!.priority, 90);
  t.equal((await admin.getUserTask({ userTaskKey: task.userTaskKey }, now)).assignee, 'specialist');
  await admin.completeUserTask({ userTaskKey: task.userTaskKey, variables: { ketQua: 'dat' } });
  const vars = await admin.searchVariables({ filter: { processInstanceKey: pi.processInstanceKey, name: 'ketQua' } }, now);
  t.same((vars.items ?? []).map((v) => v.value), ['"dat"']);

  const instances = await admin.searchProcessInstances({ filter: { processInstanceKey: pi.processInstanceKey } }, now);
  t.equal(instances.items[0]!.state, 'COMPLETED');
  t.equal((await admin.getProcessInstance({ processInstanceKey: pi.processInstanceKey }, now)).state, 'COMPLETED');
  const elements = await admin.searchElementInstances({ filter: { processInstanceKey: pi.processInstanceKey } }, now);
  t.ok((elements.items ?? []).some((e) => e.elementId === 'tham-dinh' && e.type === 'USER_TASK'));

  // An instance of no dossier is the engine's own tenant: an officer sees none of it.
  t.equal((await specialist.searchProcessInstances({ filter: { processInstanceKey: pi.processInstanceKey } }, now)).page.totalItems, 0n);
  t.equal((await specialist.searchUserTasks({ filter: { processInstanceKey: pi.processInstanceKey } }, now)).page.totalItems, 0n);

  const second = await admin.createProcessInstance({ processDefinitionId: 'tiep-nhan-v2', variables: {} } as never);
  const [failing] = (await admin.activateJobs({ type: 'v2-kiem-tra', timeout: 60_000, maxJobsToActivate: 5, worker: 'oca' })).jobs;
  await admin.failJob({ jobKey: failing!.jobKey, retries: 0, errorMessage: 'Lỗi kết nối' });
  const incidents = await admin.searchIncidents({ filter: { processInstanceKey: second.processInstanceKey } }, now);
  t.match(incidents.items, [{ errorType: 'JOB_NO_RETRIES', state: 'ACTIVE' }]);
  await admin.updateJob({ jobKey: failing!.jobKey, changeset: { retries: 1 } });
  await admin.resolveIncident({ incidentKey: incidents.items![0]!.incidentKey! });
  t.same((await admin.searchIncidents({ filter: { processInstanceKey: second.processInstanceKey } }, now)).items, []);

  await admin.cancelProcessInstance({ processInstanceKey: second.processInstanceKey });
  t.equal((await admin.getProcessInstance({ processInstanceKey: second.processInstanceKey }, now)).state, 'TERMINATED');
  t.ok((await admin.publishMessage({ name: 'nobody-waits', correlationKey: 'x', timeToLive: 1000 })).messageKey);
  t.equal((await specialist.getTopology()).clusterSize, 1);
});
