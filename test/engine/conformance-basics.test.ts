/** Conformance: deployment, bad input, tasks, variables and mappings. */
import t from 'tap';
import { bpmn, chain, definitions, el, ext, flow, headers, io, linear, processXml, serviceTask, taskDef } from './bpmn.ts';
import { activeElements, completeAll, completedElements, engineTargets, jobsOf, rejected, uid } from './harness.ts';

for (const target of engineTargets()) {
  t.test(target.name, async (t) => {
    const e = await target.open();
    const { engine } = e;
    t.teardown(() => e.close());

    t.test('identical XML keeps its version, changed XML gets the next one, instances stay on theirs', async (t) => {
      const id = uid();
      const v1 = linear(id, `${id}-a`);
      const [d1] = await engine.deployResources([{ name: 'x.bpmn', content: v1 }]);
      const [d1b] = await engine.deployResources([{ name: 'x.bpmn', content: v1 }]);
      t.equal(d1b!.version, 1);
      t.equal(d1b!.processDefinitionKey, d1!.processDefinitionKey);
      const old = await engine.createProcessInstance({ bpmnProcessId: id });
      const [d2] = await engine.deployResources([{ name: 'x.bpmn', content: linear(id, `${id}-b`) }]);
      t.equal(d2!.version, 2);
      const latest = await engine.createProcessInstance({ bpmnProcessId: id });
      t.equal(latest.version, 2);
      const pinned = await engine.createProcessInstance({ bpmnProcessId: id, version: 1 });
      t.equal(pinned.version, 1);
      t.equal((await jobsOf(engine, `${id}-a`)).length, 2, 'old and pinned instances wait on v1 task');
      t.equal((await jobsOf(engine, `${id}-b`)).length, 1);
      t.equal((await engine.getProcessInstance(old.processInstanceKey))!.version, 1);
    });

    t.test('malformed XML is rejected with line and column', async (t) => {
      const err = await engine.deployResources([{ name: 'bad.bpmn', content: bpmn(uid(), '<bpmn:startEvent id="s">') }]).catch((x) => x);
      rejected(t, e, err, 'BPMN_PARSE_ERROR', {}, /bad\.bpmn/);
      if (e.traits.deployErrors === 'typed') {
        t.type(err.line, 'number');
        t.type(err.column, 'number');
      }
    });

    t.test('a drawing that names a missing element deploys; a flow to a missing element does not', async (t) => {
      // The plane still names the process's old id (renamed in the XML): Zeebe deploys it, bpmn-js draws it.
      const id = uid();
      const drawing = `<bpmndi:BPMNDiagram id="d"><bpmndi:BPMNPlane id="p" bpmnElement="RenamedProcess">
        <bpmndi:BPMNShape id="s_di" bpmnElement="s"><dc:Bounds x="100" y="100" width="36" height="36"/></bpmndi:BPMNShape></bpmndi:BPMNPlane></bpmndi:BPMNDiagram>`;
      const xml = bpmn(id, el('startEvent', 's'), serviceTask('a', `${id}-a`), el('endEvent', 'e'), chain('s', 'a', 'e'))
        .replace('<bpmn:definitions ', '<bpmn:definitions xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" ')
        .replace('</bpmn:definitions>', `${drawing}\n</bpmn:definitions>`);
      const [deployed] = await engine.deployResources([{ name: 'drawn.bpmn', content: xml }]);
      t.equal(deployed?.bpmnProcessId, id);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      await completeAll(engine, `${id}-a`);
      t.equal((await engine.getProcessInstance(processInstanceKey))!.state, 'COMPLETED');
      const dangling = bpmn(uid(), el('startEvent', 's'), flow('f', 's', 'missing'));
      const err = await engine.deployResources([{ name: 'dangling.bpmn', content: dangling }]).catch((x) => x);
      rejected(t, e, err, 'BPMN_PARSE_ERROR', {}, /dangling\.bpmn/);
    });

    t.test('an unsupported element is rejected, naming it', async (t) => {
      const err = await engine.deployResources([{ name: 'c.bpmn', content: bpmn(uid(), el('startEvent', 's'), el('complexGateway', 'cg'), chain('s', 'cg')) }]).catch((x) => x);
      rejected(t, e, err, 'BPMN_UNSUPPORTED_ELEMENT', { elementId: 'cg', elementType: 'bpmn:ComplexGateway' }, /'cg'/);
    });

    t.test('an unsupported event definition is rejected, naming the element', async (t) => {
      const sig = '<bpmn:cancelEventDefinition/>';
      const err = await engine.deployResources([{ name: 'c.bpmn', content: bpmn(uid(), el('startEvent', 's'), el('intermediateThrowEvent', 'sig', sig), chain('s', 'sig')) }]).catch((x) => x);
      rejected(t, e, err, 'BPMN_UNSUPPORTED_ELEMENT', { elementId: 'sig' }, /'sig'/);
    });

    t.test('behaviour-changing Zeebe extensions the engine does not run are rejected', async (t) => {
      // A task listener of an event type Camunda 8.8 does not have.
      const listener = '<zeebe:userTask/><zeebe:taskListeners><zeebe:taskListener eventType="escalating" type="audit"/></zeebe:taskListeners>';
      const xml = bpmn(uid(), el('startEvent', 's'), `<bpmn:userTask id="t">${ext(listener)}</bpmn:userTask>`, chain('s', 't'));
      const err = await engine.deployResources([{ name: 'l.bpmn', content: xml }]).catch((x) => x);
      rejected(t, e, err, 'BPMN_UNSUPPORTED_ELEMENT', { elementId: 't', elementType: /TaskListener/ }, /'t'/);
    });

    t.test('a FEEL syntax error names the element and attribute', async (t) => {
      const xml = bpmn(uid(), el('startEvent', 's'), serviceTask('t', 'x', io({ y: '=a +' })), chain('s', 't'));
      const err = await engine.deployResources([{ name: 'f.bpmn', content: xml }]).catch((x) => x);
      rejected(t, e, err, 'FEEL_SYNTAX_ERROR', { elementId: 't', attribute: 'zeebe:input(y)' }, /'t'/);
    });

    t.test('a service task without a job type is rejected', async (t) => {
      const xml = bpmn(uid(), el('startEvent', 's'), el('serviceTask', 't'), chain('s', 't'));
      const err = await engine.deployResources([{ name: 'f.bpmn', content: xml }]).catch((x) => x);
      rejected(t, e, err, 'BPMN_MISSING_JOB_TYPE', { elementId: 't' }, /'t'/);
    });

    t.test('a deployment with one bad resource deploys nothing', async (t) => {
      const id = uid();
      const err = await engine.deployResources([{ name: 'ok.bpmn', content: linear(id, 'a') }, { name: 'bad.bpmn', content: '<nope' }]).catch((x) => x);
      rejected(t, e, err, 'BPMN_PARSE_ERROR', {}, /bad\.bpmn/);
      const missing = await engine.createProcessInstance({ bpmnProcessId: id }).catch((x) => x);
      t.equal(missing.code, 'NOT_FOUND');
    });

    t.test('variables that are not a JSON object are rejected', async (t) => {
      const id = uid();
      await engine.deployResources([{ name: 'v.bpmn', content: linear(id, `${id}-a`) }]);
      for (const variables of [[1, 2], 'text', 5]) {
        const err = await engine.createProcessInstance({ bpmnProcessId: id, variables: variables as never }).catch((x) => x);
        t.equal(err.code, 'INVALID_VARIABLES');
      }
    });

    t.test('none start → none end completes at once', async (t) => {
      const id = uid();
      await engine.deployResources([{ name: 'n.bpmn', content: bpmn(id, el('startEvent', 's'), el('intermediateThrowEvent', 'th'), el('endEvent', 'e'), chain('s', 'th', 'e')) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      t.equal((await engine.getProcessInstance(processInstanceKey))!.state, 'COMPLETED');
      t.same(await completedElements(engine, processInstanceKey), [id, 's', 'th', 'e']);
    });

    t.test('manual and undefined tasks pass through', async (t) => {
      const id = uid();
      await engine.deployResources([{ name: 'm.bpmn', content: bpmn(id, el('startEvent', 's'), el('manualTask', 'm'), el('task', 'u'), el('endEvent', 'e'), chain('s', 'm', 'u', 'e')) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      t.equal((await engine.getProcessInstance(processInstanceKey))!.state, 'COMPLETED');
    });

    t.test('send, business-rule and job-based script tasks create jobs', async (t) => {
      const id = uid();
      const body = [el('startEvent', 's'), el('sendTask', 'a', ext(taskDef(`${id}-send`))), el('businessRuleTask', 'b', ext(taskDef(`${id}-rule`))),
        el('scriptTask', 'c', ext(taskDef(`${id}-script`))), el('endEvent', 'e'), chain('s', 'a', 'b', 'c', 'e')];
      await engine.deployResources([{ name: 's.bpmn', content: bpmn(id, ...body) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      for (const type of ['send', 'rule', 'script']) t.equal((await completeAll(engine, `${id}-${type}`)).length, 1, type);
      t.equal((await engine.getProcessInstance(processInstanceKey))!.state, 'COMPLETED');
    });

    t.test('a FEEL script task sets its result variable', async (t) => {
      const id = uid();
      const script = '<zeebe:script expression="=a * 2 + count(items)" resultVariable="r"/>';
      await engine.deployResources([{ name: 's.bpmn', content: bpmn(id, el('startEvent', 's'), el('scriptTask', 'c', ext(script)), el('endEvent', 'e'), chain('s', 'c', 'e')) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { a: 20, items: [1, 2] } });
      t.equal((await engine.getProcessInstance(processInstanceKey))!.variables.r, 42);
    });

    t.test('job carries headers, variables after input mappings, retries from the definition', async (t) => {
      const id = uid();
      const task = `<bpmn:serviceTask id="t">${ext(taskDef(`${id}-h`, 5), headers({ form: 'khai-sinh', sla: 'P3D' }), io({ who: '=applicant.name' }))}</bpmn:serviceTask>`;
      await engine.deployResources([{ name: 'h.bpmn', content: bpmn(id, el('startEvent', 's'), task, el('endEvent', 'e'), chain('s', 't', 'e')) }]);
      await engine.createProcessInstance({ bpmnProcessId: id, variables: { applicant: { name: 'Lan' } } });
      const [job] = await jobsOf(engine, `${id}-h`);
      t.same(job!.customHeaders, { form: 'khai-sinh', sla: 'P3D' });
      t.equal(job!.variables.who, 'Lan');
      t.equal(job!.retries, 5);
      t.equal(job!.elementId, 't');
    });

    t.test('output mappings shape what reaches the process scope; inputs stay local', async (t) => {
      const id = uid();
      const task = serviceTask('t', `${id}-o`, io({ local: '=1' }, { total: '=price * qty' }));
      await engine.deployResources([{ name: 'o.bpmn', content: bpmn(id, el('startEvent', 's'), task, el('endEvent', 'e'), chain('s', 't', 'e')) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { qty: 3 } });
      await completeAll(engine, `${id}-o`, { price: 5, noise: true });
      t.same((await engine.getProcessInstance(processInstanceKey))!.variables, { qty: 3, total: 15 });
    });

    t.test('job variables without output mappings propagate to the root scope', async (t) => {
      const id = uid();
      await engine.deployResources([{ name: 'p.bpmn', content: linear(id, `${id}-p`) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { a: 1 } });
      await completeAll(engine, `${id}-p`, { a: 2, b: 'x' });
      t.same((await engine.getProcessInstance(processInstanceKey))!.variables, { a: 2, b: 'x' });
    });

    t.test('setVariables: local on an element scope vs propagated to the root', async (t) => {
      const id = uid();
      await engine.deployResources([{ name: 'sv.bpmn', content: linear(id, `${id}-sv`) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { a: 1 } });
      const [job] = await jobsOf(engine, `${id}-sv`);
      await engine.setVariables({ elementInstanceKey: job!.elementInstanceKey, variables: { onlyHere: true }, local: true });
      await engine.setVariables({ elementInstanceKey: processInstanceKey, variables: { a: 7 } });
      t.same((await engine.getProcessInstance(processInstanceKey))!.variables, { a: 7 });
      const bad = await engine.setVariables({ elementInstanceKey: processInstanceKey, variables: [] as never }).catch((x) => x);
      t.equal(bad.code, 'INVALID_VARIABLES');
      await engine.completeJob(job!.key);
      t.same((await engine.getProcessInstance(processInstanceKey))!.variables, { a: 7 });
    });

    t.test('a job activated after setVariables sees the new values', async (t) => {
      const id = uid();
      await engine.deployResources([{ name: 'sv2.bpmn', content: linear(id, `${id}-late`) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { status: 'new' } });
      await engine.setVariables({ elementInstanceKey: processInstanceKey, variables: { status: 'checked' } });
      const [job] = await jobsOf(engine, `${id}-late`);
      t.equal(job!.variables.status, 'checked');
    });

    t.test('a job type given as FEEL is evaluated per instance', async (t) => {
      const id = uid();
      const task = `<bpmn:serviceTask id="t">${ext(taskDef(`="${id}-" + kind`))}</bpmn:serviceTask>`;
      await engine.deployResources([{ name: 'ft.bpmn', content: bpmn(id, el('startEvent', 's'), task, el('endEvent', 'e'), chain('s', 't', 'e')) }]);
      await engine.createProcessInstance({ bpmnProcessId: id, variables: { kind: 'green' } });
      t.equal((await jobsOf(engine, `${id}-green`)).length, 1);
    });

    t.test('a process with several flows out of a task forks implicitly', async (t) => {
      const id = uid();
      const body = [el('startEvent', 's'), serviceTask('a', `${id}-a`), serviceTask('b', `${id}-b`), el('endEvent', 'e1'), el('endEvent', 'e2'),
        flow('f1', 's', 'a'), flow('f2', 's', 'b'), flow('f3', 'a', 'e1'), flow('f4', 'b', 'e2')];
      await engine.deployResources([{ name: 'fork.bpmn', content: bpmn(id, ...body) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      t.same(await activeElements(engine, processInstanceKey), [id, 'a', 'b'].sort());
      await completeAll(engine, `${id}-a`);
      t.equal((await engine.getProcessInstance(processInstanceKey))!.state, 'ACTIVE');
      await completeAll(engine, `${id}-b`);
      t.equal((await engine.getProcessInstance(processInstanceKey))!.state, 'COMPLETED');
    });

    t.test('two processes in one resource are both deployed', async (t) => {
      const a = uid();
      const b = uid();
      const xml = definitions(processXml(a, el('startEvent', 's'), el('endEvent', 'e'), chain('s', 'e')), processXml(b, el('startEvent', 's2'), el('endEvent', 'e2'), chain('s2', 'e2')));
      const deployed = await engine.deployResources([{ name: 'two.bpmn', content: xml }]);
      t.same(deployed.map((d) => d.bpmnProcessId), [a, b]);
    });
  });
}
