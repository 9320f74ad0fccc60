/** Conformance: the message intermediate throw event runs as a job (a `zeebe:taskDefinition`), as a send task does (Camunda 8.8). */
import t from 'tap';
import { chain, definitions, el, ext, headers, message, msgDef, processXml, taskDef } from './bpmn.ts';
import { completeAll, completedElements, engineTargets, jobsOf, rejected, uid } from './harness.ts';

for (const target of engineTargets()) {
  t.test(target.name, async (t) => {
    const e = await target.open();
    const { engine } = e;
    t.teardown(() => e.close());

    t.test('a message intermediate throw event creates a job of its type; its completion moves on', async (t) => {
      const id = uid();
      const throwEl = `<bpmn:intermediateThrowEvent id="notify">${ext(taskDef(`${id}-send`, 2), headers({ channel: 'sms' }))}${msgDef('m')}</bpmn:intermediateThrowEvent>`;
      const xml = definitions(message('m', `${id}-notice`), processXml(id, el('startEvent', 's'), throwEl, el('endEvent', 'e'), chain('s', 'notify', 'e')));
      await engine.deployResources([{ name: 'mt.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { phone: '0912' } });
      const [job] = await jobsOf(engine, `${id}-send`);
      t.match(job, { elementId: 'notify', retries: 2, customHeaders: { channel: 'sms' }, variables: { phone: '0912' } });
      t.equal((await engine.getProcessInstance(processInstanceKey))!.state, 'ACTIVE', 'the instance waits for the job');
      await engine.completeJob(job!.key, { sent: true });
      t.equal((await engine.getProcessInstance(processInstanceKey))!.state, 'COMPLETED');
      t.equal((await engine.getProcessInstance(processInstanceKey))!.variables.sent, true);
      t.ok((await completedElements(engine, processInstanceKey)).includes('notify'));
      t.same(await completeAll(engine, `${id}-send`), [], 'one job only');
    });

    t.test('a message intermediate throw event without a job type is rejected', async (t) => {
      const xml = definitions(message('m', 'x'), processXml(uid(), el('startEvent', 's'), el('intermediateThrowEvent', 'notify', msgDef('m')), el('endEvent', 'e'), chain('s', 'notify', 'e')));
      const err = await engine.deployResources([{ name: 'nojob.bpmn', content: xml }]).catch((x) => x);
      rejected(t, e, err, 'BPMN_MISSING_JOB_TYPE', { elementId: 'notify' }, /'notify'/);
    });
  });
}
