/**
 * The `/v2` routes that reach a definition by its key, or instances across definitions, on the real
 * embedded engine: XML by definition key, creation by definition key, process-instance and
 * element-instance search without a `processInstanceKey` filter.
 */
import t from 'tap';
import { databaseTargets } from '../../helpers/databases.ts';
import { fixture, openV2App } from './helpers.ts';

const [target] = databaseTargets();

t.test('definitions by key and searches across instances', async (t) => {
  const ctx = await openV2App(target!);
  t.teardown(() => ctx.close());
  const token = await ctx.token('admin');
  const admin = ctx.client(token);
  const deployed = await admin.deployResources([fixture('tiep-nhan-v2.bpmn'), fixture('cho-phi-v2.bpmn')]);
  const [tiepNhan, choPhi] = deployed.processes;

  t.test('the XML of a definition, as deployed, in text/xml', async (t) => {
    t.equal(await admin.getProcessDefinitionXML(tiepNhan!.processDefinitionKey), fixture('tiep-nhan-v2.bpmn').content);
    const res = await fetch(`${ctx.baseUrl}/v2/process-definitions/${choPhi!.processDefinitionKey}/xml`, { headers: { authorization: `Bearer ${token}` } });
    t.equal(res.status, 200);
    t.match(res.headers.get('content-type'), /^text\/xml/);
    t.equal(await res.text(), fixture('cho-phi-v2.bpmn').content);
  });

  t.test('creation by definition key, then searches without a key filter', async (t) => {
    const first = await admin.createProcessInstance({ processDefinitionKey: tiepNhan!.processDefinitionKey, variables: { maHoSo: 'HS-8' } });
    t.match(first, { processDefinitionKey: tiepNhan!.processDefinitionKey, processDefinitionId: 'tiep-nhan-v2', processDefinitionVersion: 1 });
    const waiting = await admin.createProcessInstance({ processDefinitionId: 'cho-phi-v2', variables: { maHoSo: 'HS-9' } });

    const all = await admin.searchProcessInstances({ filter: {}, sort: [{ field: 'processInstanceKey', order: 'DESC' }] });
    t.same(all.items.map((p) => p.processInstanceKey), [waiting.processInstanceKey, first.processInstanceKey], 'every instance, sorted');
    const byDefinition = await admin.searchProcessInstances({ filter: { processDefinitionKey: choPhi!.processDefinitionKey } });
    t.same(byDefinition.items.map((p) => p.processInstanceKey), [waiting.processInstanceKey]);
    const elements = await admin.searchElementInstances({ filter: { elementId: 'kiem-tra' } });
    t.same(elements.items.map((e) => e.processInstanceKey), [first.processInstanceKey], 'element instances across instances');

    await admin.correlateMessage({ name: 'da-nop-phi-v2', correlationKey: 'HS-9' });
    const done = await admin.searchProcessInstances({ filter: { state: 'COMPLETED' } });
    t.same(done.items.map((p) => p.processInstanceKey), [waiting.processInstanceKey], 'the correlated instance completed');
  });
});
