/**
 * Conformance: ad-hoc sub-processes (Camunda 8.8, BPMN implementation) — the elements named by
 * `activeElementsCollection` are activated, sequences inside, `completionCondition` with
 * `cancelRemainingInstances`, `outputCollection`/`outputElement`, the incident for an unknown element id, and
 * Zeebe's deploy-time rejections. Fixtures are written as Camunda Modeler saves them and pass camunda-compat 8.8's lint.
 */
import t from 'tap';
import { lintBpmn, lintErrors } from '../../api/procedures/lint.ts';
import { activeElements, completeAll, completedElements, engineTargets, jobsOf, rejected, uid } from './harness.ts';
import { job, modelerXml } from './modeler-xml.ts';

const f = (from: string, to: string) => `<bpmn:sequenceFlow id="f_${from}_${to}" sourceRef="${from}" targetRef="${to}"/>`;

interface AdHocOptions {
  collection?: string;
  condition?: string;
  cancelRemaining?: boolean;
  output?: [collection: string, element: string];
  inner?: string;
  zeebe?: string;
}

/** start → ad-hoc sub-process `adhoc` (inner: A, B, C, and C → D) → task `after` → end. */
function adHocProcess(id: string, o: AdHocOptions = {}): string {
  const attrs = [o.collection ? `activeElementsCollection="${o.collection}"` : '', o.output ? `outputCollection="${o.output[0]}" outputElement="${o.output[1]}"` : ''].filter(Boolean).join(' ');
  const inner = o.inner ?? [job('A', `${id}-a`), job('B', `${id}-b`), job('C', `${id}-c`), job('D', `${id}-d`), f('C', 'D')].join('');
  const cancel = o.cancelRemaining === false ? ' cancelRemainingInstances="false"' : '';
  const condition = o.condition ? `<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">${o.condition}</bpmn:completionCondition>` : '';
  return modelerXml(id, [
    '<bpmn:startEvent id="s"/>',
    `<bpmn:adHocSubProcess id="adhoc" name="Handle"${cancel}><bpmn:extensionElements><zeebe:adHoc ${attrs}/>${o.zeebe ?? ''}</bpmn:extensionElements>${inner}${condition}</bpmn:adHocSubProcess>`,
    job('after', `${id}-after`), '<bpmn:endEvent id="e"/>', f('s', 'adhoc'), f('adhoc', 'after'), f('after', 'e'),
  ].join('\n'));
}

t.test('the fixtures pass camunda-compat 8.8 lint', async (t) => {
  const xmls = [adHocProcess('lint_a', { collection: '=toRun' }), adHocProcess('lint_b', { collection: '=toRun', condition: '=done', cancelRemaining: false, output: ['results', '=result'] })];
  for (const xml of xmls) t.same(lintErrors(await lintBpmn(xml, { recommended: false })), []);
});

for (const target of engineTargets()) {
  t.test(target.name, async (t) => {
    const e = await target.open();
    const { engine } = e;
    t.teardown(() => e.close());
    const state = async (key: string) => (await engine.getProcessInstance(key))!.state;
    const active = async (key: string) => (await activeElements(engine, key)).filter((x) => !x.startsWith('p_'));
    const deploy = (xml: string) => engine.deployResources([{ name: 'adhoc.bpmn', content: xml }]);

    t.test('activates the named elements and completes when they all have', async (t) => {
      const id = uid();
      await deploy(adHocProcess(id, { collection: '=toRun' }));
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { toRun: ['A', 'C'] } });
      t.same(await active(processInstanceKey), ['A', 'C', 'adhoc']);
      await completeAll(engine, `${id}-a`);
      await completeAll(engine, `${id}-c`);
      t.same(await active(processInstanceKey), ['D', 'adhoc'], 'a sequence inside continues');
      await completeAll(engine, `${id}-d`);
      t.same(await active(processInstanceKey), ['after'], 'the ad-hoc sub-process completed and took its outgoing flow');
      t.equal((await jobsOf(engine, `${id}-b`)).length, 0, 'B was never activated');
      await completeAll(engine, `${id}-after`);
      t.equal(await state(processInstanceKey), 'COMPLETED');
    });

    t.test('adHocSubProcessElements lists the activatable elements, seen by the inner elements', async (t) => {
      const id = uid();
      const a = `<bpmn:serviceTask id="A" name="Check the file"><bpmn:documentation>Checks the dossier</bpmn:documentation><bpmn:extensionElements><zeebe:taskDefinition type="${id}-a"/><zeebe:properties><zeebe:property name="tool" value="check"/><zeebe:property name="empty" value=""/></zeebe:properties></bpmn:extensionElements></bpmn:serviceTask>`;
      await deploy(adHocProcess(id, { collection: '=toRun', inner: [a, job('C', `${id}-c`), job('D', `${id}-d`), f('C', 'D')].join('') }));
      await engine.createProcessInstance({ bpmnProcessId: id, variables: { toRun: ['A'] } });
      const [jobA] = await jobsOf(engine, `${id}-a`);
      const elements = (jobA!.variables.adHocSubProcessElements as { elementId: string }[]).sort((x, y) => x.elementId.localeCompare(y.elementId));
      t.same(elements, [
        { elementId: 'A', elementName: 'Check the file', documentation: 'Checks the dossier', properties: { tool: 'check', empty: null }, parameters: null },
        { elementId: 'C', elementName: 'C', documentation: null, properties: null, parameters: null },
      ], 'D has an incoming flow: not activatable');
    });

    t.test('an element named twice is activated twice', async (t) => {
      const id = uid();
      await deploy(adHocProcess(id, { collection: '=toRun' }));
      await engine.createProcessInstance({ bpmnProcessId: id, variables: { toRun: ['B', 'B'] } });
      t.equal((await jobsOf(engine, `${id}-b`)).length, 2);
    });

    t.test('an empty list (or no expression) activates nothing and the sub-process stays active', async (t) => {
      for (const o of [{ collection: '=toRun' }, {}]) {
        const id = uid();
        await deploy(adHocProcess(id, o));
        const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { toRun: [] } });
        t.same(await active(processInstanceKey), ['adhoc']);
        await engine.cancelProcessInstance(processInstanceKey);
      }
    });

    t.test('completion condition met: the remaining instances are terminated (default)', async (t) => {
      const id = uid();
      await deploy(adHocProcess(id, { collection: '=toRun', condition: '=done = true' }));
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { toRun: ['A', 'B'], done: false } });
      await completeAll(engine, `${id}-a`, { done: true });
      t.same(await active(processInstanceKey), ['after']);
      t.equal((await jobsOf(engine, `${id}-b`)).length, 0, "B's job is gone");
      const terminated = (await engine.getProcessInstanceHistory(processInstanceKey)).filter((h) => h.state === 'TERMINATED').map((h) => h.elementId);
      t.same(terminated, ['B']);
    });

    t.test('cancelRemainingInstances="false": completes once the remaining instances have', async (t) => {
      const id = uid();
      await deploy(adHocProcess(id, { collection: '=toRun', condition: '=done = true', cancelRemaining: false }));
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { toRun: ['A', 'B'], done: false } });
      await completeAll(engine, `${id}-a`, { done: true });
      t.same(await active(processInstanceKey), ['B', 'adhoc'], 'B goes on');
      await completeAll(engine, `${id}-b`);
      t.same(await active(processInstanceKey), ['after']);
      t.ok((await completedElements(engine, processInstanceKey)).includes('B'));
    });

    t.test('completion condition false after every element completed: the sub-process stays active', async (t) => {
      const id = uid();
      await deploy(adHocProcess(id, { collection: '=toRun', condition: '=done = true' }));
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { toRun: ['A'], done: false } });
      await completeAll(engine, `${id}-a`);
      t.same(await active(processInstanceKey), ['adhoc']);
    });

    t.test('outputElement of each completed path is collected into outputCollection', async (t) => {
      const id = uid();
      await deploy(adHocProcess(id, { collection: '=toRun', output: ['results', '=result'] }));
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { toRun: ['A', 'B'] } });
      await completeAll(engine, `${id}-b`, { result: 'b' });
      await completeAll(engine, `${id}-a`, { result: 'a' });
      t.same((await engine.getProcessInstance(processInstanceKey))!.variables.results, ['b', 'a']);
    });

    t.test('an id that is not an inner element: incident; fixed and resolved, the elements run', async (t) => {
      const id = uid();
      await deploy(adHocProcess(id, { collection: '=toRun' }));
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { toRun: ['A', 'X', 'Y'] } });
      const [incident] = await engine.listIncidents({ processInstanceKey });
      t.match(incident, { elementId: 'adhoc', errorType: 'EXTRACT_VALUE_ERROR', errorMessage: "Failed to activate ad-hoc elements. No BPMN elements found with ids: 'X', 'Y'." });
      t.equal((await jobsOf(engine, `${id}-a`)).length, 0, 'nothing was activated');
      await engine.setVariables({ elementInstanceKey: processInstanceKey, variables: { toRun: ['A'] } });
      await engine.resolveIncident(incident!.key);
      t.same(await engine.listIncidents({ processInstanceKey }), []);
      await completeAll(engine, `${id}-a`);
      t.same(await active(processInstanceKey), ['after']);
    });

    t.test('a collection that is not a list of strings: incident', async (t) => {
      const id = uid();
      await deploy(adHocProcess(id, { collection: '=toRun' }));
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { toRun: 'A' } });
      const [incident] = await engine.listIncidents({ processInstanceKey });
      t.match(incident, { elementId: 'adhoc', errorType: 'EXTRACT_VALUE_ERROR', errorMessage: /^Failed to activate ad-hoc elements\. Expected result of the expression 'toRun' to be 'ARRAY'/ });
    });

    t.test('deploy rejections as Zeebe gives them', async (t) => {
      const cases: [string, AdHocOptions, string, string, RegExp][] = [
        ['a start event inside', { inner: `<bpmn:startEvent id="s2"/>${job('A', 'a')}` }, 'BPMN_INVALID', 'adhoc', /Must not contain a start event/],
        ['an end event inside', { inner: `${job('A', 'a')}<bpmn:endEvent id="e2"/>${f('A', 'e2')}` }, 'BPMN_INVALID', 'adhoc', /Must not contain an end event/],
        ['no activity', { inner: '<bpmn:intermediateThrowEvent id="t"/>' }, 'BPMN_INVALID', 'adhoc', /Must have at least one activity/],
        ['a job-worker implementation without a job type', { zeebe: '<zeebe:taskDefinition type=""/>' }, 'BPMN_MISSING_JOB_TYPE', 'adhoc', /'adhoc'/],
      ];
      for (const [name, o, code, elementId, reason] of cases) {
        const err = await deploy(adHocProcess(uid(), o)).catch((x: unknown) => x);
        t.test(name, async (t) => rejected(t, e, err, code, { elementId }, reason));
      }
    });
  });
}
