/**
 * Conformance: compensation (Camunda 8.8) — boundary events with their handlers, intermediate throw and end
 * events with and without `activityRef`, completed embedded sub-processes, an error event sub-process that
 * compensates, and Zeebe's deploy-time rejections. Fixtures are written as Camunda Modeler saves them and
 * pass camunda-compat 8.8's lint.
 */
import t from 'tap';
import { lintBpmn, lintErrors } from '../../api/procedures/lint.ts';
import { activeElements, completeAll, completedElements, engineTargets, jobsOf, rejected, uid } from './harness.ts';
import { compensationBoundary, compensationThrow, job, modelerXml, undo } from './modeler-xml.ts';

const f = (from: string, to: string) => `<bpmn:sequenceFlow id="f_${from}_${to}" sourceRef="${from}" targetRef="${to}"/>`;
const start = (id = 's') => `<bpmn:startEvent id="${id}"/>`;
const end = (id = 'e') => `<bpmn:endEvent id="${id}"/>`;

/** A → B (each with a handler) → compensation throw `c` (optionally for one activity) → end. */
function twoCompensable(id: string, activityRef?: string): string {
  return modelerXml(id, [
    start(), job('A', `${id}-a`), compensationBoundary('cbA', 'A', 'undoA'), undo('undoA', `${id}-undo-a`),
    job('B', `${id}-b`), compensationBoundary('cbB', 'B', 'undoB'), undo('undoB', `${id}-undo-b`),
    compensationThrow('intermediateThrowEvent', 'c', activityRef), end(), f('s', 'A'), f('A', 'B'), f('B', 'c'), f('c', 'e'),
  ].join('\n'));
}

t.test('the fixtures pass camunda-compat 8.8 lint', async (t) => {
  for (const xml of [twoCompensable('lint_a'), twoCompensable('lint_b', 'B')]) t.same(lintErrors(await lintBpmn(xml, { recommended: false })), []);
});

for (const target of engineTargets()) {
  t.test(target.name, async (t) => {
    const e = await target.open();
    const { engine } = e;
    t.teardown(() => e.close());
    const state = async (key: string) => (await engine.getProcessInstance(key))!.state;
    const active = async (key: string) => (await activeElements(engine, key)).filter((x) => !x.startsWith('p_'));

    t.test('a throw event invokes every handler of the completed activities at once and waits for them', async (t) => {
      const id = uid();
      await engine.deployResources([{ name: 'c.bpmn', content: twoCompensable(id) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      await completeAll(engine, `${id}-a`);
      await completeAll(engine, `${id}-b`);
      t.same(await active(processInstanceKey), ['c', 'undoA', 'undoB'], 'both handlers active, the throw event waits');
      await completeAll(engine, `${id}-undo-b`);
      t.same(await active(processInstanceKey), ['c', 'undoA'], 'the throw event still waits for undoA');
      await completeAll(engine, `${id}-undo-a`);
      t.equal(await state(processInstanceKey), 'COMPLETED');
      const done = await completedElements(engine, processInstanceKey);
      t.ok(done.includes('cbA') && done.includes('cbB'), 'the compensation boundary events are recorded');
    });

    t.test('activityRef compensates only the referenced activity', async (t) => {
      const id = uid();
      await engine.deployResources([{ name: 'c.bpmn', content: twoCompensable(id, 'A') }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      await completeAll(engine, `${id}-a`);
      await completeAll(engine, `${id}-b`);
      t.equal((await jobsOf(engine, `${id}-undo-b`)).length, 0, 'B is not compensated');
      t.equal((await completeAll(engine, `${id}-undo-a`)).length, 1);
      t.equal(await state(processInstanceKey), 'COMPLETED');
    });

    t.test('an activity still active is not compensated', async (t) => {
      const id = uid();
      const xml = modelerXml(id, [
        start(), '<bpmn:parallelGateway id="fork"/>', job('A', `${id}-a`), compensationBoundary('cbA', 'A', 'undoA'), undo('undoA', `${id}-undo-a`), end('e1'),
        job('C', `${id}-c`), compensationThrow('intermediateThrowEvent', 'c'), end('e2'),
        f('s', 'fork'), f('fork', 'A'), f('A', 'e1'), f('fork', 'C'), f('C', 'c'), f('c', 'e2'),
      ].join('\n'));
      await engine.deployResources([{ name: 'c.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      await completeAll(engine, `${id}-c`);
      t.ok((await completedElements(engine, processInstanceKey)).includes('c'), 'nothing to compensate: the throw event completes at once');
      await completeAll(engine, `${id}-a`);
      t.equal(await state(processInstanceKey), 'COMPLETED');
      t.equal((await jobsOf(engine, `${id}-undo-a`)).length, 0);
    });

    t.test('a compensation end event; a handler may be a user task', async (t) => {
      const id = uid();
      const xml = modelerXml(id, [
        start(), job('A', `${id}-a`), compensationBoundary('cbA', 'A', 'undoA'),
        '<bpmn:userTask id="undoA" name="Undo A" isForCompensation="true"><bpmn:extensionElements><zeebe:userTask/></bpmn:extensionElements></bpmn:userTask>',
        compensationThrow('endEvent', 'ce'), f('s', 'A'), f('A', 'ce'),
      ].join('\n'));
      await engine.deployResources([{ name: 'c.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      await completeAll(engine, `${id}-a`);
      const [task] = await engine.listUserTasks({ processInstanceKey, state: 'CREATED' });
      t.equal(task?.elementId, 'undoA');
      t.equal(await state(processInstanceKey), 'ACTIVE', 'the end event waits for the handler');
      await engine.completeUserTask(task!.key, { undone: true });
      t.equal(await state(processInstanceKey), 'COMPLETED');
      t.equal((await engine.getProcessInstance(processInstanceKey))!.variables.undone, true);
    });

    t.test('compensating a completed embedded sub-process invokes the handlers inside it', async (t) => {
      const id = uid();
      const xml = modelerXml(id, [
        start(), `<bpmn:subProcess id="sub">${start('s2')}${job('A', `${id}-a`)}${compensationBoundary('cbA', 'A', 'undoA')}${undo('undoA', `${id}-undo-a`)}${end('e2')}${f('s2', 'A')}${f('A', 'e2')}</bpmn:subProcess>`,
        compensationThrow('intermediateThrowEvent', 'c'), end(), f('s', 'sub'), f('sub', 'c'), f('c', 'e'),
      ].join('\n'));
      t.same(lintErrors(await lintBpmn(xml, { recommended: false })), []);
      await engine.deployResources([{ name: 'c.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      await completeAll(engine, `${id}-a`);
      t.same(await active(processInstanceKey), ['c', 'undoA']);
      await completeAll(engine, `${id}-undo-a`);
      t.equal(await state(processInstanceKey), 'COMPLETED');
    });

    t.test('a throw event inside a sub-process compensates only inside it', async (t) => {
      const id = uid();
      const xml = modelerXml(id, [
        start(), job('A', `${id}-a`), compensationBoundary('cbA', 'A', 'undoA'), undo('undoA', `${id}-undo-a`),
        `<bpmn:subProcess id="sub">${start('s2')}${job('B', `${id}-b`)}${compensationBoundary('cbB', 'B', 'undoB')}${undo('undoB', `${id}-undo-b`)}${compensationThrow('endEvent', 'ce')}${f('s2', 'B')}${f('B', 'ce')}</bpmn:subProcess>`,
        end(), f('s', 'A'), f('A', 'sub'), f('sub', 'e'),
      ].join('\n'));
      await engine.deployResources([{ name: 'c.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      await completeAll(engine, `${id}-a`);
      await completeAll(engine, `${id}-b`);
      t.equal((await jobsOf(engine, `${id}-undo-a`)).length, 0, 'A, outside the sub-process, is not compensated');
      await completeAll(engine, `${id}-undo-b`);
      t.equal(await state(processInstanceKey), 'COMPLETED');
    });

    for (const ref of [undefined, 'A']) {
      t.test(`an error event sub-process compensates ${ref ? 'the referenced activity' : 'the activities'} of its enclosing scope`, async (t) => {
        const id = uid();
        const xml = modelerXml(id, [
          start(), job('A0', `${id}-a0`), compensationBoundary('cbA0', 'A0', 'undoA0'), undo('undoA0', `${id}-undo-a0`),
          job('A', `${id}-a`), compensationBoundary('cbA', 'A', 'undoA'), undo('undoA', `${id}-undo-a`), job('B', `${id}-b`), end(),
          f('s', 'A0'), f('A0', 'A'), f('A', 'B'), f('B', 'e'),
          `<bpmn:subProcess id="onError" triggeredByEvent="true"><bpmn:startEvent id="es"><bpmn:errorEventDefinition id="es_def" errorRef="err"/></bpmn:startEvent>${compensationThrow('intermediateThrowEvent', 'c', ref)}${end('ee')}${f('es', 'c')}${f('c', 'ee')}</bpmn:subProcess>`,
        ].join('\n'), '<bpmn:error id="err" name="failed" errorCode="FAILED"/>');
        t.same(lintErrors(await lintBpmn(xml, { recommended: false })), []);
        await engine.deployResources([{ name: 'c.bpmn', content: xml }]);
        const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
        await completeAll(engine, `${id}-a0`);
        await completeAll(engine, `${id}-a`);
        const [b] = await jobsOf(engine, `${id}-b`);
        await engine.throwError({ jobKey: b!.key, errorCode: 'FAILED' });
        t.same(await active(processInstanceKey), ref ? ['c', 'onError', 'undoA'] : ['c', 'onError', 'undoA', 'undoA0']);
        await completeAll(engine, `${id}-undo-a`);
        if (!ref) await completeAll(engine, `${id}-undo-a0`);
        t.equal(await state(processInstanceKey), 'COMPLETED');
        t.ok((await completedElements(engine, processInstanceKey)).includes('ee'));
      });
    }

    t.test('an activity completed twice is compensated twice; each completion only once', async (t) => {
      const id = uid();
      const xml = modelerXml(id, [
        start(), job('A', `${id}-a`), compensationBoundary('cbA', 'A', 'undoA'), undo('undoA', `${id}-undo-a`), '<bpmn:exclusiveGateway id="more" default="f_more_c"/>',
        compensationThrow('intermediateThrowEvent', 'c'), compensationThrow('intermediateThrowEvent', 'c2'), end(),
        f('s', 'A'), f('A', 'more'), '<bpmn:sequenceFlow id="again" sourceRef="more" targetRef="A"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=again</bpmn:conditionExpression></bpmn:sequenceFlow>',
        f('more', 'c'), f('c', 'c2'), f('c2', 'e'),
      ].join('\n'));
      await engine.deployResources([{ name: 'c.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      await completeAll(engine, `${id}-a`, { again: true });
      await completeAll(engine, `${id}-a`, { again: false });
      t.equal((await completeAll(engine, `${id}-undo-a`)).length, 2, 'one handler per completion');
      t.equal(await state(processInstanceKey), 'COMPLETED', 'the second throw event finds nothing left to compensate');
    });

    t.test('a multi-instance activity is compensated once, by its handler', async (t) => {
      const id = uid();
      const mi = `<bpmn:serviceTask id="A" name="A"><bpmn:extensionElements><zeebe:taskDefinition type="${id}-a"/></bpmn:extensionElements>
        <bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=items" inputElement="item"/></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics></bpmn:serviceTask>`;
      const xml = modelerXml(id, [
        start(), mi, compensationBoundary('cbA', 'A', 'undoA'), undo('undoA', `${id}-undo-a`), compensationThrow('intermediateThrowEvent', 'c'), end(),
        f('s', 'A'), f('A', 'c'), f('c', 'e'),
      ].join('\n'));
      t.same(lintErrors(await lintBpmn(xml, { recommended: false })), []);
      await engine.deployResources([{ name: 'c.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { items: [1, 2, 3] } });
      t.equal((await completeAll(engine, `${id}-a`)).length, 3);
      t.equal((await completeAll(engine, `${id}-undo-a`)).length, 1, 'one handler for the whole multi-instance activity');
      t.equal(await state(processInstanceKey), 'COMPLETED');
    });

    t.test('an embedded sub-process as compensation handler', async (t) => {
      const id = uid();
      const handler = `<bpmn:subProcess id="undoA" isForCompensation="true">${start('hs')}${job('undo1', `${id}-undo-1`)}${job('undo2', `${id}-undo-2`)}${end('he')}${f('hs', 'undo1')}${f('undo1', 'undo2')}${f('undo2', 'he')}</bpmn:subProcess>`;
      const xml = modelerXml(id, [start(), job('A', `${id}-a`), compensationBoundary('cbA', 'A', 'undoA'), handler, compensationThrow('endEvent', 'ce'), f('s', 'A'), f('A', 'ce')].join('\n'));
      await engine.deployResources([{ name: 'c.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      await completeAll(engine, `${id}-a`);
      await completeAll(engine, `${id}-undo-1`);
      t.same(await active(processInstanceKey), ['ce', 'undo2', 'undoA'], 'the end event waits for the whole handler');
      await completeAll(engine, `${id}-undo-2`);
      t.equal(await state(processInstanceKey), 'COMPLETED');
    });

    t.test('compensation reaches into a completed ad-hoc sub-process; canceling the instance ends its handlers', async (t) => {
      const id = uid();
      const adHoc = `<bpmn:adHocSubProcess id="adhoc"><bpmn:extensionElements><zeebe:adHoc activeElementsCollection="=[&quot;A&quot;]"/></bpmn:extensionElements>${job('A', `${id}-a`)}${compensationBoundary('cbA', 'A', 'undoA')}${undo('undoA', `${id}-undo-a`)}</bpmn:adHocSubProcess>`;
      const xml = modelerXml(id, [start(), adHoc, compensationThrow('intermediateThrowEvent', 'c'), end(), f('s', 'adhoc'), f('adhoc', 'c'), f('c', 'e')].join('\n'));
      t.same(lintErrors(await lintBpmn(xml, { recommended: false })), []);
      await engine.deployResources([{ name: 'c.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      await completeAll(engine, `${id}-a`);
      t.same(await active(processInstanceKey), ['c', 'undoA']);
      await engine.cancelProcessInstance(processInstanceKey);
      t.equal(await state(processInstanceKey), 'CANCELED');
      t.equal((await jobsOf(engine, `${id}-undo-a`)).length, 0, "the handler's job is gone");
    });

    t.test('activities inside a terminated sub-process are not compensated', async (t) => {
      const id = uid();
      const sub = `<bpmn:subProcess id="sub">${start('s2')}${job('B', `${id}-b`)}${compensationBoundary('cbB', 'B', 'undoB')}${undo('undoB', `${id}-undo-b`)}${job('C', `${id}-c`)}${end('e2')}${f('s2', 'B')}${f('B', 'C')}${f('C', 'e2')}</bpmn:subProcess>`;
      const xml = modelerXml(id, [
        start(), job('A', `${id}-a`), compensationBoundary('cbA', 'A', 'undoA'), undo('undoA', `${id}-undo-a`), sub,
        '<bpmn:boundaryEvent id="late" attachedToRef="sub"><bpmn:timerEventDefinition id="late_def"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>',
        compensationThrow('endEvent', 'ce'), end(), f('s', 'A'), f('A', 'sub'), f('sub', 'e'), f('late', 'ce'),
      ].join('\n'));
      t.same(lintErrors(await lintBpmn(xml, { recommended: false })), []);
      await engine.deployResources([{ name: 'c.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      await completeAll(engine, `${id}-a`);
      await completeAll(engine, `${id}-b`);
      await e.advance(3600_000);
      t.same(await active(processInstanceKey), ['ce', 'undoA'], 'B completed, but in a terminated sub-process');
      await completeAll(engine, `${id}-undo-a`);
      t.equal(await state(processInstanceKey), 'COMPLETED');
    });

    t.test('deploy rejections as Zeebe gives them', async (t) => {
      const cases: [string, string, string, RegExp][] = [
        ['waitForCompletion false', compensationThrow('intermediateThrowEvent', 'c', undefined, 'waitForCompletion="false"'), 'c', /waitForCompletion attribute must be true/],
        ['handler with an outgoing flow', `${end('e2')}<bpmn:sequenceFlow id="out" sourceRef="undoA" targetRef="e2"/>${compensationThrow('intermediateThrowEvent', 'c')}`, 'undoA', /should have no outgoing sequence flows/],
        ['boundary with an outgoing flow', `${end('e2')}<bpmn:sequenceFlow id="out" sourceRef="cbA" targetRef="e2"/>${compensationThrow('intermediateThrowEvent', 'c')}`, 'cbA', /must have a compensation association and no outgoing sequence flows/],
        ['activityRef without a compensation boundary', `${job('X', 'x')}${compensationThrow('intermediateThrowEvent', 'c', 'X')}`, 'c', /must have a compensation boundary event/],
        ['activityRef to another scope', `<bpmn:subProcess id="sub">${start('s2')}${job('X', 'x')}${compensationBoundary('cbX', 'X', 'undoX')}${undo('undoX', 'undo-x')}${end('e2')}${f('s2', 'X')}${f('X', 'e2')}</bpmn:subProcess>${compensationThrow('intermediateThrowEvent', 'c', 'X')}`, 'c', /must be in the same scope/],
      ];
      for (const [name, extra, elementId, reason] of cases) {
        const id = uid();
        const xml = modelerXml(id, [start(), job('A', 'a'), compensationBoundary('cbA', 'A', 'undoA'), undo('undoA', 'undo-a'), extra, end(), f('s', 'A'), f('A', 'c'), f('c', 'e')].join('\n'));
        const err = await engine.deployResources([{ name: 'x.bpmn', content: xml }]).catch((x: unknown) => x);
        t.test(name, async (t) => rejected(t, e, err, 'BPMN_INVALID', { elementId }, reason));
      }
    });
  });
}
