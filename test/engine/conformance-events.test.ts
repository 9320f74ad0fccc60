/** Conformance: timers, messages, boundary events, event sub-processes, BPMN errors. */
import t from 'tap';
import { boundary, bpmn, chain, definitions, el, errDef, error, flow, message, msgDef, processXml, serviceTask, timer } from './bpmn.ts';
import { activeElements, completeAll, completedElements, engineTargets, jobsOf, uid } from './harness.ts';

const HOUR = 3600_000;

for (const target of engineTargets()) {
  t.test(target.name, async (t) => {
    const e = await target.open();
    const { engine } = e;
    t.teardown(() => e.close());
    const state = async (key: string) => (await engine.getProcessInstance(key))!.state;

    t.test('intermediate timer (duration) fires only when due', async (t) => {
      const id = uid();
      await engine.deployResources([{ name: 't.bpmn', content: bpmn(id, el('startEvent', 's'), el('intermediateCatchEvent', 'wait', timer('timeDuration', 'PT2H')), el('endEvent', 'e'), chain('s', 'wait', 'e')) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      await e.advance(HOUR);
      t.equal(await state(processInstanceKey), 'ACTIVE');
      await e.advance(HOUR);
      t.equal(await state(processInstanceKey), 'COMPLETED');
    });

    t.test('intermediate timer with a FEEL date', async (t) => {
      const id = uid();
      await engine.deployResources([{ name: 't.bpmn', content: bpmn(id, el('startEvent', 's'), el('intermediateCatchEvent', 'wait', timer('timeDate', '=deadline')), el('endEvent', 'e'), chain('s', 'wait', 'e')) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { deadline: new Date(e.now().getTime() + 4 * HOUR).toISOString() } });
      await e.advance(HOUR);
      t.equal(await state(processInstanceKey), 'ACTIVE');
      await e.advance(4 * HOUR);
      t.equal(await state(processInstanceKey), 'COMPLETED');
    });

    t.test('timer start event with a cycle creates an instance per repetition', async (t) => {
      const id = uid();
      await engine.deployResources([{ name: 'ts.bpmn', content: bpmn(id, el('startEvent', 'tick', timer('timeCycle', 'R2/PT1H')), serviceTask('t', `${id}-t`), chain('tick', 't')) }]);
      for (let i = 0; i < 4; i++) await e.advance(HOUR);
      t.equal((await jobsOf(engine, `${id}-t`)).length, 2);
    });

    t.test('receive task is completed by its message, with its variables', async (t) => {
      const id = uid();
      const xml = definitions(message('m', `${id}-doc`, '=dossier'), processXml(id, el('startEvent', 's'), el('receiveTask', 'r', '', 'messageRef="m"'), el('endEvent', 'e'), chain('s', 'r', 'e')));
      await engine.deployResources([{ name: 'r.bpmn', content: xml }]);
      const a = await engine.createProcessInstance({ bpmnProcessId: id, variables: { dossier: 'D1' } });
      const b = await engine.createProcessInstance({ bpmnProcessId: id, variables: { dossier: 'D2' } });
      await engine.publishMessage({ name: `${id}-doc`, correlationKey: 'D2', variables: { signed: true } });
      t.equal(await state(a.processInstanceKey), 'ACTIVE');
      t.equal(await state(b.processInstanceKey), 'COMPLETED');
      t.equal((await engine.getProcessInstance(b.processInstanceKey))!.variables.signed, true);
    });

    t.test('a message published before its subscription opens, within its TTL, is correlated', async (t) => {
      const id = uid();
      const xml = definitions(message('m', `${id}-ok`, '=ref'), processXml(id, el('startEvent', 's'), serviceTask('prep', `${id}-prep`), el('intermediateCatchEvent', 'c', msgDef('m')), el('endEvent', 'e'), chain('s', 'prep', 'c', 'e')));
      await engine.deployResources([{ name: 'b.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { ref: 'R1' } });
      await engine.publishMessage({ name: `${id}-ok`, correlationKey: 'R1', timeToLive: HOUR, variables: { via: 'buffer' } });
      await e.advance(60_000);
      await completeAll(engine, `${id}-prep`);
      t.equal(await state(processInstanceKey), 'COMPLETED');
      t.equal((await engine.getProcessInstance(processInstanceKey))!.variables.via, 'buffer');
    });

    t.test('a buffered message past its TTL is not correlated', async (t) => {
      const id = uid();
      const xml = definitions(message('m', `${id}-ok`, '=ref'), processXml(id, el('startEvent', 's'), serviceTask('prep', `${id}-prep`), el('intermediateCatchEvent', 'c', msgDef('m')), el('endEvent', 'e'), chain('s', 'prep', 'c', 'e')));
      await engine.deployResources([{ name: 'b.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { ref: 'R2' } });
      await engine.publishMessage({ name: `${id}-ok`, correlationKey: 'R2', timeToLive: 60_000 });
      await e.advance(2 * 60_000);
      await completeAll(engine, `${id}-prep`);
      t.equal(await state(processInstanceKey), 'ACTIVE');
    });

    t.test('a duplicate message id within its TTL is ignored', async (t) => {
      const id = uid();
      const xml = definitions(message('m', `${id}-pay`, '=ref'), processXml(id, el('startEvent', 's'), el('intermediateCatchEvent', 'c1', msgDef('m')), el('intermediateCatchEvent', 'c2', msgDef('m')), el('endEvent', 'e'), chain('s', 'c1', 'c2', 'e')));
      await engine.deployResources([{ name: 'd.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { ref: 'P' } });
      const first = await engine.publishMessage({ name: `${id}-pay`, correlationKey: 'P', timeToLive: HOUR, messageId: 'pay-1' });
      const again = await engine.publishMessage({ name: `${id}-pay`, correlationKey: 'P', timeToLive: HOUR, messageId: 'pay-1' });
      t.equal(again.duplicate, true);
      t.equal(again.messageKey, first.messageKey);
      t.same(await activeElements(engine, processInstanceKey), [id, 'c2'].sort(), 'the duplicate did not reach the second catch event');
      await engine.publishMessage({ name: `${id}-pay`, correlationKey: 'P', timeToLive: HOUR, messageId: 'pay-2' });
      t.equal(await state(processInstanceKey), 'COMPLETED');
    });

    t.test('message start event creates an instance with the message variables', async (t) => {
      const id = uid();
      const xml = definitions(message('m', `${id}-new`), processXml(id, el('startEvent', 'ms', msgDef('m')), serviceTask('t', `${id}-t`), chain('ms', 't')));
      await engine.deployResources([{ name: 'ms.bpmn', content: xml }]);
      await engine.publishMessage({ name: `${id}-new`, correlationKey: '', variables: { citizen: 'An' } });
      const [job] = await jobsOf(engine, `${id}-t`);
      t.equal(job?.variables.citizen, 'An');
    });

    t.test('an interrupting boundary timer firing while its job is active cancels the job', async (t) => {
      const id = uid();
      const xml = bpmn(id, el('startEvent', 's'), serviceTask('work', `${id}-w`), boundary('late', 'work', timer('timeDuration', 'PT1H')),
        el('endEvent', 'ok'), el('endEvent', 'timeout'), chain('s', 'work', 'ok'), chain('late', 'timeout'));
      await engine.deployResources([{ name: 'bt.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      const [job] = await jobsOf(engine, `${id}-w`);
      await e.advance(HOUR);
      const err = await engine.completeJob(job!.key).catch((x) => x);
      t.equal(err.code, 'NOT_FOUND', 'the job was canceled');
      t.ok((await completedElements(engine, processInstanceKey)).includes('timeout'));
      t.equal(await state(processInstanceKey), 'COMPLETED');
    });

    t.test('a boundary timer with a FEEL date fires at that date', async (t) => {
      const id = uid();
      const xml = bpmn(id, el('startEvent', 's'), serviceTask('work', `${id}-w`), boundary('deadline', 'work', timer('timeDate', '=date and time(dueAt)')),
        el('endEvent', 'ok'), el('endEvent', 'late'), chain('s', 'work', 'ok'), chain('deadline', 'late'));
      await engine.deployResources([{ name: 'bd.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { dueAt: new Date(e.now().getTime() + 2 * HOUR).toISOString() } });
      await e.advance(HOUR);
      t.equal(await state(processInstanceKey), 'ACTIVE');
      await e.advance(HOUR);
      t.ok((await completedElements(engine, processInstanceKey)).includes('late'));
    });

    t.test('a boundary timer is dropped when the task completes first', async (t) => {
      const id = uid();
      const xml = bpmn(id, el('startEvent', 's'), serviceTask('work', `${id}-w`), boundary('late', 'work', timer('timeDuration', 'PT1H')),
        el('endEvent', 'ok'), el('endEvent', 'timeout'), chain('s', 'work', 'ok'), chain('late', 'timeout'));
      await engine.deployResources([{ name: 'bt.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      await completeAll(engine, `${id}-w`);
      await e.advance(2 * HOUR);
      const done = await completedElements(engine, processInstanceKey);
      t.ok(done.includes('ok'));
      t.notOk(done.includes('late'));
    });

    t.test('a repeating non-interrupting boundary timer (R3/PT1H) fires three times', async (t) => {
      const id = uid();
      const xml = bpmn(id, el('startEvent', 's'), el('userTask', 'review'), boundary('remind', 'review', timer('timeCycle', 'R3/PT1H'), false),
        serviceTask('notify', `${id}-notify`), el('endEvent', 'e'), el('endEvent', 'e2'), chain('s', 'review', 'e'), chain('remind', 'notify', 'e2'));
      await engine.deployResources([{ name: 'rep.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      let reminders = 0;
      for (let i = 0; i < 5; i++) {
        await e.advance(HOUR);
        reminders += (await completeAll(engine, `${id}-notify`)).length;
      }
      t.equal(reminders, 3);
      t.same(await activeElements(engine, processInstanceKey), [id, 'review'].sort(), 'the user task is still active');
    });

    t.test('an interrupting message boundary event', async (t) => {
      const id = uid();
      const xml = definitions(message('m', `${id}-withdraw`, '=ref'), processXml(id, el('startEvent', 's'), serviceTask('work', `${id}-w`),
        boundary('withdrawn', 'work', msgDef('m')), el('endEvent', 'ok'), el('endEvent', 'wd'), chain('s', 'work', 'ok'), chain('withdrawn', 'wd')));
      await engine.deployResources([{ name: 'bm.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { ref: 'W1' } });
      await engine.publishMessage({ name: `${id}-withdraw`, correlationKey: 'W1', variables: { reason: 'moved' } });
      t.equal((await jobsOf(engine, `${id}-w`)).length, 0, 'the job is gone');
      t.ok((await completedElements(engine, processInstanceKey)).includes('wd'));
      t.equal((await engine.getProcessInstance(processInstanceKey))!.variables.reason, 'moved');
    });

    t.test('a non-interrupting message boundary event keeps the task', async (t) => {
      const id = uid();
      const xml = definitions(message('m', `${id}-ping`, '=ref'), processXml(id, el('startEvent', 's'), serviceTask('work', `${id}-w`),
        boundary('ping', 'work', msgDef('m'), false), serviceTask('side', `${id}-side`), el('endEvent', 'ok'), el('endEvent', 'e2'), chain('s', 'work', 'ok'), chain('ping', 'side', 'e2')));
      await engine.deployResources([{ name: 'bm.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { ref: 'N1' } });
      await engine.publishMessage({ name: `${id}-ping`, correlationKey: 'N1' });
      t.same(await activeElements(engine, processInstanceKey), [id, 'side', 'work'].sort());
      await completeAll(engine, `${id}-side`);
      await completeAll(engine, `${id}-w`);
      t.equal(await state(processInstanceKey), 'COMPLETED');
    });

    t.test('an event sub-process whose correlation key has no value: an incident on the process, not a refused creation', async (t) => {
      // Zeebe answers the creation, then fails the process's activation (EXTRACT_VALUE_ERROR on the process);
      // resolved once the variable is set, the process opens the subscription and starts.
      const id = uid();
      const start = `<bpmn:startEvent id="es" isInterrupting="false">${msgDef('m')}</bpmn:startEvent>`;
      const esp = el('subProcess', 'esp', [start, serviceTask('note', `${id}-note`), el('endEvent', 'ee'), chain('es', 'note', 'ee')].join(''), 'triggeredByEvent="true"');
      const xml = definitions(message('m', `${id}-info`, '=ref'), processXml(id, el('startEvent', 's'), serviceTask('work', `${id}-w`), el('endEvent', 'e'), chain('s', 'work', 'e'), esp));
      await engine.deployResources([{ name: 'esp3.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      await e.settle();
      const [incident] = await engine.listIncidents({ processInstanceKey });
      t.equal(incident?.errorType, 'EXTRACT_VALUE_ERROR');
      t.equal(incident?.elementId, id);
      t.equal(await state(processInstanceKey), 'ACTIVE');
      t.equal((await jobsOf(engine, `${id}-w`)).length, 0, 'the flow has not started');
      await engine.setVariables({ elementInstanceKey: processInstanceKey, variables: { ref: 'I3' } });
      await engine.resolveIncident(incident!.key);
      await e.settle();
      t.equal((await jobsOf(engine, `${id}-w`)).length, 1, 'resolved, the process starts');
      await engine.publishMessage({ name: `${id}-info`, correlationKey: 'I3' });
      await e.settle();
      t.same(await activeElements(engine, processInstanceKey), [id, 'esp', 'note', 'work'].sort(), 'and its event sub-process listens');
    });

    t.test('a BPMN error thrown by a job is caught by its error boundary event', async (t) => {
      const id = uid();
      const xml = definitions(error('err', 'INVALID_DOC'), processXml(id, el('startEvent', 's'), serviceTask('check', `${id}-c`), boundary('bad', 'check', errDef('err')),
        el('endEvent', 'ok'), serviceTask('fix', `${id}-fix`), el('endEvent', 'e2'), chain('s', 'check', 'ok'), chain('bad', 'fix', 'e2')));
      await engine.deployResources([{ name: 'be.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      const [job] = await jobsOf(engine, `${id}-c`);
      await engine.throwError({ jobKey: job!.key, errorCode: 'INVALID_DOC', variables: { missing: ['cccd'] } });
      const [fix] = await jobsOf(engine, `${id}-fix`);
      t.same(fix?.variables.missing, ['cccd']);
      t.equal(fix?.elementId, 'fix');
      t.ok(processInstanceKey);
    });

    t.test('an uncaught BPMN error raises an incident', async (t) => {
      const id = uid();
      await engine.deployResources([{ name: 'ue.bpmn', content: bpmn(id, el('startEvent', 's'), serviceTask('check', `${id}-c`), el('endEvent', 'e'), chain('s', 'check', 'e')) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      const [job] = await jobsOf(engine, `${id}-c`);
      await engine.throwError({ jobKey: job!.key, errorCode: 'NOPE' });
      const [incident] = await engine.listIncidents({ processInstanceKey });
      t.equal(incident?.errorType, 'UNHANDLED_ERROR_EVENT');
      t.equal(incident?.elementId, 'check');
    });

    t.test('an error end event in a sub-process is caught by the boundary on the sub-process', async (t) => {
      const id = uid();
      const sub = el('subProcess', 'sp', [el('startEvent', 'ss'), el('endEvent', 'fail', errDef('err')), chain('ss', 'fail')].join(''));
      const xml = definitions(error('err', 'REJECTED'), processXml(id, el('startEvent', 's'), sub, boundary('caught', 'sp', errDef('err')),
        el('endEvent', 'ok'), el('endEvent', 'rejected'), chain('s', 'sp', 'ok'), chain('caught', 'rejected')));
      await engine.deployResources([{ name: 'ee.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      const done = await completedElements(engine, processInstanceKey);
      t.ok(done.includes('rejected'));
      t.notOk(done.includes('ok'));
      t.equal(await state(processInstanceKey), 'COMPLETED');
    });

    t.test('a catch-all error boundary catches any code', async (t) => {
      const id = uid();
      const xml = bpmn(id, el('startEvent', 's'), serviceTask('check', `${id}-c`), boundary('any', 'check', errDef()), el('endEvent', 'ok'), el('endEvent', 'ko'), chain('s', 'check', 'ok'), chain('any', 'ko'));
      await engine.deployResources([{ name: 'ca.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      const [job] = await jobsOf(engine, `${id}-c`);
      await engine.throwError({ jobKey: job!.key, errorCode: 'WHATEVER' });
      t.ok((await completedElements(engine, processInstanceKey)).includes('ko'));
    });

    t.test('interrupting timer event sub-process cancels the main flow', async (t) => {
      const id = uid();
      const esp = el('subProcess', 'esp', [el('startEvent', 'es', timer('timeDuration', 'P1D')), serviceTask('escalate', `${id}-esc`), el('endEvent', 'ee'), chain('es', 'escalate', 'ee')].join(''), 'triggeredByEvent="true"');
      const xml = bpmn(id, el('startEvent', 's'), serviceTask('work', `${id}-w`), el('endEvent', 'e'), chain('s', 'work', 'e'), esp);
      await engine.deployResources([{ name: 'esp.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      await e.advance(24 * HOUR);
      t.equal((await jobsOf(engine, `${id}-w`)).length, 0, 'main task canceled');
      await completeAll(engine, `${id}-esc`);
      t.equal(await state(processInstanceKey), 'COMPLETED');
    });

    t.test('non-interrupting message event sub-process runs beside the main flow', async (t) => {
      const id = uid();
      const start = `<bpmn:startEvent id="es" isInterrupting="false">${msgDef('m')}</bpmn:startEvent>`;
      const esp = el('subProcess', 'esp', [start, serviceTask('note', `${id}-note`), el('endEvent', 'ee'), chain('es', 'note', 'ee')].join(''), 'triggeredByEvent="true"');
      const xml = definitions(message('m', `${id}-info`, '=ref'), processXml(id, el('startEvent', 's'), serviceTask('work', `${id}-w`), el('endEvent', 'e'), chain('s', 'work', 'e'), esp));
      await engine.deployResources([{ name: 'esp2.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { ref: 'I1' } });
      await engine.publishMessage({ name: `${id}-info`, correlationKey: 'I1' });
      t.same(await activeElements(engine, processInstanceKey), [id, 'esp', 'note', 'work'].sort());
      await completeAll(engine, `${id}-note`);
      await completeAll(engine, `${id}-w`);
      t.equal(await state(processInstanceKey), 'COMPLETED');
    });

    t.test('error event sub-process catches an error thrown in its scope', async (t) => {
      const id = uid();
      const esp = el('subProcess', 'esp', [el('startEvent', 'es', errDef('err')), serviceTask('handle', `${id}-h`), el('endEvent', 'ee'), chain('es', 'handle', 'ee')].join(''), 'triggeredByEvent="true"');
      const xml = definitions(error('err', 'E1'), processXml(id, el('startEvent', 's'), serviceTask('work', `${id}-w`), el('endEvent', 'e'), chain('s', 'work', 'e'), esp));
      await engine.deployResources([{ name: 'esp3.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      const [job] = await jobsOf(engine, `${id}-w`);
      await engine.throwError({ jobKey: job!.key, errorCode: 'E1' });
      t.equal((await completeAll(engine, `${id}-h`)).length, 1);
      t.equal(await state(processInstanceKey), 'COMPLETED');
    });

    t.test('terminate end event ends every other token in its scope', async (t) => {
      const id = uid();
      const xml = bpmn(id, el('startEvent', 's'), el('parallelGateway', 'fork'), serviceTask('a', `${id}-a`), serviceTask('b', `${id}-b`),
        el('endEvent', 'term', '<bpmn:terminateEventDefinition/>'), el('endEvent', 'e'), chain('s', 'fork'), flow('fa', 'fork', 'a'), flow('fb', 'fork', 'b'), chain('a', 'term'), chain('b', 'e'));
      await engine.deployResources([{ name: 'term.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      await completeAll(engine, `${id}-a`);
      t.equal(await state(processInstanceKey), 'COMPLETED');
      t.equal((await jobsOf(engine, `${id}-b`)).length, 0);
      const history = await engine.getProcessInstanceHistory(processInstanceKey);
      t.equal(history.find((h) => h.elementId === 'b')?.state, 'TERMINATED');
    });

    t.test('message end event is job-based', async (t) => {
      const id = uid();
      const end = `<bpmn:endEvent id="notify"><bpmn:extensionElements><zeebe:taskDefinition type="${id}-send"/></bpmn:extensionElements><bpmn:messageEventDefinition/></bpmn:endEvent>`;
      await engine.deployResources([{ name: 'me.bpmn', content: bpmn(id, el('startEvent', 's'), end, chain('s', 'notify')) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      t.equal(await state(processInstanceKey), 'ACTIVE');
      await completeAll(engine, `${id}-send`);
      t.equal(await state(processInstanceKey), 'COMPLETED');
    });
  });
}
