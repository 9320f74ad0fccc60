/**
 * The Zeebe adapter's REST half (`RestOperations` over `RestClient`) against the embedded engine's
 * `/v2` face over real HTTP: what the adapter reads and does through `/v2` (user tasks, incidents, read
 * models, instance search, definition XML, message correlation) equals what the embedded engine reports itself.
 */
import t from 'tap';
import { RestClient } from '../../../engine-adapter/zeebe/rest-client.ts';
import { RestOperations } from '../../../engine-adapter/zeebe/rest-operations.ts';
import { NotFoundError } from '../../../engine-adapter/errors.ts';
import { databaseTargets } from '../../helpers/databases.ts';
import { fixture, openV2App } from './helpers.ts';

const [target] = databaseTargets();
const POLICY = { maxRetries: 0, backoff: { initialMs: 10, maxMs: 10, factor: 2 }, timeoutMs: 5_000 };

t.test('Zeebe adapter REST operations against /v2', async (t) => {
  const ctx = await openV2App(target!);
  t.teardown(() => ctx.close());
  const engine = ctx.app.engine;
  const rest = async (username: string) => {
    const token = await ctx.token(username);
    return new RestOperations(new RestClient(ctx.baseUrl, POLICY, { getHeaders: async () => ({ authorization: `Bearer ${token}` }) }));
  };
  const leader = await rest('leader');
  const admin = await rest('admin');
  const byKey = <T extends { key: string }>(xs: T[]) => [...xs].sort((a, b) => a.key.localeCompare(b.key));

  const [def] = await engine.deployResources([fixture('tiep-nhan-v2.bpmn')]);
  const done = await engine.createProcessInstance({ bpmnProcessId: 'tiep-nhan-v2', variables: { maHoSo: 'HS-A' } });
  const failing = await engine.createProcessInstance({ bpmnProcessId: 'tiep-nhan-v2', variables: { maHoSo: 'HS-B' } });
  const jobs = await engine.activateJobs({ type: 'v2-kiem-tra', maxJobsToActivate: 10, timeout: 60_000, worker: 'w' });
  const jobOf = (pi: string) => jobs.find((j) => j.processInstanceKey === pi)!;
  await engine.completeJob(jobOf(done.processInstanceKey).key, { hopLe: true });
  await engine.failJob({ jobKey: jobOf(failing.processInstanceKey).key, retries: 0, errorMessage: 'Hết lượt thử' });

  t.test('user tasks: list, get, assign, unassign, update, complete', async (t) => {
    t.same(byKey(await admin.listUserTasks()), byKey(await engine.listUserTasks()), 'the same tasks, field for field');
    t.same(await leader.listUserTasks(), [], 'the engine tenant\'s tasks (no dossier) are the operators\': an officer sees none');
    const [task] = await admin.listUserTasks({ processInstanceKey: done.processInstanceKey, state: 'CREATED', candidateGroup: 'chuyen-vien' });
    t.ok(task, 'filtered through /v2');
    t.same(await admin.getUserTask(task!.key), await engine.getUserTask(task!.key));
    await admin.assignUserTask(task!.key, 'leader');
    t.equal((await engine.getUserTask(task!.key)).assignee, 'leader');
    await admin.unassignUserTask(task!.key);
    t.equal((await engine.getUserTask(task!.key)).assignee, null);
    await admin.updateUserTask(task!.key, { dueDate: '2026-12-01T10:00:00.000Z', priority: 70, candidateGroups: ['lanh-dao'] });
    t.match(await engine.getUserTask(task!.key), { dueDate: '2026-12-01T10:00:00.000Z', priority: 70, candidateGroups: ['lanh-dao'] });
    await admin.updateUserTask(task!.key, { dueDate: null });
    t.equal((await engine.getUserTask(task!.key)).dueDate, null, 'a null date clears it (sent as the empty string)');
    await admin.completeUserTask(task!.key, { ketQua: 'dat' });
    t.match(await engine.getProcessInstance(done.processInstanceKey), { state: 'COMPLETED', variables: { ketQua: 'dat' } });
    await t.rejects(admin.completeUserTask('424242'), NotFoundError, 'a 404 problem becomes NotFoundError');
  });

  t.test('read models: instance with root variables, history, statistics, incidents', async (t) => {
    t.same(await admin.getProcessInstance(done.processInstanceKey), await engine.getProcessInstance(done.processInstanceKey));
    t.same(await admin.getProcessInstance(failing.processInstanceKey), await engine.getProcessInstance(failing.processInstanceKey));
    t.equal(await admin.getProcessInstance('424242'), undefined);
    t.same(await admin.getProcessInstanceHistory(done.processInstanceKey), await engine.getProcessInstanceHistory(done.processInstanceKey));
    t.same(await admin.getElementStatistics(def!.processDefinitionKey), await engine.getElementStatistics(def!.processDefinitionKey));
    const incidents = await admin.listIncidents({ processInstanceKey: failing.processInstanceKey });
    t.same(incidents, await engine.listIncidents({ processInstanceKey: failing.processInstanceKey }));
    t.equal(incidents.length, 1);
    await engine.updateJobRetries(incidents[0]!.jobKey!, 1);
    await admin.resolveIncident(incidents[0]!.key);
    t.same(await engine.listIncidents({ processInstanceKey: failing.processInstanceKey }), [], 'resolved through /v2');
  });

  t.test('process-instance search: every filter, newest first, no variables', async (t) => {
    const canceled = await engine.createProcessInstance({ bpmnProcessId: 'tiep-nhan-v2', variables: { maHoSo: 'HS-C' } });
    await engine.cancelProcessInstance(canceled.processInstanceKey);
    const all = await admin.searchProcessInstances({});
    t.same(all, await engine.searchProcessInstances({}));
    t.ok(all.length >= 3 && all.every((p) => Object.keys(p.variables).length === 0), 'instances without variables');
    for (const filter of [
      { state: 'CANCELED' as const }, { state: 'ACTIVE' as const, bpmnProcessId: 'tiep-nhan-v2' }, { processDefinitionKey: def!.processDefinitionKey },
      { bpmnProcessId: 'khong-co' }, { parentProcessInstanceKey: done.processInstanceKey },
    ]) {
      t.same(await admin.searchProcessInstances(filter), await engine.searchProcessInstances(filter), JSON.stringify(filter));
    }
    t.same((await admin.searchProcessInstances({ state: 'CANCELED' })).map((p) => p.processInstanceKey), [canceled.processInstanceKey]);
  });

  t.test('definition XML as text; an unknown key is NotFoundError, as on the engine', async (t) => {
    const xml = await admin.getProcessDefinitionXml(def!.processDefinitionKey);
    t.equal(xml, fixture('tiep-nhan-v2.bpmn').content);
    t.equal(xml, await engine.getProcessDefinitionXml(def!.processDefinitionKey));
    const viaRest = await admin.getProcessDefinitionXml('424242').catch((e: unknown) => e);
    const direct = await engine.getProcessDefinitionXml('424242').catch((e: unknown) => e);
    t.type(viaRest, NotFoundError);
    t.equal((viaRest as Error).message, (direct as Error).message);
  });

  t.test('message correlation: to the waiting instance, with variables; none waiting is NotFoundError, as on the engine', async (t) => {
    const [choPhi] = await engine.deployResources([fixture('cho-phi-v2.bpmn')]);
    const viaRest = await engine.createProcessInstanceByKey({ processDefinitionKey: choPhi!.processDefinitionKey, variables: { maHoSo: 'HS-R' } });
    const direct = await engine.createProcessInstance({ bpmnProcessId: 'cho-phi-v2', variables: { maHoSo: 'HS-E' } });
    const correlated = await admin.correlateMessage({ name: 'da-nop-phi-v2', correlationKey: 'HS-R', variables: { soTien: 50_000 } });
    const expected = await engine.correlateMessage({ name: 'da-nop-phi-v2', correlationKey: 'HS-E', variables: { soTien: 50_000 } });
    t.equal(correlated.processInstanceKey, viaRest.processInstanceKey);
    t.equal(expected.processInstanceKey, direct.processInstanceKey);
    t.match(correlated.messageKey, /^\d+$/);
    t.match(await engine.getProcessInstance(viaRest.processInstanceKey), { state: 'COMPLETED', variables: { maHoSo: 'HS-R', soTien: 50_000 } });
    const missing = await admin.correlateMessage({ name: 'da-nop-phi-v2', correlationKey: 'HS-R' }).catch((e: unknown) => e);
    const missingDirect = await engine.correlateMessage({ name: 'da-nop-phi-v2', correlationKey: 'HS-R' }).catch((e: unknown) => e);
    t.type(missing, NotFoundError);
    t.equal((missing as Error).message, (missingDirect as Error).message, 'nothing buffered: a second correlation finds no subscription');
  });
});
