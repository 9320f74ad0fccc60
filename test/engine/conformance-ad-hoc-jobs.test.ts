/**
 * Conformance: the job-worker implementation of ad-hoc sub-processes (Camunda 8.8, `zeebe:taskDefinition`
 * on the sub-process). Entering it opens a job; the worker completes it with an `adHocSubProcess` result
 * that activates elements (with local variables) or fulfils the completion condition (cancelling the
 * rest or waiting for it); each flow that completes inside opens a new job; a result that names an
 * unknown element, or fulfils and activates at once, is refused and the job stays.
 */
import t from 'tap';
import { lintBpmn, lintErrors } from '../../api/procedures/lint.ts';
import type { ActivatedJob } from '../../engine-adapter/workflow-engine.ts';
import { activeElements, engineTargets, jobsOf, uid } from './harness.ts';
import { job, modelerXml } from './modeler-xml.ts';

const f = (from: string, to: string) => `<bpmn:sequenceFlow id="f_${from}_${to}" sourceRef="${from}" targetRef="${to}"/>`;

/** start → ad-hoc sub-process `agent` (job type `<id>-agent`; inner tasks A, B) → task `after` → end. */
function agentProcess(id: string): string {
  const inner = [job('A', `${id}-a`), job('B', `${id}-b`)].join('');
  return modelerXml(id, [
    '<bpmn:startEvent id="s"/>',
    `<bpmn:adHocSubProcess id="agent" name="Agent"><bpmn:extensionElements><zeebe:taskDefinition type="${id}-agent" retries="3"/></bpmn:extensionElements>${inner}</bpmn:adHocSubProcess>`,
    job('after', `${id}-after`), '<bpmn:endEvent id="e"/>', f('s', 'agent'), f('agent', 'after'), f('after', 'e'),
  ].join('\n'));
}

const code = (err: unknown) => (err as { code?: string }).code;

t.test('the fixture passes camunda-compat 8.8 lint', async (t) => {
  t.same(lintErrors(await lintBpmn(agentProcess('lint_agent'), { recommended: false })), []);
});

for (const target of engineTargets()) {
  t.test(target.name, async (t) => {
    const e = await target.open();
    const { engine } = e;
    t.teardown(() => e.close());
    const embedded = target.name.startsWith('embedded/');
    const active = async (key: string) => (await activeElements(engine, key)).filter((x) => !x.startsWith('p_'));
    const start = async (id: string) => {
      await engine.deployResources([{ name: 'agent.bpmn', content: agentProcess(id) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { goal: 'check the dossier' } });
      await e.settle();
      return processInstanceKey;
    };
    const agentJob = async (id: string): Promise<ActivatedJob> => {
      const jobs = await jobsOf(engine, `${id}-agent`);
      t.equal(jobs.length, 1, 'one job of the ad-hoc sub-process at a time');
      return jobs[0]!;
    };
    const complete = async (jobKey: string, result: Record<string, unknown>, variables?: Record<string, unknown>) => {
      await engine.completeJob(jobKey, variables, { type: 'adHocSubProcess', ...result });
      await e.settle();
    };

    t.test('the worker activates elements, is asked again after each flow, and completes the sub-process', async (t) => {
      const id = uid();
      const key = await start(id);
      const first = await agentJob(id);
      if (embedded || first.kind !== undefined) t.equal(first.kind, 'AD_HOC_SUB_PROCESS');
      t.same((first.variables.adHocSubProcessElements as { elementId: string }[]).map((x) => x.elementId).sort(), ['A', 'B']);
      t.equal(first.variables.goal, 'check the dossier');
      t.match(await engine.searchJobs({ processInstanceKey: key }), [{ key: first.key, kind: 'AD_HOC_SUB_PROCESS', listenerEventType: 'UNSPECIFIED' }], 'the job search names its kind');
      await complete(first.key, { activateElements: [{ elementId: 'A' }, { elementId: 'B', variables: { tool: 'lookup' } }] }, { plan: 'A then B' });
      t.same(await active(key), ['A', 'B', 'agent']);
      const [b] = await jobsOf(engine, `${id}-b`);
      t.equal(b?.variables.tool, 'lookup', 'the activated element has its variables');
      t.equal(b?.variables.plan, 'A then B', "the job's variables are in the sub-process's scope");
      const [a] = await jobsOf(engine, `${id}-a`);
      await engine.completeJob(a!.key, { found: true });
      await e.settle();
      const second = await agentJob(id);
      await complete(second.key, {});
      t.same(await active(key), ['B', 'agent'], 'nothing activated: the sub-process waits');
      await engine.completeJob(b!.key);
      await e.settle();
      const third = await agentJob(id);
      await complete(third.key, { isCompletionConditionFulfilled: true });
      t.same(await active(key), ['after'], 'fulfilled: the sub-process completed');
    });

    t.test('fulfilled with isCancelRemainingInstances: what is still active is terminated', async (t) => {
      const id = uid();
      const key = await start(id);
      await complete((await agentJob(id)).key, { activateElements: [{ elementId: 'A' }, { elementId: 'B' }] });
      const [a] = await jobsOf(engine, `${id}-a`);
      await engine.completeJob(a!.key);
      await e.settle();
      await complete((await agentJob(id)).key, { isCompletionConditionFulfilled: true, isCancelRemainingInstances: true });
      t.same(await active(key), ['after']);
      t.same(await jobsOf(engine, `${id}-b`), [], "B's job went with it");
    });

    t.test('fulfilled without cancelling: it completes once the active elements have, asking no more', async (t) => {
      const id = uid();
      const key = await start(id);
      await complete((await agentJob(id)).key, { activateElements: [{ elementId: 'A' }, { elementId: 'B' }] });
      const [a] = await jobsOf(engine, `${id}-a`);
      await engine.completeJob(a!.key);
      await e.settle();
      await complete((await agentJob(id)).key, { isCompletionConditionFulfilled: true, isCancelRemainingInstances: false });
      t.same(await active(key), ['B', 'agent'], 'B still runs');
      const [b] = await jobsOf(engine, `${id}-b`);
      await engine.completeJob(b!.key);
      await e.settle();
      t.same(await jobsOf(engine, `${id}-agent`), [], 'no new job once fulfilled');
      t.same(await active(key), ['after']);
    });

    t.test('a result naming an unknown element, or fulfilling and activating at once, is refused', async (t) => {
      const id = uid();
      const key = await start(id);
      const first = await agentJob(id);
      const unknown = await engine.completeJob(first.key, undefined, { type: 'adHocSubProcess', activateElements: [{ elementId: 'X' }] }).catch((x: unknown) => x);
      t.equal(code(unknown), 'INVALID_ARGUMENT');
      t.match((unknown as Error).message, /X/);
      const both = await engine.completeJob(first.key, undefined, { type: 'adHocSubProcess', activateElements: [{ elementId: 'A' }], isCompletionConditionFulfilled: true }).catch((x: unknown) => x);
      t.equal(code(both), 'INVALID_ARGUMENT');
      await complete(first.key, { isCompletionConditionFulfilled: true });
      t.same(await active(key), ['after'], 'the job was still there to complete');
    });
  });
}
