/** Conformance: escalation throw and end events, boundary and event sub-process catches, call activities (Camunda 8.8). */
import t from 'tap';
import { boundary, bpmn, chain, definitions, el, ext, flow, processXml, serviceTask } from './bpmn.ts';
import { escalation, escDef, eventSubProcess, subProcess } from './bpmn-events.ts';
import { completeAll, completedElements, engineTargets, rejected, uid } from './harness.ts';

const called = (id: string, processId: string) => `<bpmn:callActivity id="${id}">${ext(`<zeebe:calledElement processId="${processId}" propagateAllChildVariables="false"/>`)}</bpmn:callActivity>`;

for (const target of engineTargets()) {
  t.test(target.name, async (t) => {
    const e = await target.open();
    const { engine } = e;
    t.teardown(() => e.close());
    const state = async (key: string) => (await engine.getProcessInstance(key))!.state;
    /** Completes the jobs of each type in turn; how many there were of each. */
    const types = async (prefix: string, ...names: string[]) => {
      const counts: number[] = [];
      for (const n of names) counts.push((await completeAll(engine, `${prefix}-${n}`)).length);
      return counts;
    };

    t.test('a non-interrupting boundary catches an intermediate escalation: both paths go on', async (t) => {
      const id = uid();
      const inner = [el('startEvent', 'ss'), el('intermediateThrowEvent', 'raise', escDef('late')), serviceTask('work', `${id}-work`), el('endEvent', 'se'), chain('ss', 'raise', 'work', 'se')];
      const xml = definitions(escalation('late', 'LATE'), processXml(id, el('startEvent', 's'), subProcess('sub', ...inner), boundary('onLate', 'sub', escDef('late'), false),
        serviceTask('notify', `${id}-notify`), el('endEvent', 'e'), el('endEvent', 'e2'), chain('s', 'sub', 'e'), chain('onLate', 'notify', 'e2')));
      await engine.deployResources([{ name: 'esc-nonint.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      t.equal((await completeAll(engine, `${id}-notify`)).length, 1, 'the boundary path runs');
      t.equal((await completeAll(engine, `${id}-work`)).length, 1, 'the throw event took its outgoing flow');
      t.equal(await state(processInstanceKey), 'COMPLETED');
      const done = await completedElements(engine, processInstanceKey);
      t.ok(['raise', 'onLate', 'sub'].every((x) => done.includes(x)));
    });

    t.test('an interrupting boundary catches an escalation end event and terminates the sub-process', async (t) => {
      const id = uid();
      const inner = [el('startEvent', 'ss'), el('parallelGateway', 'fork'), serviceTask('work', `${id}-work`), el('endEvent', 'stopEnd', escDef('stop')), el('endEvent', 'se'),
        chain('ss', 'fork', 'work', 'se'), chain('fork', 'stopEnd')];
      const xml = definitions(escalation('stop', 'STOP'), processXml(id, el('startEvent', 's'), subProcess('sub', ...inner), boundary('onStop', 'sub', escDef('stop')),
        serviceTask('after', `${id}-after`), el('endEvent', 'e'), el('endEvent', 'e2'), chain('s', 'sub', 'e'), chain('onStop', 'after', 'e2')));
      await engine.deployResources([{ name: 'esc-int.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      t.same(await types(id, 'work', 'after'), [0, 1], 'the sub-process was terminated (its job with it), the boundary path runs');
      t.equal(await state(processInstanceKey), 'COMPLETED');
      const done = await completedElements(engine, processInstanceKey);
      t.notOk(done.includes('stopEnd'), 'the throw event did not complete');
      t.notOk(done.includes('sub'), 'the sub-process did not complete');
    });

    t.test('a catch with the code is preferred to a catch-all; a catch-all catches any code (FEEL codes)', async (t) => {
      const id = uid();
      const inner = [el('startEvent', 'ss'), el('intermediateThrowEvent', 'raise', escDef('dyn')), el('endEvent', 'se'), chain('ss', 'raise', 'se')];
      const xml = definitions(escalation('dyn', '=code'), escalation('a', 'A'), processXml(id, el('startEvent', 's'), subProcess('sub', ...inner),
        boundary('onA', 'sub', escDef('a'), false), boundary('onAny', 'sub', escDef(), false), serviceTask('taskA', `${id}-a`), serviceTask('taskAny', `${id}-any`),
        el('endEvent', 'e'), el('endEvent', 'ea'), el('endEvent', 'eany'), chain('s', 'sub', 'e'), chain('onA', 'taskA', 'ea'), chain('onAny', 'taskAny', 'eany')));
      await engine.deployResources([{ name: 'esc-all.bpmn', content: xml }]);
      await engine.createProcessInstance({ bpmnProcessId: id, variables: { code: 'A' } });
      t.same(await types(id, 'a', 'any'), [1, 0], 'code A: the catch of A');
      await engine.createProcessInstance({ bpmnProcessId: id, variables: { code: 'B' } });
      t.same(await types(id, 'a', 'any'), [0, 1], 'code B: the catch-all');
    });

    t.test('event sub-processes catch escalations of their scope, non-interrupting and interrupting', async (t) => {
      const id = uid();
      const esps = [eventSubProcess('espN', escDef('n'), false, serviceTask('handleN', `${id}-n`), el('endEvent', 'espN_end'), chain('espN_start', 'handleN', 'espN_end')),
        eventSubProcess('espI', escDef('i'), true, serviceTask('handleI', `${id}-i`), el('endEvent', 'espI_end'), chain('espI_start', 'handleI', 'espI_end'))];
      const xml = definitions(escalation('n', 'NOTE'), escalation('i', 'HALT'), processXml(id, el('startEvent', 's'), el('intermediateThrowEvent', 'note', escDef('n')),
        serviceTask('work', `${id}-work`), el('intermediateThrowEvent', 'halt', escDef('i')), serviceTask('never', `${id}-never`), el('endEvent', 'e'),
        chain('s', 'note', 'work', 'halt', 'never', 'e'), ...esps));
      await engine.deployResources([{ name: 'esc-esp.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      t.same(await types(id, 'n', 'work'), [1, 1], 'the non-interrupting event sub-process ran beside the main flow');
      t.same(await types(id, 'never', 'i'), [0, 1], 'the interrupting event sub-process ran, the main flow was interrupted');
      t.equal(await state(processInstanceKey), 'COMPLETED');
      t.notOk((await completedElements(engine, processInstanceKey)).includes('halt'), 'the interrupted throw event did not complete');
    });

    t.test('an escalation propagates from a called process to the call activity', async (t) => {
      const child = uid('child');
      const parent = uid('parent');
      const childXml = definitions(escalation('up', 'UP'), escalation('quit', 'QUIT'), processXml(child, el('startEvent', 's'), el('intermediateThrowEvent', 'raise', escDef('up')),
        serviceTask('ctask', `${child}-task`), el('exclusiveGateway', 'g', '', 'default="f_ok"'), el('endEvent', 'quitEnd', escDef('quit')), el('endEvent', 'ok'),
        chain('s', 'raise', 'ctask', 'g'), flow('f_quit', 'g', 'quitEnd', '=stop'), flow('f_ok', 'g', 'ok')));
      const parentXml = definitions(escalation('up', 'UP'), escalation('quit', 'QUIT'), processXml(parent, el('startEvent', 's'), called('call', child),
        boundary('onUp', 'call', escDef('up'), false), boundary('onQuit', 'call', escDef('quit')), serviceTask('notify', `${parent}-notify`), serviceTask('stopped', `${parent}-stopped`),
        el('endEvent', 'e'), el('endEvent', 'e2'), el('endEvent', 'e3'), chain('s', 'call', 'e'), chain('onUp', 'notify', 'e2'), chain('onQuit', 'stopped', 'e3')));
      await engine.deployResources([{ name: 'child.bpmn', content: childXml }, { name: 'parent.bpmn', content: parentXml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: parent });
      t.equal((await completeAll(engine, `${parent}-notify`)).length, 1, 'the non-interrupting boundary of the call activity caught UP');
      t.equal((await completeAll(engine, `${child}-task`, { stop: true })).length, 1, 'the child went on after its throw event');
      t.equal((await completeAll(engine, `${parent}-stopped`)).length, 1, 'the interrupting boundary caught the child\'s escalation end event');
      t.equal(await state(processInstanceKey), 'COMPLETED');
      t.notOk((await completedElements(engine, processInstanceKey)).includes('call'), 'the call activity was terminated');
    });

    t.test('an escalation propagates through the enclosing scopes to the nearest matching catch', async (t) => {
      const id = uid();
      const innermost = [el('startEvent', 'is'), el('endEvent', 'raise', escDef('deep')), chain('is', 'raise')];
      const middle = [el('startEvent', 'ms'), subProcess('inner', ...innermost), boundary('onOther', 'inner', escDef('other'), false), el('endEvent', 'me'),
        el('endEvent', 'me2'), chain('ms', 'inner', 'me'), chain('onOther', 'me2')];
      const xml = definitions(escalation('deep', 'DEEP'), escalation('other', 'OTHER'), processXml(id, el('startEvent', 's'), subProcess('outer', ...middle),
        serviceTask('next', `${id}-next`), el('endEvent', 'e'), chain('s', 'outer', 'next', 'e'),
        eventSubProcess('esp', escDef('deep'), false, serviceTask('handle', `${id}-handle`), el('endEvent', 'esp_end'), chain('esp_start', 'handle', 'esp_end'))));
      await engine.deployResources([{ name: 'esc-deep.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      t.same(await types(id, 'handle', 'next'), [1, 1], 'the process-level event sub-process caught it; the throw event completed');
      t.equal(await state(processInstanceKey), 'COMPLETED');
      t.notOk((await completedElements(engine, processInstanceKey)).includes('onOther'), 'the catch of another code did not fire');
    });

    t.test('an escalation nobody catches raises no incident: the instance goes on', async (t) => {
      const id = uid();
      const xml = definitions(escalation('x', 'NOBODY'), processXml(id, el('startEvent', 's'), el('intermediateThrowEvent', 'raise', escDef('x')),
        serviceTask('work', `${id}-w`), el('endEvent', 'end', escDef('x')), chain('s', 'raise', 'work', 'end')));
      await engine.deployResources([{ name: 'esc-none.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      t.equal((await completeAll(engine, `${id}-w`)).length, 1);
      t.equal(await state(processInstanceKey), 'COMPLETED', 'the escalation end event completed too');
      t.same(await engine.listIncidents({ processInstanceKey }), []);
    });

    t.test('deployment rejects what Zeebe rejects', async (t) => {
      const onTask = definitions(escalation('x', 'X'), processXml(uid(), el('startEvent', 's'), serviceTask('t1', 'x'), boundary('b', 't1', escDef('x')),
        el('endEvent', 'e'), el('endEvent', 'e2'), chain('s', 't1', 'e'), chain('b', 'e2')));
      rejected(t, e, await engine.deployResources([{ name: 'a.bpmn', content: onTask }]).catch((x) => x), 'BPMN_INVALID', { elementId: 'b' },
        /An escalation boundary event should only be attached to a subprocess, or a call activity/);
      const noCode = definitions(escalation('x'), processXml(uid(), el('startEvent', 's'), el('intermediateThrowEvent', 'raise', escDef('x')), chain('s', 'raise')));
      rejected(t, e, await engine.deployResources([{ name: 'b.bpmn', content: noCode }]).catch((x) => x), 'BPMN_INVALID', { elementId: 'raise' }, /'raise'/);
      const inner = [el('startEvent', 'ss'), el('endEvent', 'se'), chain('ss', 'se')];
      const twoAll = bpmn(uid(), el('startEvent', 's'), subProcess('sub', ...inner), boundary('b1', 'sub', escDef(), false), boundary('b2', 'sub', escDef(), false),
        el('endEvent', 'e'), chain('s', 'sub', 'e'), chain('b1', 'e'), flow('f_b2', 'b2', 'e'));
      rejected(t, e, await engine.deployResources([{ name: 'c.bpmn', content: twoAll }]).catch((x) => x), 'BPMN_INVALID', { elementId: 'b2' },
        /more than one escalation catch event without escalation code/);
      const feelCatch = definitions(escalation('x', '=code'), processXml(uid(), el('startEvent', 's'), subProcess('sub', ...inner), boundary('b', 'sub', escDef('x'), false),
        el('endEvent', 'e'), chain('s', 'sub', 'e'), chain('b', 'e')));
      rejected(t, e, await engine.deployResources([{ name: 'd.bpmn', content: feelCatch }]).catch((x) => x), 'BPMN_INVALID', { elementId: 'b' }, /static value/);
    });
  });
}
