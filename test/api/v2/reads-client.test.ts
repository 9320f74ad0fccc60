/**
 * The `/v2` reads Operate and Tasklist make (incident by key, process definitions, element instance by
 * key, jobs, message subscriptions, a user task's variables, variables by key, and a process instance's
 * call hierarchy, sequence flows, statistics and incidents), driven by Camunda's generated 8.8 client in
 * strict request and response validation (every key checked against its int64 `LongKey` schema, every
 * cursor against its base64 pattern) and by the SDK's REST client.
 */
import t from 'tap';
import { Camunda8 } from '@camunda8/sdk';
import { databaseTargets } from '../../helpers/databases.ts';
import { fixture, openV2App } from './helpers.ts';

const [target] = databaseTargets();
const now = { consistency: { waitUpToMs: 0 } };

t.test('/v2 reads with Camunda\'s clients', async (t) => {
  const ctx = await openV2App(target!);
  t.teardown(() => ctx.close());
  const token = await ctx.token('admin');
  const client = new Camunda8({ ZEEBE_REST_ADDRESS: ctx.baseUrl, CAMUNDA_AUTH_STRATEGY: 'NONE' }).getOrchestrationClusterApiClient({}, { cached: false });
  client.configure({
    config: { CAMUNDA_REST_ADDRESS: ctx.baseUrl, CAMUNDA_AUTH_STRATEGY: 'NONE', CAMUNDA_SDK_VALIDATION: 'req:strict,res:strict', CAMUNDA_SDK_HTTP_RETRY_MAX_ATTEMPTS: 1, CAMUNDA_SDK_LOG_LEVEL: 'silent' } as never,
    fetch: (input: RequestInfo | URL, init?: RequestInit) => { const r = new Request(input, init); r.headers.set('authorization', `Bearer ${token}`); return fetch(r); },
  });
  const sdk = ctx.client(token);

  const file = fixture('goi-tra-cuu-v2.bpmn');
  await client.createDeployment({ resources: [new File([file.content], file.name, { type: 'application/xml' })] });
  const parent = await client.createProcessInstance({ processDefinitionId: 'goi-tra-cuu-v2', variables: { maHoSo: 'HS-R1' } } as never);
  const children = await client.searchProcessInstances({ filter: { parentProcessInstanceKey: parent.processInstanceKey } }, now);
  t.equal(children.items.length, 1, 'the called instance');
  const child = children.items[0]!.processInstanceKey;

  t.test('process definitions: search and get', async (t) => {
    const defs = await client.searchProcessDefinitions({ filter: { processDefinitionId: 'tra-cuu-con-v2', isLatestVersion: true } }, now);
    t.match(defs.items, [{ processDefinitionId: 'tra-cuu-con-v2', name: 'Tra cứu dữ liệu dân cư (v2)', version: 1, resourceName: 'goi-tra-cuu-v2.bpmn', tenantId: '<default>' }]);
    const key = defs.items![0]!.processDefinitionKey!;
    t.equal((await client.getProcessDefinition({ processDefinitionKey: key }, now)).processDefinitionId, 'tra-cuu-con-v2');
    t.equal((await sdk.getProcessDefinition(key)).name, 'Tra cứu dữ liệu dân cư (v2)', 'the SDK\'s REST client too');
    t.equal((await client.searchProcessDefinitions({ filter: { processDefinitionId: 'tra-cuu-con-v2', isLatestVersion: false } }, now)).items!.length, 0);
  });

  t.test('jobs, message subscriptions, an element instance, the call hierarchy', async (t) => {
    const jobs = await client.searchJobs({ filter: { processInstanceKey: child } }, now);
    t.match(jobs.items, [{ type: 'v2-tra-cuu', state: 'CREATED', kind: 'BPMN_ELEMENT', elementId: 'tra-cuu', processDefinitionId: 'tra-cuu-con-v2', retries: 1 }]);
    const subs = await client.searchMessageSubscriptions({ filter: { processInstanceKey: child } }, now);
    t.match(subs.items, [{ messageName: 'v2-nhac', correlationKey: 'HS-R1', elementId: 'nhac', messageSubscriptionState: 'CREATED' }]);
    const element = await client.getElementInstance({ elementInstanceKey: jobs.items[0]!.elementInstanceKey }, now);
    t.match(element, { elementId: 'tra-cuu', type: 'SERVICE_TASK', state: 'ACTIVE', processInstanceKey: child, hasIncident: false });
    t.equal((await sdk.getElementInstance(jobs.items[0]!.elementInstanceKey)).elementId, 'tra-cuu', 'the SDK\'s REST client too');
    const hierarchy = await client.getProcessInstanceCallHierarchy({ processInstanceKey: child }, now);
    t.same(hierarchy.map((h) => h.processInstanceKey), [parent.processInstanceKey], 'the instances above it, root first');
    t.same(await client.getProcessInstanceCallHierarchy({ processInstanceKey: parent.processInstanceKey }, now), [], 'a root instance: none');
  });

  t.test('an incident: by key, among the root instance\'s incidents, in the statistics', async (t) => {
    const [job] = (await client.activateJobs({ type: 'v2-tra-cuu', timeout: 60_000, maxJobsToActivate: 1, worker: 'tra-cuu' })).jobs;
    await client.failJob({ jobKey: job!.jobKey, retries: 0, errorMessage: 'CSDL không phản hồi' });
    const related = await client.searchProcessInstanceIncidents({ processInstanceKey: parent.processInstanceKey }, now);
    t.match(related.items, [{ processInstanceKey: child, elementId: 'tra-cuu', errorType: 'JOB_NO_RETRIES', errorMessage: 'CSDL không phản hồi' }], 'the called instance\'s incident');
    const incident = await client.getIncident({ incidentKey: related.items![0]!.incidentKey! }, now);
    t.match(incident, { state: 'ACTIVE', jobKey: job!.jobKey });
    const stats = await client.getProcessInstanceStatistics({ processInstanceKey: child }, now);
    const byElement = Object.fromEntries((stats.items ?? []).map((s) => [s.elementId, s]));
    t.match(byElement['tra-cuu'], { incidents: 1n, active: 0n });
    t.match(byElement['con-bat-dau'], { completed: 1n });
    t.match((await client.searchJobs({ filter: { jobKey: job!.jobKey } }, now)).items, [{ state: 'FAILED', retries: 0, errorMessage: 'CSDL không phản hồi' }]);
    await client.updateJob({ jobKey: job!.jobKey, changeset: { retries: 1 } });
    await client.resolveIncident({ incidentKey: incident.incidentKey! });
    const [again] = (await client.activateJobs({ type: 'v2-tra-cuu', timeout: 60_000, maxJobsToActivate: 1, worker: 'tra-cuu' })).jobs;
    await client.completeJob({ jobKey: again!.jobKey, variables: { ketQuaTraCuu: 'khớp' } });
  });

  t.test('a user task\'s variables, variables by key, cursors, sequence flows', async (t) => {
    const [task] = (await client.searchUserTasks({ filter: { processInstanceKey: child } }, now)).items;
    const vars = await client.searchUserTaskVariables({ userTaskKey: task!.userTaskKey, sort: [{ field: 'name' }] }, now);
    t.same((vars.items ?? []).map((v) => [v.name, v.value, String(v.scopeKey) === String(child) ? 'root' : 'task']), [['ghiChu', '"đã tra cứu"', 'task'], ['ketQuaTraCuu', '"khớp"', 'root'], ['maHoSo', '"HS-R1"', 'root']]);
    t.same((await client.searchUserTaskVariables({ userTaskKey: task!.userTaskKey, filter: { name: 'maHoSo' } }, now)).items!.map((v) => v.name), ['maHoSo']);
    const sdkVars = await sdk.searchUserTaskVariables({ userTaskKey: task!.userTaskKey } as never);
    t.equal(sdkVars.items.length, 3, 'the SDK\'s REST client too');
    const maHoSo = vars.items!.find((v) => v.name === 'maHoSo')!;
    t.match(await client.getVariable({ variableKey: maHoSo.variableKey }, now), { name: 'maHoSo', value: '"HS-R1"', processInstanceKey: child });
    t.same((await client.searchVariables({ filter: { variableKey: maHoSo.variableKey } }, now)).items!.map((v) => v.name), ['maHoSo'], 'found by its key alone');
    const problem = async (path: string) => { const res = await ctx.http('GET', path, token); return [res.status, res.type.split(';')[0]]; };
    t.same(await problem(`/v2/variables/${'1'.repeat(36)}`), [400, 'application/problem+json'], 'a 36-digit key is not a key');
    t.same(await problem('/v2/variables/9223372036854775807'), [404, 'application/problem+json'], 'a key of nothing');
    t.same(await problem('/v2/element-instances/9223372036854775807'), [404, 'application/problem+json']);
    t.same(await problem('/v2/incidents/9223372036854775807'), [404, 'application/problem+json']);
    t.same(await problem('/v2/process-definitions/9223372036854775807'), [404, 'application/problem+json']);
    t.same(await problem('/v2/process-instances/9223372036854775807/call-hierarchy'), [404, 'application/problem+json']);
    const first = await client.searchVariables({ filter: { processInstanceKey: child }, sort: [{ field: 'name' }], page: { limit: 1 } }, now);
    t.match(first.page.endCursor, /^[A-Za-z0-9+/]+=*$/, 'a standard base64 cursor');
    // The generated client's request schema reads any page as an offset page (its first union member) and drops
    // `after`: the cursor goes back through the SDK's REST client.
    const next = await sdk.searchVariables({ filter: { processInstanceKey: child }, sort: [{ field: 'name', order: 'ASC' }], page: { limit: 1, after: first.page.endCursor! } } as never);
    t.same([first.items![0]!.name, next.items[0]!.name], ['ghiChu', 'ketQuaTraCuu'], 'the next page after the cursor');
    const flows = await client.getProcessInstanceSequenceFlows({ processInstanceKey: child }, now);
    t.same((flows.items ?? []).map((f) => f.elementId), ['f-c1', 'f-c2']);
  });
});
