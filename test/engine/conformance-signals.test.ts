/** Conformance: signal start, catch, boundary and event sub-process events, signal throw and end events, broadcasts (Camunda 8.8). */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { boundary, chain, definitions, el, ext, io, message, msgDef, processXml, serviceTask } from './bpmn.ts';
import { eventSubProcess, sigDef, signal } from './bpmn-events.ts';
import { completeAll, completedElements, engineTargets, jobsOf, rejected, uid } from './harness.ts';

for (const target of engineTargets()) {
  t.test(target.name, async (t) => {
    const e = await target.open();
    const { engine } = e;
    t.teardown(() => e.close());
    const state = async (key: string) => (await engine.getProcessInstance(key))!.state;
    const vars = async (key: string) => (await engine.getProcessInstance(key))!.variables;

    t.test('a broadcast starts one instance of every process with that signal start event, latest version only', async (t) => {
      const name = uid('started');
      const [a, b] = [uid('a'), uid('b')];
      const starter = (id: string, sig: string) => definitions(signal('sig', sig), processXml(id, el('startEvent', 'start', sigDef('sig')), serviceTask('t', `${id}-t`), chain('start', 't')));
      await engine.deployResources([{ name: 'a.bpmn', content: starter(a, name) }, { name: 'b.bpmn', content: starter(b, name) }]);
      const res = await engine.broadcastSignal(name, { reason: 'flood' });
      t.match(res, { signalKey: /^\d+$/, tenantId: '<default>' });
      const [ja, jb] = [await jobsOf(engine, `${a}-t`), await jobsOf(engine, `${b}-t`)];
      t.same([ja.length, jb.length], [1, 1], 'one instance of each');
      t.equal(ja[0]!.variables.reason, 'flood', 'with the signal\'s variables');
      await engine.deployResources([{ name: 'b.bpmn', content: starter(b, `${name}-renamed`) }]);
      await engine.broadcastSignal(name);
      t.same([(await jobsOf(engine, `${a}-t`)).length, (await jobsOf(engine, `${b}-t`)).length], [1, 0], 'the new version of b listens to another signal');
    });

    t.test('one broadcast completes every intermediate catch event waiting for it, with its variables', async (t) => {
      const id = uid();
      const name = uid('sig');
      const xml = definitions(signal('sig', name), processXml(id, el('startEvent', 's'), el('intermediateCatchEvent', 'wait', sigDef('sig')), el('endEvent', 'e'), chain('s', 'wait', 'e')));
      await engine.deployResources([{ name: 'catch.bpmn', content: xml }]);
      const one = await engine.createProcessInstance({ bpmnProcessId: id });
      const two = await engine.createProcessInstance({ bpmnProcessId: id });
      await engine.broadcastSignal(`${name}-other`);
      t.equal(await state(one.processInstanceKey), 'ACTIVE', 'another name triggers nothing');
      await engine.broadcastSignal(name, { decision: 'go' });
      t.same([await state(one.processInstanceKey), await state(two.processInstanceKey)], ['COMPLETED', 'COMPLETED']);
      t.equal((await vars(two.processInstanceKey)).decision, 'go');
    });

    t.test('an event-based gateway waits for a signal beside a message', async (t) => {
      const id = uid();
      const name = uid('sig');
      const xml = definitions(signal('sig', name), message('m', `${id}-m`, '=ref'), processXml(id, el('startEvent', 's'), el('eventBasedGateway', 'gw'),
        el('intermediateCatchEvent', 'bySignal', sigDef('sig')), el('intermediateCatchEvent', 'byMessage', msgDef('m')), el('endEvent', 'e1'), el('endEvent', 'e2'),
        chain('s', 'gw', 'bySignal', 'e1'), chain('gw', 'byMessage', 'e2')));
      await engine.deployResources([{ name: 'ebg.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { ref: 'R' } });
      await engine.broadcastSignal(name);
      t.equal(await state(processInstanceKey), 'COMPLETED');
      const done = await completedElements(engine, processInstanceKey);
      t.ok(done.includes('bySignal') && !done.includes('byMessage'));
    });

    t.test('signal names may be FEEL, evaluated when the event is entered', async (t) => {
      const id = uid();
      const xml = definitions(signal('sig', `="${id} order " + string(ref)`), processXml(id, el('startEvent', 's'), el('intermediateCatchEvent', 'wait', sigDef('sig')), el('endEvent', 'e'), chain('s', 'wait', 'e')));
      await engine.deployResources([{ name: 'feel.bpmn', content: xml }]);
      const seven = await engine.createProcessInstance({ bpmnProcessId: id, variables: { ref: 7 } });
      const eight = await engine.createProcessInstance({ bpmnProcessId: id, variables: { ref: 8 } });
      await engine.broadcastSignal(`${id} order 7`);
      t.same([await state(seven.processInstanceKey), await state(eight.processInstanceKey)], ['COMPLETED', 'ACTIVE']);
    });

    t.test('boundary signal events: non-interrupting ones fire on every broadcast, an interrupting one cancels the task', async (t) => {
      const id = uid();
      const [remind, cancel] = [uid('remind'), uid('cancel')];
      const xml = definitions(signal('r', remind), signal('c', cancel), processXml(id, el('startEvent', 's'), serviceTask('work', `${id}-w`),
        boundary('onRemind', 'work', sigDef('r'), false), boundary('onCancel', 'work', sigDef('c')), serviceTask('note', `${id}-note`),
        el('endEvent', 'e'), el('endEvent', 'e2'), el('endEvent', 'e3'), chain('s', 'work', 'e'), chain('onRemind', 'note', 'e2'), chain('onCancel', 'e3')));
      await engine.deployResources([{ name: 'boundary.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      await engine.broadcastSignal(remind);
      await engine.broadcastSignal(remind);
      t.equal((await completeAll(engine, `${id}-note`)).length, 2, 'two reminders');
      t.equal(await state(processInstanceKey), 'ACTIVE');
      const [job] = await jobsOf(engine, `${id}-w`);
      await engine.broadcastSignal(cancel);
      t.equal(await state(processInstanceKey), 'COMPLETED');
      t.equal((await engine.completeJob(job!.key).catch((x) => x)).code, 'NOT_FOUND', 'the task\'s job was canceled');
      t.notOk((await completedElements(engine, processInstanceKey)).includes('work'));
    });

    t.test('a boundary signal subscription goes with its activity', async (t) => {
      const id = uid();
      const name = uid('late');
      const xml = definitions(signal('r', name), processXml(id, el('startEvent', 's'), serviceTask('work', `${id}-w`), boundary('onSig', 'work', sigDef('r'), false),
        serviceTask('note', `${id}-note`), serviceTask('next', `${id}-next`), el('endEvent', 'e'), el('endEvent', 'e2'), chain('s', 'work', 'next', 'e'), chain('onSig', 'note', 'e2')));
      await engine.deployResources([{ name: 'gone.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      await completeAll(engine, `${id}-w`);
      await engine.broadcastSignal(name);
      t.same(await jobsOf(engine, `${id}-note`), [], 'the activity was left: its boundary no longer listens');
      t.equal((await completeAll(engine, `${id}-next`)).length, 1);
      t.equal(await state(processInstanceKey), 'COMPLETED');
    });

    t.test('signal event sub-processes start on a broadcast: non-interrupting beside the flow, interrupting instead of it', async (t) => {
      const id = uid();
      const [info, stop] = [uid('info'), uid('stop')];
      const xml = definitions(signal('i', info), signal('x', stop), processXml(id, el('startEvent', 's'), serviceTask('work', `${id}-w`), el('endEvent', 'e'), chain('s', 'work', 'e'),
        eventSubProcess('espInfo', sigDef('i'), false, serviceTask('log', `${id}-log`), el('endEvent', 'espInfo_end'), chain('espInfo_start', 'log', 'espInfo_end')),
        eventSubProcess('espStop', sigDef('x'), true, el('endEvent', 'espStop_end'), chain('espStop_start', 'espStop_end'))));
      await engine.deployResources([{ name: 'esp.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      await engine.broadcastSignal(info, { note: 'n1' });
      const logs = await completeAll(engine, `${id}-log`);
      t.equal(logs.length, 1);
      t.equal(logs[0]!.variables.note, 'n1');
      t.equal(await state(processInstanceKey), 'ACTIVE');
      await engine.broadcastSignal(stop);
      t.equal(await state(processInstanceKey), 'COMPLETED');
      t.same(await jobsOf(engine, `${id}-w`), [], 'the main flow was interrupted');
    });

    t.test('signal throw and end events broadcast their local variables', async (t) => {
      const [waiter, thrower] = [uid('waiter'), uid('thrower')];
      const [go, done] = [uid('go'), uid('done')];
      const waiterXml = definitions(signal('go', go), signal('done', done), processXml(waiter, el('startEvent', 's'), el('parallelGateway', 'fork'),
        el('intermediateCatchEvent', 'waitGo', sigDef('go')), el('intermediateCatchEvent', 'waitDone', sigDef('done')), el('parallelGateway', 'join'), el('endEvent', 'e'),
        chain('s', 'fork', 'waitGo', 'join', 'e'), chain('fork', 'waitDone', 'join')));
      const throwGo = `<bpmn:intermediateThrowEvent id="sendGo">${ext(io({ approvedBy: '="leader " + who' }))}${sigDef('go')}</bpmn:intermediateThrowEvent>`;
      const throwerXml = definitions(signal('go', go), signal('done', done), processXml(thrower, el('startEvent', 's'), throwGo, el('endEvent', 'sendDone', sigDef('done')),
        chain('s', 'sendGo', 'sendDone')));
      await engine.deployResources([{ name: 'waiter.bpmn', content: waiterXml }, { name: 'thrower.bpmn', content: throwerXml }]);
      const w = await engine.createProcessInstance({ bpmnProcessId: waiter });
      const th = await engine.createProcessInstance({ bpmnProcessId: thrower, variables: { who: 'Lan', secret: 's' } });
      await e.settle();
      t.equal(await state(th.processInstanceKey), 'COMPLETED');
      t.equal(await state(w.processInstanceKey), 'COMPLETED', 'both signals reached the waiting instance');
      const got = await vars(w.processInstanceKey);
      t.equal(got.approvedBy, 'leader Lan', 'the throw event\'s local variable travelled');
      t.notOk('secret' in got, 'the thrower\'s other variables did not');
    });

    t.test('a Camunda Modeler diagram with signal, message throw, escalation and link events runs', async (t) => {
      const xml = readFileSync(new URL('../api/v2/fixtures/canh-bao-thien-tai.bpmn', import.meta.url), 'utf8');
      const waiter = uid('waiter');
      const waiterXml = definitions(signal('done', 'ung-pho-xong'), processXml(waiter, el('startEvent', 's'), el('intermediateCatchEvent', 'wait', sigDef('done')), el('endEvent', 'e'), chain('s', 'wait', 'e')));
      await engine.deployResources([{ name: 'canh-bao-thien-tai.bpmn', content: xml }, { name: 'waiter.bpmn', content: waiterXml }]);
      const w = await engine.createProcessInstance({ bpmnProcessId: waiter });
      await engine.broadcastSignal('bao-khan-cap', { duLucLuong: false });
      const [list] = await completeAll(engine, 'lap-danh-sach');
      t.ok(list, 'the signal start event created an instance');
      const [sms] = await completeAll(engine, 'gui-tin-nhan');
      t.match(sms, { elementId: 'Event_GuiTinNhan', customHeaders: { kenh: 'sms' } }, 'the message throw event ran as a job');
      t.equal(await state(w.processInstanceKey), 'COMPLETED', 'the escalation did not stop the flow: link, then the signal end event');
      t.equal((await completeAll(engine, 'xin-chi-vien')).length, 1, 'the non-interrupting escalation boundary caught the escalation end event');
      t.equal(await state(list!.processInstanceKey), 'COMPLETED');
      const done = await completedElements(engine, list!.processInstanceKey);
      t.ok(['EndEvent_ThieuLucLuong', 'Event_ChiVien', 'Event_DenKetThuc', 'Event_KetThuc', 'EndEvent_UngPhoXong'].every((x) => done.includes(x)));
    });

    t.test('a signal nobody waits for is accepted and does nothing', async (t) => {
      t.match(await engine.broadcastSignal(uid('nobody'), { x: 1 }), { signalKey: /^\d+$/, tenantId: '<default>' });
    });

    t.test('deployment rejects signal events without a name, and two boundaries of one signal', async (t) => {
      const noName = definitions('<bpmn:signal id="sig"/>', processXml(uid(), el('startEvent', 's'), el('intermediateCatchEvent', 'wait', sigDef('sig')), chain('s', 'wait')));
      rejected(t, e, await engine.deployResources([{ name: 'a.bpmn', content: noName }]).catch((x) => x), 'BPMN_INVALID', { elementId: 'wait' }, /'wait'/);
      const twice = definitions(signal('sig', 'same'), processXml(uid(), el('startEvent', 's'), serviceTask('work', 'x'), boundary('b1', 'work', sigDef('sig')),
        boundary('b2', 'work', sigDef('sig')), el('endEvent', 'e'), chain('s', 'work', 'e'), chain('b1', 'e'), `<bpmn:sequenceFlow id="f2" sourceRef="b2" targetRef="e"/>`));
      rejected(t, e, await engine.deployResources([{ name: 'b.bpmn', content: twice }]).catch((x) => x), 'BPMN_INVALID', { elementId: 'b2' },
        /Multiple signal event definitions with the same name 'same' are not allowed/);
      const startFeel = definitions(signal('sig', '=missing + 1'), processXml(uid(), el('startEvent', 'start', sigDef('sig')), el('endEvent', 'e'), chain('start', 'e')));
      rejected(t, e, await engine.deployResources([{ name: 'c.bpmn', content: startFeel }]).catch((x) => x), 'BPMN_INVALID', { elementId: 'start' }, /'start'/);
    });
  });
}
