/**
 * `POST /v2/signals/broadcast` driven by Camunda's generated 8.8 client in strict validation mode:
 * a broadcast starts the Modeler diagram's signal start event, a signal nobody waits for is accepted;
 * machine accounts and engine operators broadcast, nobody else; bad input is a 400 problem.
 */
import t from 'tap';
import { Camunda8 } from '@camunda8/sdk';
import { databaseTargets } from '../../helpers/databases.ts';
import { fixture, openV2App } from './helpers.ts';

const [target] = databaseTargets();
const now = { consistency: { waitUpToMs: 0 } };

t.test('signal broadcasts on /v2', async (t) => {
  const ctx = await openV2App(target!);
  t.teardown(() => ctx.close());
  const clientFor = async (username: string) => {
    const token = await ctx.token(username);
    const client = new Camunda8({ ZEEBE_REST_ADDRESS: ctx.baseUrl, CAMUNDA_AUTH_STRATEGY: 'NONE' }).getOrchestrationClusterApiClient({}, { cached: false });
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
  const machine = await clientFor('integration');

  const file = fixture('canh-bao-thien-tai.bpmn');
  await admin.createDeployment({ resources: [new File([file.content], file.name, { type: 'application/xml' })] });

  t.test('a broadcast starts the signal start event, answering the signal key and tenant', async (t) => {
    const res = await admin.broadcastSignal({ signalName: 'bao-khan-cap', variables: { duLucLuong: true } });
    t.match(res, { signalKey: /^\d+$/, tenantId: '<default>' });
    const instances = await admin.searchProcessInstances({ filter: { processDefinitionId: 'canh-bao-thien-tai' } }, now);
    t.equal(instances.items.length, 1, 'one instance of the process with that signal start event');
    const jobs = await machine.activateJobs({ type: 'lap-danh-sach', timeout: 60_000, maxJobsToActivate: 5, worker: 'w' });
    t.equal(jobs.jobs.length, 1);
    t.equal(jobs.jobs[0]!.processInstanceKey, instances.items[0]!.processInstanceKey);
    const audit = await ctx.app.db.selectFrom('audit_log').select(['actor_username', 'target_id', 'after']).where('action', '=', 'engine.signal.broadcast').execute();
    t.match(audit, [{ actor_username: 'admin', target_id: String(res.signalKey) }], 'the broadcast was audited');
  });

  t.test('a signal nobody waits for is accepted; machine accounts broadcast too', async (t) => {
    t.match(await machine.broadcastSignal({ signalName: 'khong-ai-cho', tenantId: '<default>' as never }), { signalKey: /^\d+$/, tenantId: '<default>' });
  });

  t.test('only machine accounts and engine operators broadcast; bad input is a 400 problem', async (t) => {
    for (const user of ['specialist', 'leader', 'supervisor', 'controller', 'reception']) {
      const res = await ctx.http('POST', '/v2/signals/broadcast', await ctx.token(user), { signalName: 'bao-khan-cap' });
      t.equal(res.status, 403, `${user} may not broadcast`);
    }
    const token = await ctx.token('admin');
    const empty = await ctx.http('POST', '/v2/signals/broadcast', token, { signalName: '' });
    t.equal(empty.status, 400);
    t.match(empty.type, /^application\/problem\+json/);
    t.equal((await ctx.http('POST', '/v2/signals/broadcast', token, {})).status, 400, 'no signal name');
    t.equal((await ctx.http('POST', '/v2/signals/broadcast', token, { signalName: 'x', tenantId: 'xa-demo' })).status, 400, 'no tenant but <default>');
    t.equal((await ctx.http('POST', '/v2/signals/broadcast', token, { signalName: 'x', variables: [1] })).status, 400, 'variables are an object');
    const instances = await ctx.http('POST', '/v2/process-instances/search', token, { filter: { processDefinitionId: 'canh-bao-thien-tai' } });
    t.equal((instances.body.items as unknown[]).length, 1, 'the refused broadcasts started nothing');
  });
});
