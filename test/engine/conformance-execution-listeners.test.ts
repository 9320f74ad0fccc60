/**
 * Conformance: execution listeners (Camunda 8.8 `zeebe:executionListeners`). Start listeners run as
 * jobs, in order, after the input mappings and before the element's behaviour (their variables are
 * local to the element); end listeners after the output mappings and before the element is left (their
 * variables propagate). A listener job out of retries is an EXECUTION_LISTENER_NO_RETRIES incident.
 */
import t from 'tap';
import type { ActivatedJob } from '../../engine-adapter/workflow-engine.ts';
import { bpmn, chain, definitions, el, ext, flow, io, message, msgDef, processXml, serviceTask, taskDef } from './bpmn.ts';
import { activeElements, completeAll, engineTargets, jobsOf, rejected, uid } from './harness.ts';

function listeners(...l: [event: 'start' | 'end', type: string, retries?: number][]): string {
  return `<zeebe:executionListeners>${l.map(([event, type, retries]) => `<zeebe:executionListener eventType="${event}" type="${type}"${retries === undefined ? '' : ` retries="${retries}"`}/>`).join('')}</zeebe:executionListeners>`;
}

/** The job's kind, where the engine's protocol carries it (the embedded engine always does). */
function kindOf(job: ActivatedJob | undefined): string | undefined {
  return job?.kind === undefined ? undefined : `${job.kind}/${job.listenerEventType}`;
}

for (const target of engineTargets()) {
  t.test(target.name, async (t) => {
    const e = await target.open();
    const { engine } = e;
    t.teardown(() => e.close());
    const embedded = target.name.startsWith('embedded/');

    t.test('start listeners run in order before the task, end listeners after it; variables as Camunda scopes them', async (t) => {
      const id = uid();
      const task = `<bpmn:serviceTask id="work">${ext(taskDef(`${id}-work`), io({ base: '=10' }, { result: '=base + bonus' }),
        listeners(['start', `${id}-s1`], ['start', `${id}-s2`], ['end', `${id}-e1`]))}</bpmn:serviceTask>`;
      await engine.deployResources([{ name: 'el.bpmn', content: bpmn(id, el('startEvent', 's'), task, el('endEvent', 'e'), chain('s', 'work', 'e')) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { x: 1 } });
      await e.settle();
      t.same(await jobsOf(engine, `${id}-work`), [], 'no task job while the start listeners run');
      t.same(await jobsOf(engine, `${id}-s2`), [], 'the second start listener waits for the first');
      const [s1] = await jobsOf(engine, `${id}-s1`);
      t.equal(s1?.elementId, 'work');
      t.equal(s1?.variables.base, 10, 'a start listener sees the input mappings');
      if (embedded || s1?.kind !== undefined) t.equal(kindOf(s1), 'EXECUTION_LISTENER/START');
      await engine.completeJob(s1!.key, { bonus: 5 });
      await e.settle();
      const [s2] = await jobsOf(engine, `${id}-s2`);
      t.equal(s2?.variables.bonus, 5, 'the next listener sees the previous one\'s variables');
      await engine.completeJob(s2!.key);
      await e.settle();
      const [work] = await jobsOf(engine, `${id}-work`);
      t.equal(work?.variables.bonus, 5, 'the task sees the start listener\'s variables');
      if (embedded || work?.kind !== undefined) t.equal(kindOf(work), 'BPMN_ELEMENT/UNSPECIFIED');
      await engine.completeJob(work!.key);
      await e.settle();
      t.same(await activeElements(engine, processInstanceKey), [id, 'work'].sort(), 'the task waits on its end listener');
      const [e1] = await jobsOf(engine, `${id}-e1`);
      t.equal(e1?.variables.result, 15, 'an end listener sees the output mappings');
      if (embedded || e1?.kind !== undefined) t.equal(kindOf(e1), 'EXECUTION_LISTENER/END');
      await engine.completeJob(e1!.key, { audited: true });
      await e.settle();
      const pi = await engine.getProcessInstance(processInstanceKey);
      t.equal(pi?.state, 'COMPLETED');
      t.equal(pi?.variables.audited, true, 'end listener variables propagate');
      t.notOk('bonus' in (pi?.variables ?? {}), 'start listener variables stay local to the element');
      t.equal(pi?.variables.result, 15);
    });

    t.test('process, gateway and sub-process listeners; a start listener decides the gateway', async (t) => {
      const id = uid();
      const gw = `<bpmn:exclusiveGateway id="gw" default="f_low">${ext(listeners(['start', `${id}-decide`]))}</bpmn:exclusiveGateway>`;
      const sub = `<bpmn:subProcess id="sub">${ext(listeners(['start', `${id}-sub-start`], ['end', `${id}-sub-end`]))}${el('startEvent', 'ss')}${serviceTask('inner', `${id}-inner`)}${el('endEvent', 'se')}${chain('ss', 'inner', 'se')}</bpmn:subProcess>`;
      const content = bpmn(id, ext(listeners(['start', `${id}-p-start`], ['end', `${id}-p-end`])), el('startEvent', 's'), gw, sub, el('endEvent', 'low'),
        flow('f_s', 's', 'gw'), flow('f_high', 'gw', 'sub', '=amount > 100'), flow('f_low', 'gw', 'low'), flow('f_sub', 'sub', 'e2'), el('endEvent', 'e2'));
      await engine.deployResources([{ name: 'el2.bpmn', content }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      await e.settle();
      t.same(await activeElements(engine, processInstanceKey), [id], 'only the process is active while its start listener runs');
      const [ps] = await completeAll(engine, `${id}-p-start`, { amount: 5 });
      t.equal(ps?.elementId, id);
      await e.settle();
      await completeAll(engine, `${id}-decide`, { amount: 500 });
      await e.settle();
      t.same(await activeElements(engine, processInstanceKey), [id, 'sub'], 'the gateway took the flow the listener decided');
      t.same(await jobsOf(engine, `${id}-inner`), [], 'the sub-process starts after its start listener');
      await completeAll(engine, `${id}-sub-start`);
      await e.settle();
      await completeAll(engine, `${id}-inner`);
      await e.settle();
      t.same(await activeElements(engine, processInstanceKey), [id, 'sub'], 'the sub-process waits on its end listener');
      await completeAll(engine, `${id}-sub-end`);
      await e.settle();
      t.same(await activeElements(engine, processInstanceKey), [id], 'the process waits on its end listener');
      const [pe] = await completeAll(engine, `${id}-p-end`, { closed: true });
      t.equal(pe?.variables.amount, 5, 'process start listener variables live in the root scope');
      await e.settle();
      const pi = await engine.getProcessInstance(processInstanceKey);
      t.equal(pi?.state, 'COMPLETED');
      t.equal(pi?.variables.closed, true);
    });

    t.test('a listener job out of retries is an incident on the element; resolved, only that listener runs again', async (t) => {
      const id = uid();
      const task = `<bpmn:userTask id="review">${ext('<zeebe:userTask/>', listeners(['start', `${id}-ok`], ['start', `${id}-flaky`, 1]))}</bpmn:userTask>`;
      await engine.deployResources([{ name: 'el3.bpmn', content: bpmn(id, el('startEvent', 's'), task, el('endEvent', 'e'), chain('s', 'review', 'e')) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      await e.settle();
      await completeAll(engine, `${id}-ok`);
      await e.settle();
      const [flaky] = await jobsOf(engine, `${id}-flaky`);
      const thrown = await engine.throwError({ jobKey: flaky!.key, errorCode: 'E' }).catch((x: unknown) => x);
      t.equal((thrown as { code?: string }).code, 'INVALID_STATE', 'no BPMN error from an execution listener job');
      await engine.failJob({ jobKey: flaky!.key, retries: 0, errorMessage: 'registry down' });
      await e.settle();
      const [incident] = await engine.listIncidents({ processInstanceKey });
      t.match(incident, { errorType: 'EXECUTION_LISTENER_NO_RETRIES', elementId: 'review', errorMessage: 'registry down', jobKey: flaky!.key });
      t.same(await engine.listUserTasks({ processInstanceKey }), [], 'no user task before its start listeners are done');
      await engine.updateJobRetries(flaky!.key, 1);
      await engine.resolveIncident(incident!.key);
      await e.settle();
      t.same(await jobsOf(engine, `${id}-ok`), [], 'the listener that completed does not run again');
      await completeAll(engine, `${id}-flaky`);
      await e.settle();
      const [task1] = await engine.listUserTasks({ processInstanceKey });
      t.equal(task1?.elementId, 'review', 'the user task is created after its start listeners');
      t.same(await engine.listIncidents({ processInstanceKey }), []);
    });

    t.test('an event sub-process with a start listener keeps the variables of its message', async (t) => {
      const id = uid();
      const start = `<bpmn:startEvent id="es" isInterrupting="false">${msgDef('m')}</bpmn:startEvent>`;
      const esp = el('subProcess', 'esp', [ext(listeners(['start', `${id}-esp`])), start, serviceTask('note', `${id}-note`), el('endEvent', 'ee'), chain('es', 'note', 'ee')].join(''), 'triggeredByEvent="true"');
      const xml = definitions(message('m', `${id}-info`, '=ref'), processXml(id, el('startEvent', 's'), serviceTask('work', `${id}-w`), el('endEvent', 'e'), chain('s', 'work', 'e'), esp));
      await engine.deployResources([{ name: 'esp.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { ref: 'I1' } });
      await e.settle();
      await engine.publishMessage({ name: `${id}-info`, correlationKey: 'I1', variables: { note: 'gọi lại' } });
      await e.settle();
      t.same(await jobsOf(engine, `${id}-note`), [], 'the event sub-process waits on its start listener');
      await completeAll(engine, `${id}-esp`);
      await e.settle();
      const [note] = await completeAll(engine, `${id}-note`);
      t.equal(note?.variables.note, 'gọi lại', 'the message variables reach the event sub-process');
      await completeAll(engine, `${id}-w`);
      await e.settle();
      t.equal((await engine.getProcessInstance(processInstanceKey))?.state, 'COMPLETED');
    });

    t.test('canceling the instance while a listener runs removes its job', async (t) => {
      const id = uid();
      await engine.deployResources([{ name: 'el4.bpmn', content: bpmn(id, el('startEvent', 's'), serviceTask('work', `${id}-work`, listeners(['start', `${id}-s`])), el('endEvent', 'e'), chain('s', 'work', 'e')) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      await e.settle();
      await engine.cancelProcessInstance(processInstanceKey);
      await e.settle();
      t.same(await jobsOf(engine, `${id}-s`), [], 'the listener job is gone');
      t.equal((await engine.getProcessInstance(processInstanceKey))?.state, 'CANCELED');
    });

    t.test('Camunda\'s restrictions are deployment rejections naming the element', async (t) => {
      const cases: [string, string, RegExp][] = [
        ['start listener on a start event', bpmn(uid(), el('startEvent', 's', ext(listeners(['start', 'x']))), el('endEvent', 'e'), chain('s', 'e')), /'start' are not supported by start events/],
        ['end listener on a gateway', bpmn(uid(), el('startEvent', 's'), el('parallelGateway', 'g', ext(listeners(['end', 'x']))), el('endEvent', 'e'), chain('s', 'g', 'e')), /'end' are not supported by gateway/],
        ['duplicate listeners', bpmn(uid(), el('startEvent', 's'), serviceTask('w', 'w', listeners(['start', 'x'], ['start', 'x'])), el('endEvent', 'e'), chain('s', 'w', 'e')), /duplicates based on eventType\[start\] and type\[x\]/],
      ];
      for (const [what, content, reason] of cases) {
        const err = await engine.deployResources([{ name: 'bad.bpmn', content }]).catch((x: unknown) => x);
        rejected(t, e, err, 'BPMN_INVALID', { elementType: /bpmn:/, message: reason }, reason);
        t.ok(err instanceof Error, what);
      }
    });
  });
}
