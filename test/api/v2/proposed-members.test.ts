/**
 * The routes waiting on interface gaps use the proposed members as soon as the engine has them:
 * here the embedded engine is wrapped with test doubles of those members.
 */
import t from 'tap';
import { NotFoundError } from '../../../engine-adapter/errors.ts';
import type { EmbeddedEngine } from '../../../engine-adapter/embedded/index.ts';
import type { ProposedEngineMembers } from '../../../api/routes/v2/gaps.ts';
import type { WorkflowEngine } from '../../../engine-adapter/workflow-engine.ts';
import { databaseTargets } from '../../helpers/databases.ts';
import { fixture, openV2App } from './helpers.ts';

/** The embedded engine plus doubles of the proposed members, recording what they need. */
function withProposedMembers(engine: EmbeddedEngine): WorkflowEngine {
  const xml = new Map<string, string>();
  const instances: string[] = [];
  const extra: Partial<WorkflowEngine> & ProposedEngineMembers = {
    async deployResources(resources) {
      const deployed = await engine.deployResources(resources);
      for (const d of deployed) xml.set(d.processDefinitionKey, resources.find((r) => r.name === d.resourceName)!.content);
      return deployed;
    },
    async createProcessInstance(request) {
      const ref = await engine.createProcessInstance(request);
      instances.push(ref.processInstanceKey);
      return ref;
    },
    async getProcessDefinitionXml(key) {
      const found = xml.get(key);
      if (!found) throw new NotFoundError('Process definition', key);
      return found;
    },
    async searchProcessInstances() {
      return (await Promise.all(instances.map((k) => engine.getProcessInstance(k)))).filter((p) => p !== undefined);
    },
    async createProcessInstanceByKey() {
      throw new NotFoundError('Process definition', 'by key');
    },
    async correlateMessage(request) {
      if (request.correlationKey === 'khong-ai-cho') throw new NotFoundError('Message subscription', `${request.name}/${request.correlationKey}`);
      const res = await engine.publishMessage({ ...request, timeToLive: 0 });
      return { messageKey: res.messageKey, processInstanceKey: instances.at(-1)! };
    },
  };
  return new Proxy(engine, {
    get(target, prop) {
      if (prop in extra) return extra[prop as keyof typeof extra];
      const value = Reflect.get(target, prop) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as unknown as WorkflowEngine;
}

const [target] = databaseTargets();

t.test('proposed engine members light up their routes', async (t) => {
  const ctx = await openV2App(target!, { wrapEngine: withProposedMembers });
  t.teardown(() => ctx.close());
  const admin = ctx.client(await ctx.token('admin'));
  const deployed = await admin.deployResources([fixture('tiep-nhan-v2.bpmn'), fixture('cho-phi-v2.bpmn')]);
  const [tiepNhan, choPhi] = deployed.processes;

  const xml = await admin.getProcessDefinitionXML(tiepNhan!.processDefinitionKey);
  t.equal(xml, fixture('tiep-nhan-v2.bpmn').content, 'the deployed XML, as text');
  const missing = await admin.getProcessDefinitionXML('424242').catch((e: unknown) => e);
  t.match(missing, { statusCode: 404 });

  const first = await admin.createProcessInstance({ processDefinitionId: 'tiep-nhan-v2', variables: {} });
  const waiting = await admin.createProcessInstance({ processDefinitionId: 'cho-phi-v2', variables: { maHoSo: 'HS-9' } });
  const all = await admin.searchProcessInstances({ filter: {}, sort: [{ field: 'processInstanceKey', order: 'DESC' }] });
  t.same(all.items.map((p) => p.processInstanceKey), [waiting.processInstanceKey, first.processInstanceKey], 'every instance, sorted');
  const byDefinition = await admin.searchProcessInstances({ filter: { processDefinitionKey: choPhi!.processDefinitionKey } });
  t.same(byDefinition.items.map((p) => p.processInstanceKey), [waiting.processInstanceKey]);
  const elements = await admin.searchElementInstances({ filter: { elementId: 'kiem-tra' } });
  t.same(elements.items.map((e) => e.processInstanceKey), [first.processInstanceKey], 'element instances across instances');

  const correlated = await admin.correlateMessage({ name: 'da-nop-phi-v2', correlationKey: 'HS-9' });
  t.equal(correlated.processInstanceKey, waiting.processInstanceKey);
  const nobody = await admin.correlateMessage({ name: 'da-nop-phi-v2', correlationKey: 'khong-ai-cho' }).catch((e: unknown) => e);
  t.match(nobody, { statusCode: 404, title: 'NOT_FOUND' }, 'no open subscription → 404');
  const byKey = await admin.createProcessInstance({ processDefinitionKey: '1', variables: {} }).catch((e: unknown) => e);
  t.match(byKey, { statusCode: 404 }, 'creation by key goes to the member');
});
