/**
 * A machine account (`integration`) as an external job worker and message sender, through Camunda's
 * own REST client: it works jobs and publishes messages, and reaches nothing else — not the user
 * tasks, not the dossiers every signed-in person may read.
 */
import t from 'tap';
import { databaseTargets } from '../../helpers/databases.ts';
import { fixture, openV2App } from './helpers.ts';

const [target] = databaseTargets();

t.test('an integration account works jobs and publishes messages, and reaches nothing else', async (t) => {
  const ctx = await openV2App(target!);
  t.teardown(() => ctx.close());
  const adminToken = await ctx.token('admin');
  const admin = ctx.client(adminToken);
  const machineToken = await ctx.token('integration');
  const machine = ctx.client(machineToken);
  await admin.deployResources([fixture('tiep-nhan-v2.bpmn'), fixture('cho-phi-v2.bpmn')]);

  const checked = await admin.createProcessInstance({ processDefinitionId: 'tiep-nhan-v2', variables: { maHoSo: 'HS-M1' } });
  const [job] = await machine.activateJobs({ type: 'v2-kiem-tra', maxJobsToActivate: 5, timeout: 60_000, worker: 'he-thong-ngoai' });
  t.match(job, { processInstanceKey: checked.processInstanceKey, worker: 'he-thong-ngoai' }, 'the machine activates the job');
  await machine.completeJob({ jobKey: job!.jobKey, variables: { hopLe: true } });
  t.match(await ctx.app.engine.getProcessInstance(checked.processInstanceKey), { variables: { hopLe: true } }, 'and completes it');

  const waiting = await admin.createProcessInstance({ processDefinitionId: 'cho-phi-v2', variables: { maHoSo: 'HS-M2' } });
  await machine.publishMessage({ name: 'da-nop-phi-v2', correlationKey: 'HS-M2', variables: { soTien: 25_000 }, timeToLive: 0 });
  t.match(await ctx.app.engine.getProcessInstance(waiting.processInstanceKey), { state: 'COMPLETED', variables: { soTien: 25_000 } }, 'its message is correlated');

  t.equal((await ctx.http('GET', '/v2/topology', machineToken)).status, 200, 'it may check the topology');
  for (const [method, path, body] of [
    ['POST', '/v2/user-tasks/search', {}], ['POST', '/v2/process-instances/search', {}], ['POST', '/v2/process-instances', { processDefinitionId: 'cho-phi-v2' }],
    ['POST', '/v2/deployments', undefined], ['GET', '/api/dossiers', undefined], ['GET', '/api/me', undefined], ['GET', '/api/procedures', undefined],
  ] as const) {
    const res = await ctx.http(method, path, machineToken, body);
    t.equal(res.status, 403, `${method} ${path} → 403 for the machine account`);
  }
  t.equal((await ctx.http('GET', '/api/dossiers', adminToken)).status, 200, 'while a person may read what every signed-in person may');
});
