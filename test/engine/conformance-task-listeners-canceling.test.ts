/**
 * Conformance: `canceling` user-task listeners (Camunda 8.8). A user task terminated with its instance,
 * by an interrupting boundary event or by a terminate end event is CANCELING while its listeners' jobs
 * run; only then is it CANCELED and the termination finished (the instance canceled, the boundary event
 * activated, the scope completed). A canceling listener cannot deny; its corrections are kept.
 */
import t from 'tap';
import type { UserTaskEvent } from '../../engine-adapter/workflow-engine.ts';
import { boundary, bpmn, chain, el, ext, flow, serviceTask, timer } from './bpmn.ts';
import { engineTargets, jobsOf, uid } from './harness.ts';
import { pending } from './pending-command.ts';

const listeners = (...types: string[]) => `<zeebe:taskListeners>${types.map((type) => `<zeebe:taskListener eventType="canceling" type="${type}"/>`).join('')}</zeebe:taskListeners>`;
const userTask = (id: string, ...types: string[]) =>
  `<bpmn:userTask id="${id}">${ext('<zeebe:userTask/>', '<zeebe:assignmentDefinition assignee="an"/>', listeners(...types))}</bpmn:userTask>`;
const code = (err: unknown) => (err as { code?: string }).code;

for (const target of engineTargets()) {
  t.test(target.name, async (t) => {
    const e = await target.open();
    const { engine } = e;
    t.teardown(() => e.close());
    const events: UserTaskEvent[] = [];
    engine.onUserTaskEvent((ev) => events.push(ev));
    const embedded = target.name.startsWith('embedded/');
    const start = async (id: string, content: string) => {
      await engine.deployResources([{ name: `${id}.bpmn`, content }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { dossierCode: 'HS-7' } });
      await e.settle();
      const [task] = await engine.listUserTasks({ processInstanceKey });
      return { processInstanceKey, task: task! };
    };

    t.test('instance cancelled: the task is CANCELING until its listeners are done, then the instance is canceled', async (t) => {
      const id = uid();
      const xml = bpmn(id, el('startEvent', 's'), userTask('review', `${id}-c1`, `${id}-c2`), el('endEvent', 'e'), chain('s', 'review', 'e'));
      const { processInstanceKey, task } = await start(id, xml);
      const cancelling = await pending(engine, task.key, 'CANCELING', engine.cancelProcessInstance(processInstanceKey)); // answered once the listeners are done
      await e.settle();
      t.equal((await engine.getUserTask(task.key)).state, 'CANCELING');
      t.equal((await engine.getProcessInstance(processInstanceKey))?.state, 'ACTIVE', 'not canceled while the listener runs');
      t.same(await jobsOf(engine, `${id}-c2`), [], 'one listener at a time');
      const [first] = await jobsOf(engine, `${id}-c1`);
      t.equal(first?.customHeaders['io.camunda.zeebe:assignee'], 'an', 'the listener sees the task');
      t.equal(first?.customHeaders['io.camunda.zeebe:userTaskKey'], task.key);
      t.equal(first?.variables.dossierCode, 'HS-7');
      if (embedded || first?.kind !== undefined) t.match(first, { kind: 'TASK_LISTENER', listenerEventType: 'CANCELING' });
      const denied = await engine.completeJob(first!.key, undefined, { denied: true }).catch((x: unknown) => x);
      t.equal(code(denied), 'INVALID_ARGUMENT', 'a canceling listener cannot deny');
      await engine.completeJob(first!.key, undefined, { corrections: { priority: 5 } });
      await e.settle();
      t.equal((await engine.getUserTask(task.key)).state, 'CANCELING', 'the second listener still runs');
      const [second] = await jobsOf(engine, `${id}-c2`);
      t.equal(second?.customHeaders['io.camunda.zeebe:priority'], '5', 'the next listener sees the correction');
      await engine.completeJob(second!.key);
      await e.settle();
      await cancelling.answer;
      t.match(await engine.getUserTask(task.key), { state: 'CANCELED', priority: 5 });
      t.equal((await engine.getProcessInstance(processInstanceKey))?.state, 'CANCELED');
      if (e.traits.userTaskEvents === 'push') {
        const mine = events.filter((ev) => ev.task.key === task.key).map((ev) => `${ev.type}:${ev.task.state}`);
        t.same(mine, ['created:CREATED', 'canceled:CANCELED'], 'announced canceled once, when canceled');
      }
    });

    t.test('interrupting boundary event: activated once the task is terminated', async (t) => {
      const id = uid();
      const xml = bpmn(id, el('startEvent', 's'), userTask('review', `${id}-c`), boundary('late', 'review', timer('timeDuration', 'PT1H')),
        serviceTask('remind', `${id}-remind`), el('endEvent', 'e'), el('endEvent', 'e2'), chain('s', 'review', 'e'), chain('late', 'remind', 'e2'));
      const { processInstanceKey, task } = await start(id, xml);
      await e.advance(3_600_000);
      t.equal((await engine.getUserTask(task.key)).state, 'CANCELING');
      t.same(await jobsOf(engine, `${id}-remind`), [], 'the boundary event waits on the termination');
      const completing = await engine.completeUserTask(task.key).catch((x: unknown) => x);
      t.equal(code(completing), 'INVALID_STATE', 'a CANCELING task takes no command');
      const [job] = await jobsOf(engine, `${id}-c`);
      await engine.completeJob(job!.key);
      await e.settle();
      t.equal((await engine.getUserTask(task.key)).state, 'CANCELED');
      const [remind] = await jobsOf(engine, `${id}-remind`);
      t.ok(remind, 'the boundary path goes on');
      await engine.completeJob(remind!.key);
      await e.settle();
      t.equal((await engine.getProcessInstance(processInstanceKey))?.state, 'COMPLETED');
    });

    t.test('a terminate end event: the sub-process around the task and the instance wait for the listeners', async (t) => {
      const id = uid();
      const sub = el('subProcess', 'sub', [el('startEvent', 'ss'), userTask('review', `${id}-c`), el('endEvent', 'se'), chain('ss', 'review', 'se')].join(''));
      const xml = bpmn(id, el('startEvent', 's'), el('parallelGateway', 'fork'), sub, serviceTask('check', `${id}-check`),
        el('endEvent', 'term', '<bpmn:terminateEventDefinition/>'), el('endEvent', 'e'),
        chain('s', 'fork'), flow('f1', 'fork', 'sub'), flow('f2', 'fork', 'check'), chain('sub', 'e'), chain('check', 'term'));
      const { processInstanceKey, task } = await start(id, xml);
      const [check] = await jobsOf(engine, `${id}-check`);
      await engine.completeJob(check!.key);
      await e.settle();
      t.equal((await engine.getUserTask(task.key)).state, 'CANCELING');
      t.equal((await engine.getProcessInstance(processInstanceKey))?.state, 'ACTIVE', 'the instance waits on the termination');
      const [job] = await jobsOf(engine, `${id}-c`);
      await engine.completeJob(job!.key);
      await e.settle();
      t.equal((await engine.getUserTask(task.key)).state, 'CANCELED');
      t.equal((await engine.getProcessInstance(processInstanceKey))?.state, 'COMPLETED', 'terminated, the scope completes');
    });

    t.test('a failing canceling listener is an incident; resolved, the cancellation goes on', async (t) => {
      const id = uid();
      const xml = bpmn(id, el('startEvent', 's'), userTask('review', `${id}-flaky`), el('endEvent', 'e'), chain('s', 'review', 'e'));
      const { processInstanceKey, task } = await start(id, xml);
      const cancelling = await pending(engine, task.key, 'CANCELING', engine.cancelProcessInstance(processInstanceKey));
      await e.settle();
      const [job] = await jobsOf(engine, `${id}-flaky`);
      await engine.failJob({ jobKey: job!.key, retries: 0, errorMessage: 'audit down' });
      await e.settle();
      const [incident] = await engine.listIncidents({ processInstanceKey });
      t.match(incident, { errorType: 'TASK_LISTENER_NO_RETRIES', elementId: 'review', errorMessage: 'audit down' });
      await engine.updateJobRetries(job!.key, 1);
      await engine.resolveIncident(incident!.key);
      await e.settle();
      await engine.completeJob((await jobsOf(engine, `${id}-flaky`))[0]!.key);
      await e.settle();
      await cancelling.answer;
      t.equal((await engine.getUserTask(task.key)).state, 'CANCELED');
      t.equal((await engine.getProcessInstance(processInstanceKey))?.state, 'CANCELED');
    });
  });
}
