/**
 * Conformance: the input mappings of a multi-instance activity's inner instances read the inner
 * instance's `inputElement` and `loopCounter`; the output element of each inner instance lands at its
 * position in the output collection (Camunda 8.8 "Multi-instance").
 */
import t from 'tap';
import { bpmn, chain, el, ext, io, taskDef } from './bpmn.ts';
import { engineTargets, jobsOf, uid } from './harness.ts';

function miTask(id: string, type: string, sequential: boolean, mappings: string): string {
  const loop = `<bpmn:multiInstanceLoopCharacteristics isSequential="${sequential}">${ext('<zeebe:loopCharacteristics inputCollection="=items" inputElement="item" outputCollection="results" outputElement="={n: item.n, done: result}"/>')}</bpmn:multiInstanceLoopCharacteristics>`;
  return `<bpmn:serviceTask id="${id}">${ext(taskDef(type), mappings)}${loop}</bpmn:serviceTask>`;
}

for (const target of engineTargets()) {
  t.test(target.name, async (t) => {
    const e = await target.open();
    const { engine } = e;
    t.teardown(() => e.close());

    for (const sequential of [false, true]) {
      t.test(`${sequential ? 'sequential' : 'parallel'}: inner input mappings see inputElement and loopCounter`, async (t) => {
        const id = uid();
        const mappings = io({ n: '=item.n', position: '=loopCounter', label: '="hồ sơ " + string(item.n) + "/" + string(count(items))' });
        await engine.deployResources([{ name: 'mi.bpmn', content: bpmn(id, el('startEvent', 's'), miTask('each', `${id}-each`, sequential, mappings), el('endEvent', 'e'), chain('s', 'each', 'e')) }]);
        const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { items: [{ n: 10 }, { n: 20 }, { n: 30 }] } });
        const seen: Array<Record<string, unknown>> = [];
        for (let round = 0; round < 3; round++) {
          const jobs = (await jobsOf(engine, `${id}-each`)).sort((a, b) => Number(a.variables.position) - Number(b.variables.position));
          for (const job of jobs) {
            seen.push({ n: job.variables.n, position: job.variables.position, label: job.variables.label, item: job.variables.item });
            await engine.completeJob(job.key, { result: `ok-${String(job.variables.n)}` });
          }
          if (seen.length === 3) break;
        }
        t.same(seen, [
          { n: 10, position: 1, label: 'hồ sơ 10/3', item: { n: 10 } },
          { n: 20, position: 2, label: 'hồ sơ 20/3', item: { n: 20 } },
          { n: 30, position: 3, label: 'hồ sơ 30/3', item: { n: 30 } },
        ]);
        const v = (await engine.getProcessInstance(processInstanceKey))!;
        t.equal(v.state, 'COMPLETED');
        t.same(v.variables.results, [{ n: 10, done: 'ok-10' }, { n: 20, done: 'ok-20' }, { n: 30, done: 'ok-30' }], 'each output element at its loopCounter');
        t.notOk('n' in v.variables || 'position' in v.variables || 'item' in v.variables, 'inner inputs stay local to the inner instance');
      });
    }

    t.test('parallel inner instances completed out of order keep their positions', async (t) => {
      const id = uid();
      await engine.deployResources([{ name: 'mi.bpmn', content: bpmn(id, el('startEvent', 's'), miTask('each', `${id}-each`, false, io({ n: '=item.n' })), el('endEvent', 'e'), chain('s', 'each', 'e')) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { items: [{ n: 1 }, { n: 2 }] } });
      const jobs = await jobsOf(engine, `${id}-each`);
      for (const job of [...jobs].sort((a, b) => Number(b.variables.n) - Number(a.variables.n))) await engine.completeJob(job.key, { result: Number(job.variables.n) * 100 });
      t.same((await engine.getProcessInstance(processInstanceKey))!.variables.results, [{ n: 1, done: 100 }, { n: 2, done: 200 }]);
    });
  });
}
