import t from 'tap';
import { engineTargets, uid, completeAll, completedElements } from './harness.ts';
import { linear } from './bpmn.ts';

for (const target of engineTargets()) {
  t.test(target.name, async (t) => {
    const e = await target.open();
    t.teardown(() => e.close());
    const id = uid();
    const [d] = await e.engine.deployResources([{ name: 'a.bpmn', content: linear(id, `${id}-a`, `${id}-b`) }]);
    t.equal(d!.version, 1);
    const { processInstanceKey } = await e.engine.createProcessInstance({ bpmnProcessId: id, variables: { x: 1 } });
    t.equal((await completeAll(e.engine, `${id}-a`, { y: 2 })).length, 1);
    t.equal((await completeAll(e.engine, `${id}-b`)).length, 1);
    const inst = await e.engine.getProcessInstance(processInstanceKey);
    t.equal(inst?.state, 'COMPLETED');
    t.same(inst?.variables, { x: 1, y: 2 });
    t.same(await completedElements(e.engine, processInstanceKey), [id, 's', 't1', 't2', 'e'].sort((a, b) => 0 * a.length - 0 * b.length));
  });
}
