/**
 * Conformance: the `/v2` read models (engine-reads.ts) — variables with int64 keys, a user task's
 * variables, one element instance, jobs, message subscriptions, the sequence flows taken and the
 * process definitions — on every engine target (the Zeebe adapter reads them through `/v2`).
 */
import t from 'tap';
import { bpmn, chain, definitions, el, ext, flow, io, message, msgDef, processXml, serviceTask, timer } from './bpmn.ts';
import { engineTargets, jobsOf, uid } from './harness.ts';

/** Camunda 8.8's `LongKey`: what its generated client accepts as a key. */
const LONG_KEY = /^-?[0-9]{1,25}$/;

for (const target of engineTargets()) {
  t.test(target.name, async (t) => {
    const e = await target.open();
    const { engine } = e;
    t.teardown(() => e.close());

    t.test('variables: int64 keys by scope, stable on update, gone with their scope; one by key', async (t) => {
      const id = uid();
      const type = uid('job');
      await engine.deployResources([{ name: 'v.bpmn', content: bpmn(id, el('startEvent', 's'), serviceTask('t1', type, io({ local: '=x + 1' })), el('endEvent', 'e'), chain('s', 't1', 'e')) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { x: 1, hoTen: 'Nguyễn Văn An' } });
      await e.settle();
      const [job] = await jobsOf(engine, type);
      const all = await engine.listVariables({ processInstanceKey });
      t.same(all.map((v) => [v.name, v.value, v.scopeKey]).sort(), [['hoTen', 'Nguyễn Văn An', processInstanceKey], ['local', 2, job!.elementInstanceKey], ['x', 1, processInstanceKey]]);
      for (const v of all) t.match(v.variableKey, LONG_KEY, `${v.name}: an int64 key`);
      t.equal(new Set(all.map((v) => v.variableKey)).size, 3, 'distinct keys');
      t.same((await engine.listVariables({ processInstanceKey, scopeKey: processInstanceKey })).map((v) => v.name).sort(), ['hoTen', 'x'], 'one scope');
      const x = all.find((v) => v.name === 'x')!;
      const local = all.find((v) => v.name === 'local')!;
      t.match(await engine.getVariable(x.variableKey), { variableKey: x.variableKey, name: 'x', value: 1, scopeKey: processInstanceKey, processInstanceKey });
      await engine.setVariables({ elementInstanceKey: processInstanceKey, variables: { x: 5 } });
      await e.settle();
      t.match(await engine.getVariable(x.variableKey), { name: 'x', value: 5 }, 'an update keeps the key');
      await engine.completeJob(job!.key, {});
      await e.settle();
      t.equal(await engine.getVariable(local.variableKey), undefined, 'a variable gone with its scope');
      t.equal(await engine.getVariable('9223372036854775807'), undefined, 'an unknown key');
    });

    t.test('a user task\'s variables: its scope and the scopes enclosing it', async (t) => {
      const id = uid();
      const task = `<bpmn:userTask id="review">${ext('<zeebe:userTask/>', io({ ghiChu: '="cần bổ sung"' }))}</bpmn:userTask>`;
      await engine.deployResources([{ name: 'ut.bpmn', content: bpmn(id, el('startEvent', 's'), task, el('endEvent', 'e'), chain('s', 'review', 'e')) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { maHoSo: 'HS-1' } });
      await e.settle();
      const [ut] = await engine.listUserTasks({ processInstanceKey, state: 'CREATED' });
      const vars = await engine.listUserTaskVariables(ut!.key);
      t.same(vars.map((v) => [v.name, v.value, v.scopeKey]).sort(), [['ghiChu', 'cần bổ sung', ut!.elementInstanceKey], ['maHoSo', 'HS-1', processInstanceKey]]);
    });

    t.test('one element instance, active then completed; jobs as they are', async (t) => {
      const id = uid();
      const type = uid('job');
      await engine.deployResources([{ name: 'j.bpmn', content: linear2(id, type) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      await e.settle();
      const [created] = await engine.searchJobs({ processInstanceKey });
      t.match(created, { type, state: 'CREATED', retries: 3, worker: null, deadline: null, elementId: 't1', processInstanceKey, bpmnProcessId: id });
      t.match(created!.key, LONG_KEY);
      const [job] = await jobsOf(engine, type);
      t.equal(job!.key, created!.key);
      const active = await engine.getElementInstance(job!.elementInstanceKey);
      t.match(active, { elementInstanceKey: job!.elementInstanceKey, elementId: 't1', elementType: 'bpmn:ServiceTask', state: 'ACTIVE', leftAt: null, processInstanceKey, bpmnProcessId: id });
      t.match((await engine.searchJobs({ jobKey: job!.key }))[0], { worker: 'test', state: 'CREATED' });
      t.ok((await engine.searchJobs({ jobKey: job!.key }))[0]!.deadline, 'an activated job has its deadline');
      await engine.failJob({ jobKey: job!.key, retries: 2, errorMessage: 'Mất kết nối' });
      await e.settle();
      t.match((await engine.searchJobs({ jobKey: job!.key }))[0], { state: 'FAILED', retries: 2, errorMessage: 'Mất kết nối' });
      const [again] = await jobsOf(engine, type);
      await engine.completeJob(again!.key, {});
      await e.settle();
      t.same(await engine.searchJobs({ processInstanceKey }), [], 'a completed job is gone');
      const done = await engine.getElementInstance(job!.elementInstanceKey);
      t.match(done, { elementId: 't1', state: 'COMPLETED', processInstanceKey });
      t.ok(done!.leftAt, 'left');
      t.equal(await engine.getElementInstance('9223372036854775807'), undefined);
    });

    t.test('message subscriptions: open while the catch event waits', async (t) => {
      const id = uid();
      const name = uid('msg');
      const xml = definitions(processXml(id, el('startEvent', 's'), el('intermediateCatchEvent', 'cho', msgDef('m')), el('endEvent', 'e'), chain('s', 'cho', 'e')), message('m', name, '=maHoSo'));
      await engine.deployResources([{ name: 'm.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { maHoSo: 'HS-9' } });
      await e.settle();
      const subs = await engine.searchMessageSubscriptions({ processInstanceKey });
      t.match(subs, [{ messageName: name, correlationKey: 'HS-9', elementId: 'cho', processInstanceKey, bpmnProcessId: id }]);
      t.match(subs[0]!.key, LONG_KEY);
      await engine.correlateMessage({ name, correlationKey: 'HS-9' });
      await e.settle();
      t.same(await engine.searchMessageSubscriptions({ processInstanceKey }), []);
    });

    t.test('sequence flows taken: each once, the branch not taken absent', async (t) => {
      const id = uid();
      const xml = bpmn(id, el('startEvent', 's'), el('exclusiveGateway', 'gw', '', 'default="f_no"'), el('endEvent', 'yes'), el('endEvent', 'no'),
        flow('f_s_gw', 's', 'gw'), flow('f_yes', 'gw', 'yes', '=ok'), flow('f_no', 'gw', 'no'));
      await engine.deployResources([{ name: 'g.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { ok: true } });
      await e.settle();
      t.same(await engine.getTakenSequenceFlows(processInstanceKey), ['f_s_gw', 'f_yes']);
    });

    t.test('sequence flows taken through an event-based gateway: to the event that occurred', async (t) => {
      const id = uid();
      const name = uid('msg');
      const xml = definitions(processXml(id, el('startEvent', 's'), el('eventBasedGateway', 'ebg'), el('intermediateCatchEvent', 'tin', msgDef('m')),
        el('intermediateCatchEvent', 'het-han', timer('timeDuration', 'PT1H')), el('endEvent', 'e1'), el('endEvent', 'e2'),
        flow('f_s', 's', 'ebg'), flow('f_tin', 'ebg', 'tin'), flow('f_het_han', 'ebg', 'het-han'), flow('f_e1', 'tin', 'e1'), flow('f_e2', 'het-han', 'e2')), message('m', name, '="k"'));
      await engine.deployResources([{ name: 'ebg.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      await e.settle();
      await engine.correlateMessage({ name, correlationKey: 'k' });
      await e.settle();
      t.same(await engine.getTakenSequenceFlows(processInstanceKey), ['f_s', 'f_tin', 'f_e1']);
    });

    t.test('instance search (one set query): state, incident flag, parent, no variables', async (t) => {
      const id = uid();
      const type = uid('job');
      await engine.deployResources([{ name: 's.bpmn', content: linear2(id, type) }]);
      const a = await engine.createProcessInstance({ bpmnProcessId: id, variables: { maHoSo: 'HS-A' } });
      const b = await engine.createProcessInstance({ bpmnProcessId: id, variables: { maHoSo: 'HS-B' } });
      await e.settle();
      const [job] = (await jobsOf(engine, type)).filter((j) => j.processInstanceKey === a.processInstanceKey);
      await engine.failJob({ jobKey: job!.key, retries: 0, errorMessage: 'hết lượt' });
      await e.settle();
      const found = await engine.searchProcessInstances({ bpmnProcessId: id });
      t.same(found.map((p) => [p.processInstanceKey, p.state, p.hasIncident, p.variables, p.version, p.parentProcessInstanceKey]),
        [[b.processInstanceKey, 'ACTIVE', false, {}, 1, null], [a.processInstanceKey, 'ACTIVE', true, {}, 1, null]], 'newest first');
      t.same((await engine.searchProcessInstances({ bpmnProcessId: id, variables: { maHoSo: 'HS-B' } })).map((p) => p.processInstanceKey), [b.processInstanceKey]);
      const [incident] = await engine.listIncidents({ processInstanceKey: a.processInstanceKey });
      await engine.updateJobRetries(job!.key, 1);
      await engine.resolveIncident(incident!.key);
      await e.settle();
      t.equal((await engine.searchProcessInstances({ bpmnProcessId: id })).find((p) => p.processInstanceKey === a.processInstanceKey)!.hasIncident, false, 'resolved');
    });

    t.test('process definitions: by id and by key, with the process name', async (t) => {
      const id = uid();
      const v1 = definitions(`<bpmn:process id="${id}" name="Đăng ký khai sinh" isExecutable="true">${ext('<zeebe:versionTag value="2026.1"/>')}${el('startEvent', 's')}${el('endEvent', 'e')}${chain('s', 'e')}</bpmn:process>`);
      const [d1] = await engine.deployResources([{ name: 'khai-sinh.bpmn', content: v1 }]);
      const [d2] = await engine.deployResources([{ name: 'khai-sinh.bpmn', content: v1.replace('Đăng ký khai sinh', 'Đăng ký khai sinh (2)') }]);
      const found = await engine.searchProcessDefinitions({ bpmnProcessId: id });
      t.match(found, [
        { processDefinitionKey: d1!.processDefinitionKey, bpmnProcessId: id, version: 1, resourceName: 'khai-sinh.bpmn', name: 'Đăng ký khai sinh', versionTag: '2026.1' },
        { processDefinitionKey: d2!.processDefinitionKey, version: 2, name: 'Đăng ký khai sinh (2)' },
      ]);
      t.same((await engine.searchProcessDefinitions({ processDefinitionKey: d2!.processDefinitionKey })).map((d) => d.version), [2]);
      t.same(await engine.searchProcessDefinitions({ processDefinitionKey: '9223372036854775807' }), []);
    });
  });
}

/** Start → one service task → end. */
function linear2(id: string, type: string): string {
  return bpmn(id, el('startEvent', 's'), serviceTask('t1', type), el('endEvent', 'e'), chain('s', 't1', 'e'));
}
