/**
 * The `/v2` routes that reach a definition by its key, or instances across definitions, on the real
 * embedded engine: XML by definition key, creation by definition key, process-instance and
 * element-instance search without a `processInstanceKey` filter, process-instance search by variables.
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

  t.test('the variables filter: JSON texts, all matching, passed to the engine or checked against the named instances', async (t) => {
    const v1 = await admin.createProcessInstance({ processDefinitionId: 'tiep-nhan-v2', variables: { maHoSo: 'HS-V1', soTien: 50_000 } });
    const v2 = await admin.createProcessInstance({ processDefinitionId: 'tiep-nhan-v2', variables: { maHoSo: 'HS-V2', soTien: 50_000 } });
    const found = async (filter: Record<string, unknown>) => {
      const res = await ctx.http('POST', '/v2/process-instances/search', token, { filter, sort: [{ field: 'processInstanceKey', order: 'DESC' }] });
      t.equal(res.status, 200, JSON.stringify(res.body));
      return (res.body.items as Array<{ processInstanceKey: string }>).map((p) => p.processInstanceKey);
    };
    const soTien = { name: 'soTien', value: '50000' };
    t.same(await found({ variables: [{ name: 'maHoSo', value: '"HS-V1"' }] }), [v1.processInstanceKey]);
    t.same(await found({ variables: [soTien] }), [v2.processInstanceKey, v1.processInstanceKey]);
    t.same(await found({ variables: [soTien, { name: 'maHoSo', value: { $eq: '"HS-V2"' } }] }), [v2.processInstanceKey], 'both must match; $eq as a plain value');
    t.same(await found({ variables: [{ name: 'soTien', value: '"50000"' }] }), [], 'the string "50000" is not the number');
    t.same(await found({ variables: [{ name: 'maHoSo', value: '"HS-V1"' }, { name: 'maHoSo', value: '"HS-V2"' }] }), [], 'one variable, two values: nothing');
    t.same(await found({ processInstanceKey: v1.processInstanceKey, variables: [{ name: 'maHoSo', value: '"HS-V1"' }] }), [v1.processInstanceKey]);
    t.same(await found({ processInstanceKey: { $in: [v1.processInstanceKey, v2.processInstanceKey] }, variables: [{ name: 'maHoSo', value: '"HS-V2"' }] }), [v2.processInstanceKey], 'with a key filter too');
    t.same(await found({ processDefinitionId: 'cho-phi-v2', variables: [soTien] }), [], 'and the other fields');

    const notJson = await ctx.http('POST', '/v2/process-instances/search', token, { filter: { variables: [{ name: 'maHoSo', value: 'HS-V1' }] } });
    t.match(notJson, { status: 400, body: { fields: [{ field: 'filter.variables[0].value' }], detailVi: /giá trị JSON/ } }, 'a value is a JSON text: a bare word is refused, naming the field');
    const like = await ctx.http('POST', '/v2/process-instances/search', token, { filter: { variables: [{ name: 'maHoSo', value: { $like: '"HS-*' } }] } });
    t.match(like, { status: 501, body: { detail: /operators other than \$eq in filter\.variables\[0\]\.value/ } });
    const noName = await ctx.http('POST', '/v2/process-instances/search', token, { filter: { variables: [{ value: '1' }] } });
    t.equal(noName.status, 400, 'an item names its variable');
  });
});
