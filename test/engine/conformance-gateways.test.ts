/** Conformance: exclusive, parallel, inclusive and event-based gateways. */
import t from 'tap';
import { bpmn, chain, el, flow, message, msgDef, serviceTask, timer, definitions, processXml } from './bpmn.ts';
import { activeElements, completeAll, completedElements, engineTargets, uid } from './harness.ts';

function exclusiveProcess(id: string, withDefault: boolean, smallCondition = '=amount <= 100'): string {
  return bpmn(id, el('startEvent', 's'), el('exclusiveGateway', 'g', '', withDefault ? 'default="fd"' : ''),
    el('endEvent', 'big'), el('endEvent', 'small'), el('endEvent', 'other'), flow('f0', 's', 'g'),
    flow('fb', 'g', 'big', '=amount > 100'), flow('fs', 'g', 'small', smallCondition), ...(withDefault ? [flow('fd', 'g', 'other')] : []));
}

function splitJoin(id: string, kind: 'parallelGateway' | 'inclusiveGateway', conds: [string?, string?, string?] = []): string {
  return bpmn(id, el('startEvent', 's'), el(kind, 'fork'), serviceTask('a', `${id}-a`), serviceTask('b', `${id}-b`), serviceTask('c', `${id}-c`),
    el(kind, 'join'), serviceTask('after', `${id}-after`), el('endEvent', 'e'), flow('f0', 's', 'fork'),
    flow('fa', 'fork', 'a', conds[0]), flow('fb', 'fork', 'b', conds[1]), flow('fc', 'fork', 'c', conds[2]),
    flow('ja', 'a', 'join'), flow('jb', 'b', 'join'), flow('jc', 'c', 'join'), chain('join', 'after', 'e'));
}

for (const target of engineTargets()) {
  t.test(target.name, async (t) => {
    const e = await target.open();
    const { engine } = e;
    t.teardown(() => e.close());

    t.test('exclusive gateway takes the first true condition', async (t) => {
      const id = uid();
      await engine.deployResources([{ name: 'x.bpmn', content: exclusiveProcess(id, false) }]);
      const a = await engine.createProcessInstance({ bpmnProcessId: id, variables: { amount: 500 } });
      const b = await engine.createProcessInstance({ bpmnProcessId: id, variables: { amount: 5 } });
      t.ok((await completedElements(engine, a.processInstanceKey)).includes('big'));
      t.ok((await completedElements(engine, b.processInstanceKey)).includes('small'));
    });

    t.test('exclusive gateway falls back to its default flow', async (t) => {
      const id = uid();
      await engine.deployResources([{ name: 'x.bpmn', content: exclusiveProcess(id, true, '=amount = 42') }]);
      const a = await engine.createProcessInstance({ bpmnProcessId: id, variables: { amount: 7 } });
      t.ok((await completedElements(engine, a.processInstanceKey)).includes('other'));
    });

    t.test('no matching condition → incident; fixed variables + resolve → continues', async (t) => {
      const id = uid();
      await engine.deployResources([{ name: 'x.bpmn', content: exclusiveProcess(id, false) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { other: 1 } });
      const [incident] = await engine.listIncidents({ processInstanceKey });
      t.equal(incident?.elementId, 'g');
      t.equal(incident?.errorType, 'CONDITION_ERROR');
      t.ok((await engine.getProcessInstance(processInstanceKey))!.hasIncident);
      await engine.setVariables({ elementInstanceKey: processInstanceKey, variables: { amount: 1000 } });
      await engine.resolveIncident(incident!.key);
      t.same(await engine.listIncidents({ processInstanceKey }), []);
      const view = await engine.getProcessInstance(processInstanceKey);
      t.equal(view!.state, 'COMPLETED');
      t.ok((await completedElements(engine, processInstanceKey)).includes('big'));
    });

    t.test('a condition that is not boolean raises an incident', async (t) => {
      const id = uid();
      const xml = bpmn(id, el('startEvent', 's'), el('exclusiveGateway', 'g'), el('endEvent', 'a'), el('endEvent', 'b'),
        flow('f0', 's', 'g'), flow('fa', 'g', 'a', '=amount'), flow('fb', 'g', 'b', '=false'));
      await engine.deployResources([{ name: 'x.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { amount: 3 } });
      const [incident] = await engine.listIncidents({ processInstanceKey });
      t.equal(incident?.errorType, 'CONDITION_ERROR');
      t.match(incident?.errorMessage, /BOOLEAN/);
    });

    t.test('parallel gateway forks and joins', async (t) => {
      const id = uid();
      await engine.deployResources([{ name: 'p.bpmn', content: splitJoin(id, 'parallelGateway') }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      t.same(await activeElements(engine, processInstanceKey), [id, 'a', 'b', 'c'].sort());
      await completeAll(engine, `${id}-a`);
      await completeAll(engine, `${id}-b`);
      t.equal((await completeAll(engine, `${id}-after`)).length, 0, 'join waits for all branches');
      await completeAll(engine, `${id}-c`);
      t.equal((await completeAll(engine, `${id}-after`)).length, 1, 'join fires exactly once');
      t.equal((await engine.getProcessInstance(processInstanceKey))!.state, 'COMPLETED');
    });

    t.test('inclusive gateway takes every true branch and joins only those', async (t) => {
      const id = uid();
      await engine.deployResources([{ name: 'i.bpmn', content: splitJoin(id, 'inclusiveGateway', ['=x > 0', '=x > 5', '=x > 10']) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { x: 7 } });
      t.same(await activeElements(engine, processInstanceKey), [id, 'a', 'b'].sort());
      await completeAll(engine, `${id}-a`);
      t.equal((await completeAll(engine, `${id}-after`)).length, 0);
      await completeAll(engine, `${id}-b`);
      t.equal((await completeAll(engine, `${id}-after`)).length, 1);
      t.equal((await engine.getProcessInstance(processInstanceKey))!.state, 'COMPLETED');
    });

    t.test('inclusive gateway with no true condition and no default → incident', async (t) => {
      const id = uid();
      await engine.deployResources([{ name: 'i.bpmn', content: splitJoin(id, 'inclusiveGateway', ['=x > 0', '=x > 5', '=x > 10']) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { x: -1 } });
      const [incident] = await engine.listIncidents({ processInstanceKey });
      t.equal(incident?.elementId, 'fork');
      await engine.setVariables({ elementInstanceKey: processInstanceKey, variables: { x: 20 } });
      await engine.resolveIncident(incident!.key);
      t.same(await activeElements(engine, processInstanceKey), [id, 'a', 'b', 'c'].sort());
    });

    t.test('event-based gateway: the message wins, the timer is dropped', async (t) => {
      const id = uid();
      const xml = definitions(message('m1', `${id}-paid`, '=orderId'), processXml(id, el('startEvent', 's'), el('eventBasedGateway', 'g'),
        el('intermediateCatchEvent', 'paid', msgDef('m1')), el('intermediateCatchEvent', 'late', timer('timeDuration', 'PT1H')),
        el('endEvent', 'ok'), el('endEvent', 'ko'), chain('s', 'g'), flow('f1', 'g', 'paid'), flow('f2', 'g', 'late'), chain('paid', 'ok'), chain('late', 'ko')));
      await engine.deployResources([{ name: 'eb.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { orderId: 'o-1' } });
      await engine.publishMessage({ name: `${id}-paid`, correlationKey: 'o-1', variables: { amount: 9 } });
      await e.advance(2 * 3600_000);
      const done = await completedElements(engine, processInstanceKey);
      t.ok(done.includes('ok'));
      t.notOk(done.includes('ko'));
      t.equal((await engine.getProcessInstance(processInstanceKey))!.variables.amount, 9);
    });

    t.test('event-based gateway: the timer wins, the subscription is dropped', async (t) => {
      const id = uid();
      const xml = definitions(message('m1', `${id}-paid`, '=orderId'), processXml(id, el('startEvent', 's'), el('eventBasedGateway', 'g'),
        el('intermediateCatchEvent', 'paid', msgDef('m1')), el('intermediateCatchEvent', 'late', timer('timeDuration', 'PT1H')),
        el('endEvent', 'ok'), el('endEvent', 'ko'), chain('s', 'g'), flow('f1', 'g', 'paid'), flow('f2', 'g', 'late'), chain('paid', 'ok'), chain('late', 'ko')));
      await engine.deployResources([{ name: 'eb.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { orderId: 'o-2' } });
      await e.advance(3600_000);
      await engine.publishMessage({ name: `${id}-paid`, correlationKey: 'o-2' });
      const done = await completedElements(engine, processInstanceKey);
      t.ok(done.includes('ko'));
      t.notOk(done.includes('ok'));
    });

    t.test('a loop through an exclusive gateway runs until its condition changes', async (t) => {
      const id = uid();
      const xml = bpmn(id, el('startEvent', 's'), el('exclusiveGateway', 'g', '', 'default="fdone"'), serviceTask('work', `${id}-w`), el('endEvent', 'e'),
        flow('f0', 's', 'g'), flow('fwork', 'g', 'work', '=n < 3'), flow('fback', 'work', 'g'), flow('fdone', 'g', 'e'));
      await engine.deployResources([{ name: 'loop.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { n: 0 } });
      for (let i = 0; i < 3; i++) await completeAll(engine, `${id}-w`, (job) => ({ n: (job.variables.n as number) + 1 }));
      t.equal((await engine.getProcessInstance(processInstanceKey))!.state, 'COMPLETED');
      t.equal((await engine.getProcessInstance(processInstanceKey))!.variables.n, 3);
    });
  });
}
