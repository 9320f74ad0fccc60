/**
 * The conformance target `zeebe-adapter/*` really goes through the protocols: commands reach the
 * embedded engine through the Zeebe gateway protocol, reads through `/v2` over HTTP, both with the
 * bearer token (ZEEBE_AUTH=bearer); a wrong token is refused on both paths.
 */
import t from 'tap';
import { EngineUnauthorizedError } from '../../engine-adapter/zeebe/errors.ts';
import { createZeebeEngine } from '../../engine-adapter/zeebe/index.ts';
import { databaseTargets } from '../helpers/databases.ts';
import { linear } from '../engine/bpmn.ts';
import { zeebeAdapterTarget } from '../engine/zeebe-adapter-target.ts';

const [db] = databaseTargets();

t.test('the adapter target drives the embedded engine over gRPC and /v2 with a bearer token', async (t) => {
  const target = zeebeAdapterTarget(db!);
  const e = await target.open();
  t.teardown(() => e.close());
  const { gateway, baseUrl, token } = e.wire;

  const before = gateway.activity;
  await e.engine.deployResources([{ name: 'g.bpmn', content: linear('qua-cong', 'qua-cong-a') }]);
  const { processInstanceKey } = await e.engine.createProcessInstance({ bpmnProcessId: 'qua-cong', variables: { maHoSo: 'HS-1' } });
  t.equal(gateway.activity - before, 2, 'deploy and create went through the gateway');
  const [job] = await e.engine.activateJobs({ type: 'qua-cong-a', maxJobsToActivate: 5, timeout: 60_000, worker: 'w' });
  t.same(job?.variables, { maHoSo: 'HS-1' }, 'variables crossed as JSON');
  await e.engine.completeJob(job!.key, { ketQua: 'dat' });
  t.match(await e.engine.getProcessInstance(processInstanceKey), { state: 'COMPLETED', variables: { maHoSo: 'HS-1', ketQua: 'dat' } }, 'read through /v2');

  const res = await fetch(`${baseUrl}/v2/process-instances/${processInstanceKey}`, { headers: { authorization: `Bearer ${token}` } });
  t.equal(res.status, 200, 'the same token reads /v2 directly');

  const intruder = createZeebeEngine({
    grpcAddress: gateway.address, restAddress: baseUrl, auth: { strategy: 'BEARER', token: `${token}x` }, maxRetries: 0, readyTimeoutMs: 15_000,
  });
  t.teardown(() => intruder.stop());
  await t.rejects(intruder.createProcessInstance({ bpmnProcessId: 'qua-cong' }), EngineUnauthorizedError, 'the gateway refuses a wrong token');
  await t.rejects(intruder.getProcessInstance(processInstanceKey), EngineUnauthorizedError, '/v2 refuses a wrong token');
});
