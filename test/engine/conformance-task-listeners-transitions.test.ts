/**
 * Conformance: user-task listeners of the transitions (Camunda 8.8 `assigning`, `updating`,
 * `completing`). While a transition's listeners run the task is ASSIGNING, UPDATING or COMPLETING and
 * takes no other command; a listener may correct the task or deny the transition (the task is CREATED
 * again, as it was). A task with no listener of the event changes at once. The command is answered
 * once its listeners are done, with Zeebe's rejection when one denied it.
 */
import t from 'tap';
import type { UserTaskEvent } from '../../engine-adapter/workflow-engine.ts';
import { bpmn, chain, el, ext } from './bpmn.ts';
import { engineTargets, jobsOf, uid } from './harness.ts';
import { pending, rejection } from './pending-command.ts';

function listenedTask(id: string, listeners: [event: string, type: string, retries?: number][], assignment = '<zeebe:assignmentDefinition candidateGroups="specialist"/>'): string {
  const l = `<zeebe:taskListeners>${listeners.map(([event, type, retries]) => `<zeebe:taskListener eventType="${event}" type="${type}"${retries === undefined ? '' : ` retries="${retries}"`}/>`).join('')}</zeebe:taskListeners>`;
  return bpmn(id, el('startEvent', 's'), `<bpmn:userTask id="review">${ext('<zeebe:userTask/>', assignment, l)}</bpmn:userTask>`, el('endEvent', 'e'), chain('s', 'review', 'e'));
}

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
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { dossierCode: 'HS-9' } });
      await e.settle();
      const [task] = await engine.listUserTasks({ processInstanceKey });
      return { processInstanceKey, task: task! };
    };

    t.test('assigning: the task is ASSIGNING until the listener completes; its correction wins', async (t) => {
      const id = uid();
      const { processInstanceKey, task } = await start(id, listenedTask(id, [['assigning', `${id}-assign`]]));
      const assigning = await pending(engine, task.key, 'ASSIGNING', engine.assignUserTask(task.key, 'alice')); // answered once the listener is done (Zeebe)
      await e.settle();
      t.equal((await engine.getUserTask(task.key)).state, 'ASSIGNING');
      t.equal((await engine.getUserTask(task.key)).assignee, null, 'not assigned yet');
      const err = await engine.completeUserTask(task.key).catch((x: unknown) => x);
      t.equal(code(err), 'INVALID_STATE', 'a task in a transition takes no other command');
      const [job] = await jobsOf(engine, `${id}-assign`);
      t.equal(job?.customHeaders['io.camunda.zeebe:assignee'], 'alice', 'the listener sees the assignee being assigned');
      t.equal(job?.variables.dossierCode, 'HS-9');
      if (embedded || job?.kind !== undefined) t.match(job, { kind: 'TASK_LISTENER', listenerEventType: 'ASSIGNING' });
      await engine.completeJob(job!.key, undefined, { corrections: { assignee: 'bob', priority: 80 } });
      await e.settle();
      await assigning.answer;
      t.match(await engine.getUserTask(task.key), { state: 'CREATED', assignee: 'bob', priority: 80 });
      if (e.traits.userTaskEvents === 'push') {
        const mine = events.filter((ev) => ev.task.processInstanceKey === processInstanceKey).map((ev) => `${ev.type}:${ev.task.assignee}`);
        t.same(mine, ['created:null', 'updated:bob'], 'announced once assigned, with the correction');
      }
    });

    t.test('assigning denied: the task stays as it was, corrections discarded', async (t) => {
      const id = uid();
      const { task } = await start(id, listenedTask(id, [['assigning', `${id}-a1`], ['assigning', `${id}-a2`]]));
      const assigning = await pending(engine, task.key, 'ASSIGNING', engine.assignUserTask(task.key, 'mallory'));
      await e.settle();
      const [first] = await jobsOf(engine, `${id}-a1`);
      await engine.completeJob(first!.key, undefined, { corrections: { priority: 99 } });
      await e.settle();
      const [second] = await jobsOf(engine, `${id}-a2`);
      t.equal(second?.customHeaders['io.camunda.zeebe:priority'], '99', 'the next listener sees the correction');
      await engine.completeJob(second!.key, undefined, { denied: true, deniedReason: 'not in the unit' });
      await e.settle();
      const denial = await rejection(assigning.answer);
      t.equal(code(denial), 'INVALID_STATE', 'the command is rejected with the denial');
      t.match((denial as Error).message, `Assignment of the User Task with key '${task.key}' was denied by Task Listener. Reason to deny: 'not in the unit'`);
      t.match(await engine.getUserTask(task.key), { state: 'CREATED', assignee: null, priority: 50 });
      const unassigning = await pending(engine, task.key, 'ASSIGNING', engine.unassignUserTask(task.key));
      await e.settle();
      t.equal((await engine.getUserTask(task.key)).state, 'ASSIGNING', 'unassigning is an assignment too');
      await engine.cancelProcessInstance(task.processInstanceKey);
      await e.settle();
      t.equal(code(await rejection(unassigning.answer)), 'INVALID_STATE', 'the waiting command learns of the cancellation');
      t.equal((await engine.getUserTask(task.key)).state, 'CANCELED', 'canceled in its transition');
      t.same(await jobsOf(engine, `${id}-a1`), [], 'the listener job went with it');
    });

    t.test('completing: denial keeps the task open; accepted, the instance goes on with the variables', async (t) => {
      const id = uid();
      const { processInstanceKey, task } = await start(id, listenedTask(id, [['completing', `${id}-check`]]));
      const completing = await pending(engine, task.key, 'COMPLETING', engine.completeUserTask(task.key, { outcome: 'incomplete' }));
      await e.settle();
      t.equal((await engine.getUserTask(task.key)).state, 'COMPLETING');
      const [job] = await jobsOf(engine, `${id}-check`);
      if (embedded || job?.kind !== undefined) t.match(job, { kind: 'TASK_LISTENER', listenerEventType: 'COMPLETING' });
      const withVars = await engine.completeJob(job!.key, { x: 1 }, { denied: false }).catch((x: unknown) => x);
      t.equal(code(withVars), 'INVALID_ARGUMENT', 'a task listener job takes no variables');
      await engine.completeJob(job!.key, undefined, { denied: true, deniedReason: 'missing appraisal' });
      await e.settle();
      const denial = await rejection(completing.answer);
      t.equal(code(denial), 'INVALID_STATE');
      t.match(denial, { context: { deniedReason: 'missing appraisal' } }, 'the reason, as a field');
      t.match((denial as Error).message, `Completion of the User Task with key '${task.key}' was denied by Task Listener. Reason to deny: 'missing appraisal'`);
      t.equal((await engine.getUserTask(task.key)).state, 'CREATED', 'denied: open again');
      t.equal((await engine.getProcessInstance(processInstanceKey))?.state, 'ACTIVE');
      const accepted = await pending(engine, task.key, 'COMPLETING', engine.completeUserTask(task.key, { outcome: 'ok' }));
      await e.settle();
      const [again] = await jobsOf(engine, `${id}-check`);
      await engine.completeJob(again!.key, undefined, { corrections: { priority: 10 } });
      await e.settle();
      await accepted.answer;
      t.match(await engine.getUserTask(task.key), { state: 'COMPLETED', priority: 10 });
      const pi = await engine.getProcessInstance(processInstanceKey);
      t.equal(pi?.state, 'COMPLETED');
      t.equal(pi?.variables.outcome, 'ok', 'the variables of the accepted completion');
    });

    t.test('updating: the update and the corrections are applied together', async (t) => {
      const id = uid();
      const { task } = await start(id, listenedTask(id, [['updating', `${id}-upd`]]));
      const updating = await pending(engine, task.key, 'UPDATING', engine.updateUserTask(task.key, { dueDate: '2026-03-10T10:00:00+07:00' }));
      await e.settle();
      t.equal((await engine.getUserTask(task.key)).state, 'UPDATING');
      const [job] = await jobsOf(engine, `${id}-upd`);
      t.equal(job?.customHeaders['io.camunda.zeebe:dueDate'], '2026-03-10T10:00:00+07:00');
      await engine.completeJob(job!.key, undefined, { corrections: { candidateGroups: ['leader'] } });
      await e.settle();
      await updating.answer;
      t.match(await engine.getUserTask(task.key), { state: 'CREATED', dueDate: '2026-03-10T10:00:00+07:00', candidateGroups: ['leader'] });
      const rootVars = async () => (await engine.getProcessInstance(task.processInstanceKey))?.variables ?? {};
      await engine.setVariables({ elementInstanceKey: task.elementInstanceKey, variables: { draft: 'v2' } });
      await e.settle();
      t.equal((await engine.getUserTask(task.key)).state, 'UPDATING', 'variables set on the task are an update');
      t.notOk('draft' in (await rootVars()), 'not set while the listener runs');
      const [second] = await jobsOf(engine, `${id}-upd`);
      await engine.completeJob(second!.key);
      await e.settle();
      t.equal((await engine.getUserTask(task.key)).state, 'CREATED');
      t.equal((await rootVars()).draft, 'v2', 'set once the listener is done');
    });

    t.test('an assignee given by the process goes through the assigning listeners', async (t) => {
      const id = uid();
      const { task } = await start(id, listenedTask(id, [['assigning', `${id}-assign`]], '<zeebe:assignmentDefinition assignee="carol"/>'));
      t.match(task, { state: 'ASSIGNING', assignee: null }, 'created unassigned, ASSIGNING');
      const [job] = await jobsOf(engine, `${id}-assign`);
      t.equal(job?.customHeaders['io.camunda.zeebe:assignee'], 'carol');
      await engine.completeJob(job!.key);
      await e.settle();
      t.match(await engine.getUserTask(task.key), { state: 'CREATED', assignee: 'carol' });
    });

    t.test('a listener type that cannot be evaluated is an incident; resolved, the transition is retried', async (t) => {
      const id = uid();
      const { processInstanceKey, task } = await start(id, listenedTask(id, [['assigning', '=listenerType']]));
      const assigning = await pending(engine, task.key, 'ASSIGNING', engine.assignUserTask(task.key, 'dave'));
      await e.settle();
      const [incident] = await engine.listIncidents({ processInstanceKey });
      t.match(incident, { errorType: 'EXTRACT_VALUE_ERROR', elementId: 'review' });
      t.equal((await engine.getUserTask(task.key)).state, 'ASSIGNING', 'the transition waits');
      await engine.setVariables({ elementInstanceKey: processInstanceKey, variables: { listenerType: `${id}-late` } });
      await engine.resolveIncident(incident!.key);
      await e.settle();
      const [job] = await jobsOf(engine, `${id}-late`);
      t.equal(job?.customHeaders['io.camunda.zeebe:assignee'], 'dave');
      await engine.completeJob(job!.key);
      await e.settle();
      await assigning.answer;
      t.match(await engine.getUserTask(task.key), { state: 'CREATED', assignee: 'dave' });
    });

    t.test('a creating listener cannot deny; a failing transition listener is an incident', async (t) => {
      const id = uid();
      await engine.deployResources([{ name: 'c.bpmn', content: listenedTask(id, [['creating', `${id}-c`], ['completing', `${id}-flaky`, 1]]) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      await e.settle();
      const [creating] = await jobsOf(engine, `${id}-c`);
      const err = await engine.completeJob(creating!.key, undefined, { denied: true }).catch((x: unknown) => x);
      t.equal(code(err), 'INVALID_ARGUMENT');
      await engine.completeJob(creating!.key);
      await e.settle();
      const [task] = await engine.listUserTasks({ processInstanceKey });
      const completing = await pending(engine, task!.key, 'COMPLETING', engine.completeUserTask(task!.key));
      await e.settle();
      const [flaky] = await jobsOf(engine, `${id}-flaky`);
      await engine.failJob({ jobKey: flaky!.key, retries: 0, errorMessage: 'checker down' });
      await e.settle();
      const [incident] = await engine.listIncidents({ processInstanceKey });
      t.match(incident, { errorType: 'TASK_LISTENER_NO_RETRIES', elementId: 'review', errorMessage: 'checker down' });
      await engine.updateJobRetries(flaky!.key, 1);
      await engine.resolveIncident(incident!.key);
      await e.settle();
      await engine.completeJob((await jobsOf(engine, `${id}-flaky`))[0]!.key);
      await e.settle();
      await completing.answer;
      t.equal((await engine.getProcessInstance(processInstanceKey))?.state, 'COMPLETED');
    });
  });
}
