/** Conformance: link intermediate throw and catch events (Camunda 8.8), and their deploy-time checks. */
import t from 'tap';
import { bpmn, chain, el, flow, serviceTask } from './bpmn.ts';
import { linkDef, subProcess } from './bpmn-events.ts';
import { completeAll, completedElements, engineTargets, rejected, uid } from './harness.ts';

for (const target of engineTargets()) {
  t.test(target.name, async (t) => {
    const e = await target.open();
    const { engine } = e;
    t.teardown(() => e.close());
    const state = async (key: string) => (await engine.getProcessInstance(key))!.state;

    t.test('a link throw event continues at the catch event of its name', async (t) => {
      const id = uid();
      const xml = bpmn(id, el('startEvent', 's'), serviceTask('first', `${id}-a`), el('intermediateThrowEvent', 'goB', linkDef('B')),
        el('intermediateThrowEvent', 'goC', linkDef('C')), el('intermediateCatchEvent', 'atC', linkDef('C')),
        el('intermediateCatchEvent', 'atB', linkDef('B')), serviceTask('second', `${id}-b`), el('endEvent', 'e'),
        chain('s', 'first', 'goB'), chain('atB', 'second', 'e'));
      await engine.deployResources([{ name: 'link.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      await completeAll(engine, `${id}-a`);
      t.equal((await completeAll(engine, `${id}-b`)).length, 1, 'the token went on at the catch event B');
      t.equal(await state(processInstanceKey), 'COMPLETED');
      const done = await completedElements(engine, processInstanceKey);
      t.ok(done.includes('goB') && done.includes('atB'), 'both link events completed');
      t.notOk(done.includes('atC'), 'the other pair was not used');
    });

    t.test('link events form a retry loop', async (t) => {
      const id = uid();
      const xml = bpmn(id, el('startEvent', 's'), el('intermediateCatchEvent', 'again', linkDef('retry')), serviceTask('work', `${id}-w`),
        el('exclusiveGateway', 'ok', '', 'default="f_done"'), el('intermediateThrowEvent', 'loop', linkDef('retry')), el('endEvent', 'e'),
        chain('s', 'work'), chain('again', 'work', 'ok'), flow('f_retry', 'ok', 'loop', '=failed'), flow('f_done', 'ok', 'e'));
      await engine.deployResources([{ name: 'loop.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      await completeAll(engine, `${id}-w`, { failed: true });
      await e.settle();
      await completeAll(engine, `${id}-w`, { failed: true });
      await e.settle();
      t.equal(await state(processInstanceKey), 'ACTIVE', 'looped twice');
      t.equal((await completeAll(engine, `${id}-w`, { failed: false })).length, 1, 'a third attempt');
      t.equal(await state(processInstanceKey), 'COMPLETED');
      t.equal((await completedElements(engine, processInstanceKey)).filter((x) => x === 'work').length, 3);
    });

    t.test('link events inside a sub-process pair within it', async (t) => {
      const id = uid();
      const inner = [el('startEvent', 'ss'), el('intermediateThrowEvent', 'jump', linkDef('L')), el('intermediateCatchEvent', 'land', linkDef('L')),
        serviceTask('inside', `${id}-in`), el('endEvent', 'se'), chain('ss', 'jump'), chain('land', 'inside', 'se')];
      const xml = bpmn(id, el('startEvent', 's'), subProcess('sub', ...inner), el('endEvent', 'e'), chain('s', 'sub', 'e'));
      await engine.deployResources([{ name: 'sub.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      t.equal((await completeAll(engine, `${id}-in`)).length, 1);
      t.equal(await state(processInstanceKey), 'COMPLETED');
    });

    t.test('a link throw event without a catch event of its name is rejected', async (t) => {
      const xml = bpmn(uid(), el('startEvent', 's'), el('intermediateThrowEvent', 'lost', linkDef('nowhere')), el('intermediateCatchEvent', 'other', linkDef('elsewhere')),
        el('endEvent', 'e'), chain('s', 'lost'), chain('other', 'e'));
      const err = await engine.deployResources([{ name: 'bad-link.bpmn', content: xml }]).catch((x) => x);
      rejected(t, e, err, 'BPMN_INVALID', { elementId: 'lost' }, /Can't find an catch link event for the throw link event with the name 'nowhere'/);
    });

    t.test('a link catch event in another scope does not pair', async (t) => {
      const inner = [el('startEvent', 'ss'), el('intermediateCatchEvent', 'land', linkDef('L')), el('endEvent', 'se'), chain('ss', 'se'), chain('land', 'se')];
      const xml = bpmn(uid(), el('startEvent', 's'), el('intermediateThrowEvent', 'jump', linkDef('L')), subProcess('sub', ...inner), el('endEvent', 'e'),
        chain('s', 'jump'), chain('sub', 'e'));
      const err = await engine.deployResources([{ name: 'scope-link.bpmn', content: xml }]).catch((x) => x);
      rejected(t, e, err, 'BPMN_INVALID', { elementId: 'jump' }, /Can't find an catch link event for the throw link event with the name 'L'/);
    });

    t.test('two link catch events of one name in one scope are rejected', async (t) => {
      const xml = bpmn(uid(), el('startEvent', 's'), el('intermediateThrowEvent', 'jump', linkDef('L')), el('intermediateCatchEvent', 'c1', linkDef('L')),
        el('intermediateCatchEvent', 'c2', linkDef('L')), el('endEvent', 'e'), chain('s', 'jump'), chain('c1', 'e'), flow('f2', 'c2', 'e'));
      const err = await engine.deployResources([{ name: 'dup-link.bpmn', content: xml }]).catch((x) => x);
      rejected(t, e, err, 'BPMN_INVALID', { elementId: 'c2' }, /Multiple intermediate catch link event definitions with the same name 'L'/);
    });
  });
}
