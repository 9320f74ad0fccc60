/**
 * Conformance: `creating` user-task listeners (Camunda 8.8). The task waits while each listener's job
 * runs; the job's result may correct the task (`result.corrections`); only then is the task created.
 */
import t from 'tap';
import type { UserTaskEvent } from '../../engine-adapter/workflow-engine.ts';
import { bpmn, chain, el, ext, headers, serviceTask } from './bpmn.ts';
import { engineTargets, jobsOf, uid } from './harness.ts';

function listeners(...types: string[]): string {
  return `<zeebe:taskListeners>${types.map((type) => `<zeebe:taskListener eventType="creating" type="${type}" retries="2"/>`).join('')}</zeebe:taskListeners>`;
}

function listenedTask(id: string, types: string[], extra = ''): string {
  const props = '<zeebe:userTask/><zeebe:assignmentDefinition candidateGroups="specialist"/><zeebe:taskSchedule dueDate="=draftDue"/>';
  return bpmn(id, el('startEvent', 's'), `<bpmn:userTask id="appraisal" name="Thẩm định">${ext(props, headers({ step: 'appraisal', slaHours: '16' }), listeners(...types), extra)}</bpmn:userTask>`,
    el('endEvent', 'e'), chain('s', 'appraisal', 'e'));
}

for (const target of engineTargets()) {
  t.test(target.name, async (t) => {
    const e = await target.open();
    const { engine } = e;
    t.teardown(() => e.close());
    const events: UserTaskEvent[] = [];
    engine.onUserTaskEvent((ev) => events.push(ev));
    await e.settle();

    t.test('a creating listener corrects the task before it is created', async (t) => {
      const id = uid();
      const type = `${id}-due`;
      await engine.deployResources([{ name: 'listener.bpmn', content: listenedTask(id, [type]) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { dossierCode: 'HS-1', draftDue: '2026-03-09T17:00:00+07:00' } });
      await e.settle();
      t.same(await engine.listUserTasks({ processInstanceKey }), [], 'no task while its creating listener runs');
      t.notOk(events.some((ev) => ev.task.processInstanceKey === processInstanceKey), 'nothing announced yet');
      const [job] = await jobsOf(engine, type);
      t.ok(job, 'the listener job is activatable');
      t.equal(job!.elementId, 'appraisal');
      t.equal(job!.customHeaders.step, 'appraisal', "the element's task headers reach the listener");
      t.equal(job!.customHeaders.slaHours, '16');
      t.ok(job!.customHeaders['io.camunda.zeebe:userTaskKey'], 'the user task key is a header');
      t.equal(job!.customHeaders['io.camunda.zeebe:dueDate'], '2026-03-09T17:00:00+07:00', 'the due date before corrections');
      t.equal(job!.variables.dossierCode, 'HS-1');
      await engine.completeJob(job!.key, undefined, { corrections: { dueDate: '2026-03-04T10:00:00+07:00', candidateGroups: ['specialist', 'leader'], priority: 70 } });
      await e.settle();
      const [task] = await engine.listUserTasks({ processInstanceKey });
      t.equal(task?.key, job!.customHeaders['io.camunda.zeebe:userTaskKey'], 'the task is the one the listener saw');
      t.equal(task?.dueDate, '2026-03-04T10:00:00+07:00', 'corrected due date');
      t.same(task?.candidateGroups, ['specialist', 'leader']);
      t.equal(task?.priority, 70);
      t.equal(task?.customHeaders.step, 'appraisal');
      const mine = events.filter((ev) => ev.task.processInstanceKey === processInstanceKey);
      t.same(mine.map((ev) => ev.type), ['created'], 'announced once, when created');
      t.equal(mine[0]?.task.dueDate, '2026-03-04T10:00:00+07:00', 'announced with the corrections');
      await engine.completeUserTask(task!.key, { appraisal: { outcome: 'ok' } });
      await e.settle();
      t.equal((await engine.getProcessInstance(processInstanceKey))?.state, 'COMPLETED');
    });

    t.test('listeners run in order; the next sees the previous corrections; a worker completes with a result', async (t) => {
      const id = uid();
      const [first, second] = [`${id}-first`, `${id}-second`];
      await engine.deployResources([{ name: 'listeners.bpmn', content: listenedTask(id, [first, second]) }]);
      const seen: Record<string, string | undefined>[] = [];
      const worker = engine.createWorker({
        type: second, pollInterval: 20,
        handler: async (job) => {
          seen.push({ dueDate: job.customHeaders['io.camunda.zeebe:dueDate'] });
          await job.complete(undefined, { corrections: { priority: 90 } });
        },
      });
      t.teardown(() => worker.close());
      await engine.start();
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { draftDue: '2026-03-09T17:00:00+07:00' } });
      await e.settle();
      t.same(await jobsOf(engine, second), [], 'the second listener waits for the first');
      const [job] = await jobsOf(engine, first);
      await engine.completeJob(job!.key, {}, { corrections: { dueDate: '2026-03-05T09:00:00+07:00' } });
      for (let i = 0; i < 200 && !(await engine.listUserTasks({ processInstanceKey })).length; i++) await e.settle();
      const [task] = await engine.listUserTasks({ processInstanceKey });
      t.same(seen, [{ dueDate: '2026-03-05T09:00:00+07:00' }], 'the second listener saw the first correction');
      t.equal(task?.dueDate, '2026-03-05T09:00:00+07:00');
      t.equal(task?.priority, 90);
    });

    t.test('a job result is refused on a job that is no task listener', async (t) => {
      const id = uid();
      await engine.deployResources([{ name: 'plain.bpmn', content: bpmn(id, el('startEvent', 's'), serviceTask('work', `${id}-work`), el('endEvent', 'e'), chain('s', 'work', 'e')) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      await e.settle();
      const [job] = await jobsOf(engine, `${id}-work`);
      const err = await engine.completeJob(job!.key, undefined, { corrections: { dueDate: '2026-03-05T09:00:00+07:00' } }).catch((x: unknown) => x);
      t.ok(err instanceof Error, 'refused');
      t.equal((err as { code?: string }).code, 'INVALID_ARGUMENT');
      await engine.completeJob(job!.key);
      await e.settle();
      t.equal((await engine.getProcessInstance(processInstanceKey))?.state, 'COMPLETED', 'the job is still there to complete');
    });

    t.test('canceling while the listener runs: the listener job goes, no task is announced', async (t) => {
      const id = uid();
      const type = `${id}-due`;
      await engine.deployResources([{ name: 'cancel.bpmn', content: listenedTask(id, [type]) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { draftDue: '2026-03-09T17:00:00+07:00' } });
      await e.settle();
      await engine.cancelProcessInstance(processInstanceKey);
      await e.settle();
      t.same(await jobsOf(engine, type), [], 'the listener job is gone');
      t.same(await engine.listUserTasks({ processInstanceKey, state: 'CREATED' }), [], 'no open task');
      t.notOk(events.some((ev) => ev.task.processInstanceKey === processInstanceKey), 'no created or canceled event');
    });
  });
}
