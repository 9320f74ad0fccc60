/** Conformance: embedded sub-process, call activity, multi-instance. */
import t from 'tap';
import { boundary, bpmn, chain, definitions, el, errDef, error, ext, io, processXml, serviceTask, taskDef } from './bpmn.ts';
import { activeElements, completeAll, completedElements, engineTargets, jobsOf, uid } from './harness.ts';

function miTask(id: string, type: string, sequential: boolean, extra = ''): string {
  const loop = `<bpmn:multiInstanceLoopCharacteristics isSequential="${sequential}">${ext(`<zeebe:loopCharacteristics inputCollection="=items" inputElement="item" outputCollection="results" outputElement="=result"/>`)}${extra}</bpmn:multiInstanceLoopCharacteristics>`;
  return `<bpmn:serviceTask id="${id}">${ext(taskDef(type))}${loop}</bpmn:serviceTask>`;
}

function callXml(parent: string, child: string, calledExtras = ''): string {
  return bpmn(parent, el('startEvent', 's'), `<bpmn:callActivity id="call">${ext(`<zeebe:calledElement processId="${child}"${calledExtras}/>`)}</bpmn:callActivity>`, el('endEvent', 'e'), chain('s', 'call', 'e'));
}

for (const target of engineTargets()) {
  t.test(target.name, async (t) => {
    const e = await target.open();
    const { engine } = e;
    t.teardown(() => e.close());
    const view = async (key: string) => (await engine.getProcessInstance(key))!;

    t.test('embedded sub-process runs its own flow; local variables stay inside', async (t) => {
      const id = uid();
      const sub = `<bpmn:subProcess id="sp">${ext(io({ inner: '=1' }))}${el('startEvent', 'ss')}${serviceTask('a', `${id}-a`)}${el('endEvent', 'se')}${chain('ss', 'a', 'se')}</bpmn:subProcess>`;
      await engine.deployResources([{ name: 'sp.bpmn', content: bpmn(id, el('startEvent', 's'), sub, el('endEvent', 'e'), chain('s', 'sp', 'e')) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      t.same(await activeElements(engine, processInstanceKey), [id, 'a', 'sp'].sort());
      const [job] = await jobsOf(engine, `${id}-a`);
      t.equal(job!.variables.inner, 1);
      await engine.completeJob(job!.key, { inner: 2, out: 'x' });
      const v = await view(processInstanceKey);
      t.equal(v.state, 'COMPLETED');
      t.same(v.variables, { out: 'x' }, 'inner was local to the sub-process');
      t.same(await completedElements(engine, processInstanceKey), [id, 's', 'sp', 'ss', 'a', 'se', 'e']);
    });

    t.test('call activity: parent variables in, child variables out', async (t) => {
      const parent = uid();
      const child = uid();
      await engine.deployResources([{ name: 'c.bpmn', content: bpmn(child, el('startEvent', 'cs'), serviceTask('ct', `${child}-t`), el('endEvent', 'ce'), chain('cs', 'ct', 'ce')) }]);
      await engine.deployResources([{ name: 'p.bpmn', content: callXml(parent, child) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: parent, variables: { applicant: 'Minh' } });
      const [job] = await jobsOf(engine, `${child}-t`);
      t.equal(job!.variables.applicant, 'Minh');
      t.not(job!.processInstanceKey, processInstanceKey);
      t.equal((await view(job!.processInstanceKey)).parentProcessInstanceKey, processInstanceKey);
      await engine.completeJob(job!.key, { approved: true });
      t.equal((await view(job!.processInstanceKey)).state, 'COMPLETED');
      const v = await view(processInstanceKey);
      t.equal(v.state, 'COMPLETED');
      t.same(v.variables, { applicant: 'Minh', approved: true });
    });

    t.test('call activity without propagation: only input and output mappings cross', async (t) => {
      const parent = uid();
      const child = uid();
      await engine.deployResources([{ name: 'c.bpmn', content: bpmn(child, el('startEvent', 'cs'), serviceTask('ct', `${child}-t`), el('endEvent', 'ce'), chain('cs', 'ct', 'ce')) }]);
      const call = `<bpmn:callActivity id="call">${ext(`<zeebe:calledElement processId="${child}" propagateAllChildVariables="false" propagateAllParentVariables="false"/>`, io({ who: '=applicant' }, { verdict: '=decision' }))}</bpmn:callActivity>`;
      await engine.deployResources([{ name: 'p.bpmn', content: bpmn(parent, el('startEvent', 's'), call, el('endEvent', 'e'), chain('s', 'call', 'e')) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: parent, variables: { applicant: 'Hoa', secret: 1 } });
      const [job] = await jobsOf(engine, `${child}-t`);
      t.same(job!.variables, { who: 'Hoa' });
      await engine.completeJob(job!.key, { decision: 'ok', noise: 2 });
      t.same((await view(processInstanceKey)).variables, { applicant: 'Hoa', secret: 1, verdict: 'ok' });
    });

    t.test('an error thrown in a called process is caught on the call activity', async (t) => {
      const parent = uid();
      const child = uid();
      const childXml = definitions(error('err', 'DENIED'), processXml(child, el('startEvent', 'cs'), el('endEvent', 'ce', errDef('err')), chain('cs', 'ce')));
      await engine.deployResources([{ name: 'c.bpmn', content: childXml }]);
      const parentXml = definitions(error('err2', 'DENIED'), processXml(parent, el('startEvent', 's'), `<bpmn:callActivity id="call">${ext(`<zeebe:calledElement processId="${child}"/>`)}</bpmn:callActivity>`,
        boundary('denied', 'call', errDef('err2')), el('endEvent', 'e'), el('endEvent', 'de'), chain('s', 'call', 'e'), chain('denied', 'de')));
      await engine.deployResources([{ name: 'p.bpmn', content: parentXml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: parent });
      t.ok((await completedElements(engine, processInstanceKey)).includes('de'));
      t.equal((await view(processInstanceKey)).state, 'COMPLETED');
    });

    t.test('a call activity to an unknown process raises an incident', async (t) => {
      const parent = uid();
      await engine.deployResources([{ name: 'p.bpmn', content: callXml(parent, 'does-not-exist') }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: parent });
      const [incident] = await engine.listIncidents({ processInstanceKey });
      t.equal(incident?.errorType, 'CALLED_ELEMENT_ERROR');
      t.equal(incident?.elementId, 'call');
    });

    t.test('parallel multi-instance: output collection in input order whatever the completion order', async (t) => {
      const id = uid();
      await engine.deployResources([{ name: 'mi.bpmn', content: bpmn(id, el('startEvent', 's'), miTask('each', `${id}-each`, false), el('endEvent', 'e'), chain('s', 'each', 'e')) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { items: ['a', 'b', 'c'] } });
      const jobs = await jobsOf(engine, `${id}-each`);
      t.same(jobs.map((j) => j.variables.item).sort(), ['a', 'b', 'c']);
      for (const job of [...jobs].reverse()) await engine.completeJob(job.key, { result: `${job.variables.item as string}!` });
      const v = await view(processInstanceKey);
      t.equal(v.state, 'COMPLETED');
      t.same(v.variables.results, ['a!', 'b!', 'c!']);
    });

    t.test('sequential multi-instance runs one at a time with loopCounter', async (t) => {
      const id = uid();
      await engine.deployResources([{ name: 'mi.bpmn', content: bpmn(id, el('startEvent', 's'), miTask('each', `${id}-each`, true), el('endEvent', 'e'), chain('s', 'each', 'e')) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { items: [10, 20, 30] } });
      const seen: unknown[] = [];
      for (let i = 0; i < 3; i++) {
        const jobs = await jobsOf(engine, `${id}-each`);
        t.equal(jobs.length, 1, 'one inner instance at a time');
        seen.push([jobs[0]!.variables.item, jobs[0]!.variables.loopCounter]);
        await engine.completeJob(jobs[0]!.key, { result: (jobs[0]!.variables.item as number) * 2 });
      }
      t.same(seen, [[10, 1], [20, 2], [30, 3]]);
      t.same((await view(processInstanceKey)).variables.results, [20, 40, 60]);
    });

    t.test('a parallel multi-instance of 3,000 items runs in one step (key blocks refilled)', async (t) => {
      const id = uid();
      const script = '<zeebe:script expression="=item * 2" resultVariable="result"/>';
      const loop = `<bpmn:multiInstanceLoopCharacteristics>${ext('<zeebe:loopCharacteristics inputCollection="=items" inputElement="item" outputCollection="results" outputElement="=result"/>')}</bpmn:multiInstanceLoopCharacteristics>`;
      await engine.deployResources([{ name: 'big.bpmn', content: bpmn(id, el('startEvent', 's'), `<bpmn:scriptTask id="double">${ext(script)}${loop}</bpmn:scriptTask>`, el('endEvent', 'e'), chain('s', 'double', 'e')) }]);
      const items = Array.from({ length: 3000 }, (_, i) => i);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { items } });
      const v = await view(processInstanceKey);
      t.equal(v.state, 'COMPLETED');
      t.same(v.variables.results, items.map((i) => i * 2));
    });

    t.test('multi-instance over an empty collection completes at once', async (t) => {
      const id = uid();
      await engine.deployResources([{ name: 'mi.bpmn', content: bpmn(id, el('startEvent', 's'), miTask('each', `${id}-each`, false), el('endEvent', 'e'), chain('s', 'each', 'e')) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { items: [] } });
      t.equal((await view(processInstanceKey)).state, 'COMPLETED');
      t.same((await view(processInstanceKey)).variables.results, []);
    });

    t.test('multi-instance completion condition ends the remaining instances', async (t) => {
      const id = uid();
      const cc = '<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">=numberOfCompletedInstances &gt;= 2</bpmn:completionCondition>';
      await engine.deployResources([{ name: 'mi.bpmn', content: bpmn(id, el('startEvent', 's'), miTask('each', `${id}-each`, false, cc), el('endEvent', 'e'), chain('s', 'each', 'e')) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { items: [1, 2, 3, 4] } });
      const jobs = await jobsOf(engine, `${id}-each`);
      await engine.completeJob(jobs[0]!.key, { result: 1 });
      await engine.completeJob(jobs[1]!.key, { result: 2 });
      t.equal((await view(processInstanceKey)).state, 'COMPLETED');
      t.equal((await engine.completeJob(jobs[2]!.key).catch((x) => x)).code, 'NOT_FOUND', 'the other jobs were canceled');
    });

    t.test('multi-instance input collection that is not a list raises an incident', async (t) => {
      const id = uid();
      await engine.deployResources([{ name: 'mi.bpmn', content: bpmn(id, el('startEvent', 's'), miTask('each', `${id}-each`, false), el('endEvent', 'e'), chain('s', 'each', 'e')) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { items: 'nope' } });
      const [incident] = await engine.listIncidents({ processInstanceKey });
      t.equal(incident?.errorType, 'EXTRACT_VALUE_ERROR');
      await engine.setVariables({ elementInstanceKey: processInstanceKey, variables: { items: ['x'] } });
      await engine.resolveIncident(incident!.key);
      t.equal((await completeAll(engine, `${id}-each`, { result: 'ok' })).length, 1);
      t.same((await view(processInstanceKey)).variables.results, ['ok']);
    });

    t.test('multi-instance sub-process with a boundary timer on the body', async (t) => {
      const id = uid();
      const loop = `<bpmn:multiInstanceLoopCharacteristics>${ext('<zeebe:loopCharacteristics inputCollection="=items" inputElement="item"/>')}</bpmn:multiInstanceLoopCharacteristics>`;
      const sub = `<bpmn:subProcess id="sp">${loop}${el('startEvent', 'ss')}${serviceTask('a', `${id}-a`)}${el('endEvent', 'se')}${chain('ss', 'a', 'se')}</bpmn:subProcess>`;
      const xml = bpmn(id, el('startEvent', 's'), sub, boundary('late', 'sp', '<bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>'),
        el('endEvent', 'e'), el('endEvent', 'le'), chain('s', 'sp', 'e'), chain('late', 'le'));
      await engine.deployResources([{ name: 'misp.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { items: [1, 2] } });
      t.equal((await engine.getProcessInstanceHistory(processInstanceKey)).filter((h) => h.elementId === 'a' && h.state === 'ACTIVE').length, 2);
      await e.advance(3600_000);
      t.ok((await completedElements(engine, processInstanceKey)).includes('le'));
      t.equal((await jobsOf(engine, `${id}-a`)).length, 0);
    });
  });
}
