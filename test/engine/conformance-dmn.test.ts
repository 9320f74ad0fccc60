/**
 * Conformance: DMN decisions (Camunda 8.8) — business rule tasks with `zeebe:calledDecision`, every hit
 * policy and aggregator, literal expressions, required decisions, binding types, and bad input.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { bpmn, chain, el, ext, taskDef } from './bpmn.ts';
import { businessRuleTask, dmn, literal, table } from './dmn.ts';
import { completedElements, engineTargets, jobsOf, rejected, uid } from './harness.ts';

const fixture = readFileSync(new URL('./fixtures/le-phi-ho-tich.dmn', import.meta.url), 'utf8');

/** A process: start → business rule task → end. */
const ruleProcess = (id: string, decisionId: string, attrs: Record<string, string> = {}) =>
  bpmn(id, el('startEvent', 's'), businessRuleTask('rule', decisionId, 'result', attrs), el('endEvent', 'e'), chain('s', 'rule', 'e'));

/** Three rules over `x`: r1 `x > 0` → 1, r2 `x > 5` → 2, r3 `x > 3` → 3 (x = 6 matches all three). */
const RULES: [string[], string[]][] = [[['> 0'], ['1']], [['> 5'], ['2']], [['> 3'], ['3']]];

for (const target of engineTargets()) {
  t.test(target.name, async (t) => {
    const e = await target.open();
    const { engine } = e;
    t.teardown(() => e.close());

    t.test('a Camunda Modeler DMN deployed with a process: the business rule task evaluates its DRG', async (t) => {
      const pid = uid();
      const deployment = await engine.deploy([{ name: 'le-phi.dmn', content: fixture }, { name: 'p.bpmn', content: ruleProcess(pid, 'muc-le-phi') }]);
      t.same(deployment.processes.map((p) => p.bpmnProcessId), [pid]);
      t.same(deployment.decisions.map((d) => d.decisionId).sort(), ['dung-han', 'muc-le-phi']);
      t.match(deployment.decisionRequirements, [{ decisionRequirementsId: 'le-phi-ho-tich', name: 'Lệ phí hộ tịch', resourceName: 'le-phi.dmn' }]);
      const pi = await engine.createProcessInstance({ bpmnProcessId: pid, variables: { thuTuc: 'khai-sinh', soNgayTuKhiSinh: 90 } });
      await e.settle();
      const view = await engine.getProcessInstance(pi.processInstanceKey);
      t.equal(view!.state, 'COMPLETED');
      t.equal(view!.variables.result, 5000, 'the first matching rule (late registration) gives the fee');
      t.same((await completedElements(engine, pi.processInstanceKey)).filter((id) => id !== pid), ['s', 'rule', 'e']);
      const instances = await engine.searchDecisionInstances({ processInstanceKey: pi.processInstanceKey });
      t.same(instances.map((d) => d.decisionId).sort(), ['dung-han', 'muc-le-phi'], 'each evaluated decision is a decision instance');
      const main = instances.find((d) => d.decisionId === 'muc-le-phi')!;
      t.match(main, { state: 'EVALUATED', output: 5000, processInstanceKey: pi.processInstanceKey, elementInstanceKey: String, decisionType: 'DECISION_TABLE', matchedRules: [{ ruleId: 'Rule_khai_sinh_qua_han', ruleIndex: 2 }] });
      t.same(main.evaluatedInputs.map((i) => i.inputValue), ['khai-sinh', false], 'the required decision\'s result is an input');
    });

    t.test('every hit policy and aggregator gives Camunda\'s value; several outputs give a context', async (t) => {
      const cases: [string, string | undefined, unknown][] = [
        ['FIRST', undefined, 1], ['PRIORITY', undefined, 2], ['ANY', undefined, 'same'], ['COLLECT', undefined, [1, 2, 3]],
        ['COLLECT', 'SUM', 6], ['COLLECT', 'MIN', 1], ['COLLECT', 'MAX', 3], ['COLLECT', 'COUNT', 3],
        ['RULE ORDER', undefined, [1, 2, 3]], ['OUTPUT ORDER', undefined, [2, 3, 1]],
      ];
      const decisions = cases.map(([hitPolicy, aggregation], i) => table(`${hitPolicy.replace(' ', '_')}_${aggregation ?? 'none'}_${i}`, {
        hitPolicy, aggregation, inputs: ['x'], outputs: [{ name: 'v', values: '2,3,1' }],
        rules: hitPolicy === 'ANY' ? RULES.map(([ins]) => [ins, ['"same"']]) : RULES,
      }));
      const drg = uid('drg');
      const ids = cases.map(([hitPolicy, aggregation], i) => `${hitPolicy.replace(' ', '_')}_${aggregation ?? 'none'}_${i}`);
      const prefixed = decisions.map((d, i) => d.replaceAll(ids[i]!, `${drg}_${ids[i]}`));
      await engine.deploy([{ name: 'policies.dmn', content: dmn(drg, ...prefixed) }]);
      for (const [i, [hitPolicy, aggregation, expected]] of cases.entries()) {
        const r = await engine.evaluateDecision({ decisionId: `${drg}_${ids[i]}`, variables: { x: 6 } });
        t.same(r.output, expected, `${hitPolicy}${aggregation ? ` ${aggregation}` : ''}`);
        t.equal(r.failureMessage, null);
      }
      const none = await engine.evaluateDecision({ decisionId: `${drg}_${ids[0]}`, variables: { x: -1 } });
      t.same([none.output, none.evaluatedDecisions[0]!.matchedRules], [null, []], 'no rule matched: null');
      const empty = await engine.evaluateDecision({ decisionId: `${drg}_${ids[3]}`, variables: { x: -1 } });
      t.same(empty.output, null, 'COLLECT without a match: null (Camunda), not an empty list');
      const priority = await engine.evaluateDecision({ decisionId: `${drg}_${ids[1]}`, variables: { x: 6 } });
      t.same(priority.evaluatedDecisions[0]!.matchedRules.map((m) => m.ruleIndex), [1, 2, 3], 'PRIORITY reports every matched rule');

      const fallback = uid('fallback');
      await engine.deploy([{ name: 'fb.dmn', content: dmn(`${fallback}_drg`, table(fallback, { hitPolicy: 'COLLECT', inputs: ['x'], outputs: [{ name: 'v', default: '"none"' }], rules: RULES })) }]);
      t.equal((await engine.evaluateDecision({ decisionId: fallback, variables: { x: -1 } })).output, 'none', 'no rule matched: the default output entry');

      const two = uid('two');
      await engine.deploy([{ name: 'two.dmn', content: dmn(`${two}_drg`, table(two, { hitPolicy: 'RULE ORDER', inputs: ['a', 'b'], outputs: [{ name: 'fee' }, { name: 'unit' }], rules: [[['"x"', '-'], ['10', '"đồng"']], [['-', '[1..5]'], ['20', '"đồng"']], [['"y"', ''], ['30', '"đồng"']]] })) }]);
      const r = await engine.evaluateDecision({ decisionId: two, variables: { a: 'x', b: 3 } });
      t.same(r.output, [{ fee: 10, unit: 'đồng' }, { fee: 20, unit: 'đồng' }], 'several outputs: one context per matched rule; `-` and an empty entry match anything');
      t.same(r.evaluatedDecisions[0]!.matchedRules.map((m) => m.ruleIndex), [1, 2]);
    });

    t.test('a literal expression and required decisions: evaluated first, their results in the context', async (t) => {
      const id = uid('lit');
      await engine.deploy([{ name: 'lit.dmn', content: dmn(`${id}_drg`, literal(`${id}_base`, 'amount * 2', 'base'), literal(`${id}_total`, 'base + fee', 'total').replace('<variable', `<informationRequirement><requiredDecision href="#${id}_base"/></informationRequirement><variable`)) }]);
      const r = await engine.evaluateDecision({ decisionId: `${id}_total`, variables: { amount: 5, fee: 1 } });
      t.equal(r.output, 11);
      t.same(r.evaluatedDecisions.map((d) => [d.decisionId, d.decisionType, d.output]), [[`${id}_base`, 'LITERAL_EXPRESSION', 10], [`${id}_total`, 'LITERAL_EXPRESSION', 11]]);
      t.equal(r.decision.decisionId, `${id}_total`);
      const stored = await engine.searchDecisionInstances({ evaluationKey: r.evaluationKey });
      t.equal(stored.length, 2, 'an evaluation on request is stored too');
      t.ok(stored.every((d) => d.processInstanceKey === null));
    });

    t.test('binding types: latest, deployment and versionTag pick their version', async (t) => {
      const d = uid('dec');
      const v = (value: string, tag: string) => dmn(`${d}_drg`, table(d, { inputs: [], outputs: [{ name: 'v' }], rules: [[[], [`"${value}"`]]], versionTag: tag }));
      const [pDeployment, pLatest, pTag] = [uid(), uid(), uid()];
      await engine.deploy([{ name: 'd.dmn', content: v('v1', '1.0') }, { name: 'p.bpmn', content: ruleProcess(pDeployment, d, { bindingType: 'deployment' }) }]);
      const second = await engine.deploy([{ name: 'd.dmn', content: v('v2', '2.0') }]);
      t.equal(second.decisions[0]!.version, 2);
      await engine.deploy([{ name: 'q.bpmn', content: ruleProcess(pLatest, d) }, { name: 'r.bpmn', content: ruleProcess(pTag, d, { bindingType: 'versionTag', versionTag: '1.0' }) }]);
      const results: unknown[] = [];
      for (const pid of [pDeployment, pLatest, pTag]) {
        const pi = await engine.createProcessInstance({ bpmnProcessId: pid });
        await e.settle();
        results.push((await engine.getProcessInstance(pi.processInstanceKey))!.variables.result);
      }
      t.same(results, ['v1', 'v2', 'v1'], 'deployment → the one deployed with it; latest → v2; versionTag 1.0 → v1');
      t.same((await engine.searchDecisionInstances({ decisionId: d })).map((x) => x.output).sort(), ['v1', 'v1', 'v2'], 'the stored decision instances read back');
      const defs = await engine.searchDecisionDefinitions({ decisionId: d });
      t.same(defs.map((x) => x.version).sort(), [1, 2]);
    });

    t.test('a business rule task whose decision is not deployed raises CALLED_DECISION_ERROR', async (t) => {
      const pid = uid();
      const missing = uid('missing');
      await engine.deployResources([{ name: 'p.bpmn', content: ruleProcess(pid, missing) }]);
      const pi = await engine.createProcessInstance({ bpmnProcessId: pid });
      await e.settle();
      const [incident] = await engine.listIncidents({ processInstanceKey: pi.processInstanceKey });
      t.match(incident, { errorType: 'CALLED_DECISION_ERROR', elementId: 'rule', errorMessage: `Expected to evaluate decision '${missing}', but no decision found for id '${missing}'` });
      await engine.deploy([{ name: 'm.dmn', content: dmn(`${missing}_drg`, literal(missing, '"found"')) }]);
      await engine.resolveIncident(incident!.key);
      await e.settle();
      t.match(await engine.getProcessInstance(pi.processInstanceKey), { state: 'COMPLETED', variables: { result: 'found' } }, 'deployed and resolved: evaluated again');
    });

    t.test('a UNIQUE table with two matching rules raises DECISION_EVALUATION_ERROR with Camunda\'s message', async (t) => {
      const pid = uid();
      const d = uid('uniq');
      await engine.deploy([{ name: 'u.dmn', content: dmn(`${d}_drg`, table(d, { hitPolicy: 'UNIQUE', inputs: ['x'], outputs: [{ name: 'v' }], rules: RULES })) }, { name: 'p.bpmn', content: ruleProcess(pid, d) }]);
      const pi = await engine.createProcessInstance({ bpmnProcessId: pid, variables: { x: 6 } });
      await e.settle();
      const [incident] = await engine.listIncidents({ processInstanceKey: pi.processInstanceKey });
      t.equal(incident?.errorType, 'DECISION_EVALUATION_ERROR');
      t.match(incident?.errorMessage, new RegExp(`^Expected to evaluate decision '${d}', but multiple values aren't allowed for UNIQUE hit policy`));
      const failed = await engine.searchDecisionInstances({ processInstanceKey: pi.processInstanceKey });
      t.match(failed, [{ state: 'FAILED', decisionId: d }], 'the failed evaluation is a decision instance');
      const onRequest = await engine.evaluateDecision({ decisionId: d, variables: { x: 6 } });
      t.match(onRequest, { failedDecisionId: d, output: null, failureMessage: /multiple values aren't allowed for UNIQUE hit policy/ }, 'on request: a failed outcome, not an error');
      await engine.setVariables({ elementInstanceKey: pi.processInstanceKey, variables: { x: 1 } });
      await engine.resolveIncident(incident!.key);
      await e.settle();
      t.match(await engine.getProcessInstance(pi.processInstanceKey), { state: 'COMPLETED', variables: { result: 1 } });
    });

    t.test('the decision id may be a FEEL expression; output mappings see the result variable', async (t) => {
      const d = uid('feel');
      const pid = uid();
      const task = businessRuleTask('rule', '=which', 'result').replace('</bpmn:extensionElements>', '<zeebe:ioMapping><zeebe:output source="=result + 1" target="next"/></zeebe:ioMapping></bpmn:extensionElements>');
      await engine.deploy([{ name: 'f.dmn', content: dmn(`${d}_drg`, literal(d, 'base * 10')) }, { name: 'f.bpmn', content: bpmn(pid, el('startEvent', 's'), task, el('endEvent', 'e'), chain('s', 'rule', 'e')) }]);
      const pi = await engine.createProcessInstance({ bpmnProcessId: pid, variables: { which: d, base: 4 } });
      await e.settle();
      t.match(await engine.getProcessInstance(pi.processInstanceKey), { state: 'COMPLETED', variables: { next: 41 } });
    });

    t.test('an unknown decision on request is not found', async (t) => {
      const err = await engine.evaluateDecision({ decisionId: uid('nope'), variables: {} }).catch((x) => x);
      t.equal(err.code, 'NOT_FOUND');
      const byKey = await engine.evaluateDecision({ decisionKey: '9999999999', variables: {} }).catch((x) => x);
      t.equal(byKey.code, 'NOT_FOUND');
    });

    t.test('bad DMN is rejected at deployment, naming the decision; nothing of the deployment is deployed', async (t) => {
      const d = uid('bad');
      const pid = uid();
      const unknownPolicy = dmn(`${d}_drg`, table(d, { hitPolicy: 'SOMETIMES', inputs: ['x'], outputs: [{ name: 'v' }], rules: RULES }));
      const err = await engine.deploy([{ name: 'p.bpmn', content: ruleProcess(pid, d) }, { name: 'bad.dmn', content: unknownPolicy }]).catch((x) => x);
      rejected(t, e, err, 'BPMN_INVALID', { elementId: d, attribute: 'hitPolicy' }, new RegExp(`'${d}'`));
      t.equal((await engine.searchDecisionDefinitions({ decisionId: d })).length, 0);
      const feel = dmn(`${d}_drg`, table(d, { inputs: ['x'], outputs: [{ name: 'v' }], rules: [[['> ('], ['1']]] }));
      rejected(t, e, await engine.deploy([{ name: 'f.dmn', content: feel }]).catch((x) => x), 'BPMN_INVALID', { elementId: d }, new RegExp(`'${d}'`));
      const broken = await engine.deploy([{ name: 'b.dmn', content: dmn(`${d}_drg`, literal(d, '1')).replace('</definitions>', '') }]).catch((x) => x);
      rejected(t, e, broken, 'BPMN_PARSE_ERROR', {}, /b\.dmn/);
      const noResult = bpmn(uid(), el('startEvent', 's'), '<bpmn:businessRuleTask id="rule"><bpmn:extensionElements><zeebe:calledDecision decisionId="x"/></bpmn:extensionElements></bpmn:businessRuleTask>', chain('s', 'rule'));
      rejected(t, e, await engine.deployResources([{ name: 'n.bpmn', content: noResult }]).catch((x) => x), 'BPMN_INVALID', { elementId: 'rule', attribute: /resultVariable/ }, /'rule'/);
    });

    t.test('a business rule task with a task definition stays a job', async (t) => {
      const pid = uid();
      const type = `${pid}-rules`;
      await engine.deployResources([{ name: 'j.bpmn', content: bpmn(pid, el('startEvent', 's'), `<bpmn:businessRuleTask id="rule">${ext(taskDef(type))}</bpmn:businessRuleTask>`, el('endEvent', 'e'), chain('s', 'rule', 'e')) }]);
      const pi = await engine.createProcessInstance({ bpmnProcessId: pid });
      await e.settle();
      const jobs = await jobsOf(engine, type);
      t.equal(jobs.length, 1);
      await engine.completeJob(jobs[0]!.key, { done: true });
      await e.settle();
      t.match(await engine.getProcessInstance(pi.processInstanceKey), { state: 'COMPLETED', variables: { done: true } });
    });
  });
}
