/** Conformance: user tasks, cancellation, job failures and incidents, time-outs, read models. */
import t from 'tap';
import type { UserTaskEvent } from '../../engine-adapter/workflow-engine.ts';
import { boundary, bpmn, chain, definitions, el, ext, linear, message, msgDef, processXml, serviceTask, timer } from './bpmn.ts';
import { completeAll, engineTargets, jobsOf, uid } from './harness.ts';

function userTaskXml(id: string, props: string): string {
  return bpmn(id, el('startEvent', 's'), `<bpmn:userTask id="review" name="Thẩm định hồ sơ">${ext('<zeebe:userTask/>', props)}</bpmn:userTask>`, el('endEvent', 'e'), chain('s', 'review', 'e'));
}

for (const target of engineTargets()) {
  t.test(target.name, async (t) => {
    const e = await target.open();
    const { engine } = e;
    t.teardown(() => e.close());
    const events: UserTaskEvent[] = [];
    engine.onUserTaskEvent((ev) => events.push(ev));
    // A polling engine sees the open tasks from here on (its first poll is the baseline).
    await e.settle();
    const view = async (key: string) => (await engine.getProcessInstance(key))!;

    t.test('user task: created with assignment, schedule, priority and form', async (t) => {
      const id = uid();
      const props = '<zeebe:assignmentDefinition assignee="=officer" candidateGroups="mot-cua, tu-phap"/><zeebe:taskSchedule dueDate="=due"/><zeebe:priorityDefinition priority="80"/><zeebe:formDefinition formId="khai-sinh"/>';
      await engine.deployResources([{ name: 'ut.bpmn', content: userTaskXml(id, props) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { officer: 'lan', due: '2026-03-05T10:00:00+07:00' } });
      const [task] = await engine.listUserTasks({ processInstanceKey });
      t.equal(task?.assignee, 'lan');
      t.same(task?.candidateGroups, ['mot-cua', 'tu-phap']);
      t.equal(task?.dueDate, '2026-03-05T10:00:00+07:00');
      t.equal(task?.priority, 80);
      t.equal(task?.formKey, 'khai-sinh');
      t.equal(task?.name, 'Thẩm định hồ sơ');
      await e.settle();
      t.ok(events.some((ev) => ev.type === 'created' && ev.task.key === task!.key));
    });

    t.test('user task: assign, unassign, update, complete with variables', async (t) => {
      const id = uid();
      await engine.deployResources([{ name: 'ut.bpmn', content: userTaskXml(id, '') }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      const [task] = await engine.listUserTasks({ processInstanceKey, state: 'CREATED' });
      await e.settle();
      await engine.assignUserTask(task!.key, 'minh');
      await e.settle();
      t.equal((await engine.getUserTask(task!.key)).assignee, 'minh');
      t.equal((await engine.listUserTasks({ assignee: 'minh', processInstanceKey })).length, 1);
      await engine.unassignUserTask(task!.key);
      await e.settle();
      t.equal((await engine.getUserTask(task!.key)).assignee, null);
      await engine.updateUserTask(task!.key, { dueDate: '2026-04-01T00:00:00Z', candidateGroups: ['lanh-dao'] });
      await e.settle();
      const updated = await engine.getUserTask(task!.key);
      t.equal(updated.dueDate, '2026-04-01T00:00:00Z');
      t.same(updated.candidateGroups, ['lanh-dao']);
      t.equal((await engine.listUserTasks({ candidateGroup: 'lanh-dao', processInstanceKey })).length, 1);
      await engine.completeUserTask(task!.key, { approved: true });
      await e.settle();
      t.equal((await view(processInstanceKey)).state, 'COMPLETED');
      t.equal((await view(processInstanceKey)).variables.approved, true);
      t.equal((await engine.getUserTask(task!.key)).state, 'COMPLETED');
      const mine = events.filter((ev) => ev.task.key === task!.key).map((ev) => ev.type);
      t.same(mine, ['created', 'updated', 'updated', 'updated', 'completed']);
      const again = await engine.completeUserTask(task!.key).catch((x) => x);
      t.equal(again.code, 'INVALID_STATE');
    });

    // The durable feed is the embedded engine's own API (a cluster has none): registered for it only.
    if (target.name.startsWith('embedded/')) t.test('embedded: the durable user-task event feed replays what the push delivered', async (t) => {
      const feed = (engine as unknown as { userTaskEvents(after?: number, limit?: number): Promise<(UserTaskEvent & { seq: number })[]> }).userTaskEvents;
      const id = uid();
      await engine.deployResources([{ name: 'feed.bpmn', content: userTaskXml(id, '') }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      const [task] = await engine.listUserTasks({ processInstanceKey });
      await engine.assignUserTask(task!.key, 'hoa');
      await engine.completeUserTask(task!.key, { ok: 1 });
      const all = await feed.call(engine, 0, 10_000);
      const mine = all.filter((ev) => ev.task.key === task!.key);
      t.same(mine.map((ev) => ev.type), ['created', 'updated', 'completed']);
      t.same(mine[2]!.variables, { ok: 1 });
      t.ok(mine.every((ev, i) => i === 0 || ev.seq > mine[i - 1]!.seq), 'positions increase');
      t.same(await feed.call(engine, mine[2]!.seq, 10), all.filter((ev) => ev.seq > mine[2]!.seq));
    });

    t.test('canceling an instance cancels its jobs, timers and user tasks', async (t) => {
      const id = uid();
      const xml = bpmn(id, el('startEvent', 's'), el('parallelGateway', 'fork'), serviceTask('job', `${id}-job`), `<bpmn:userTask id="ut">${ext('<zeebe:userTask/>')}</bpmn:userTask>`,
        el('intermediateCatchEvent', 'wait', timer('timeDuration', 'PT1H')), serviceTask('afterTimer', `${id}-after`),
        chain('s', 'fork'), '<bpmn:sequenceFlow id="f1" sourceRef="fork" targetRef="job"/><bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="ut"/><bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="wait"/>', chain('wait', 'afterTimer'));
      await engine.deployResources([{ name: 'cx.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      const [task] = await engine.listUserTasks({ processInstanceKey });
      await e.settle();
      await engine.cancelProcessInstance(processInstanceKey);
      t.equal((await view(processInstanceKey)).state, 'CANCELED');
      t.equal((await jobsOf(engine, `${id}-job`)).length, 0, 'job gone');
      await e.advance(2 * 3600_000);
      t.equal((await jobsOf(engine, `${id}-after`)).length, 0, 'timer gone');
      t.equal((await engine.getUserTask(task!.key)).state, 'CANCELED');
      t.ok(events.some((ev) => ev.type === 'canceled' && ev.task.key === task!.key));
      t.equal((await engine.cancelProcessInstance(processInstanceKey).catch((x) => x)).code, 'NOT_FOUND');
    });

    t.test('canceling a parent instance cancels the called child', async (t) => {
      const parent = uid();
      const child = uid();
      await engine.deployResources([{ name: 'c.bpmn', content: linear(child, `${child}-t`) }]);
      await engine.deployResources([{ name: 'p.bpmn', content: bpmn(parent, el('startEvent', 's'), `<bpmn:callActivity id="call">${ext(`<zeebe:calledElement processId="${child}"/>`)}</bpmn:callActivity>`, chain('s', 'call')) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: parent });
      const [job] = await jobsOf(engine, `${child}-t`, 1000);
      await engine.cancelProcessInstance(processInstanceKey);
      t.equal((await view(job!.processInstanceKey)).state, 'CANCELED');
      t.equal((await engine.completeJob(job!.key).catch((x) => x)).code, 'NOT_FOUND');
    });

    t.test('retries exhausted → incident → update retries + resolve → the job runs again', async (t) => {
      const id = uid();
      await engine.deployResources([{ name: 'r.bpmn', content: linear(id, `${id}-flaky`) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      const [job] = await jobsOf(engine, `${id}-flaky`);
      t.equal(job!.retries, 3);
      await engine.failJob({ jobKey: job!.key, retries: 1, errorMessage: 'timeout', retryBackOff: 60_000 });
      t.equal((await jobsOf(engine, `${id}-flaky`)).length, 0, 'back-off not over');
      await e.advance(60_000);
      const [retry] = await jobsOf(engine, `${id}-flaky`);
      t.equal(retry?.key, job!.key);
      await engine.failJob({ jobKey: job!.key, retries: 0, errorMessage: 'service down' });
      const [incident] = await engine.listIncidents({ processInstanceKey });
      t.equal(incident?.errorType, 'JOB_NO_RETRIES');
      t.equal(incident?.jobKey, job!.key);
      t.equal(incident?.errorMessage, 'service down');
      t.equal((await engine.resolveIncident(incident!.key).catch((x) => x)).code, 'INVALID_STATE', 'retries must be set first');
      await engine.updateJobRetries(job!.key, 2);
      await engine.resolveIncident(incident!.key);
      const [again] = await jobsOf(engine, `${id}-flaky`);
      t.equal(again?.key, job!.key);
      t.equal(again?.retries, 2);
      await engine.completeJob(job!.key);
      t.equal((await view(processInstanceKey)).state, 'COMPLETED');
    });

    t.test('a worker handler that throws fails the job with one retry fewer', async (t) => {
      const id = uid();
      await engine.deployResources([{ name: 'w.bpmn', content: linear(id, `${id}-w`) }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      let calls = 0;
      const worker = engine.createWorker({ type: `${id}-w`, handler: async (job) => {
        calls++;
        if (calls < 3) throw new Error(`boom ${calls}`);
        await job.complete({ calls });
      } });
      await e.settle();
      await worker.close();
      t.equal(calls, 3);
      t.equal((await view(processInstanceKey)).variables.calls, 3);
    });

    t.test('an activated job that times out becomes activatable again', async (t) => {
      const id = uid();
      await engine.deployResources([{ name: 'to.bpmn', content: linear(id, `${id}-slow`) }]);
      await engine.createProcessInstance({ bpmnProcessId: id });
      const [job] = await engine.activateJobs({ type: `${id}-slow`, maxJobsToActivate: 5, timeout: 30_000, worker: 'w1' });
      t.equal((await jobsOf(engine, `${id}-slow`)).length, 0);
      await e.advance(30_000);
      const [again] = await engine.activateJobs({ type: `${id}-slow`, maxJobsToActivate: 5, timeout: 30_000, worker: 'w2' });
      t.equal(again?.key, job!.key);
      t.equal(again?.worker, 'w2');
    });

    t.test('read models: history with enter and leave times, element statistics', async (t) => {
      const id = uid();
      const [def] = await engine.deployResources([{ name: 'rm.bpmn', content: linear(id, `${id}-a`, `${id}-b`) }]);
      const first = await engine.createProcessInstance({ bpmnProcessId: id });
      await engine.createProcessInstance({ bpmnProcessId: id });
      await engine.createProcessInstance({ bpmnProcessId: id });
      await e.advance(5 * 60_000);
      const jobs = (await jobsOf(engine, `${id}-a`)).slice(1);
      await engine.failJob({ jobKey: jobs[1]!.key, retries: 0 });
      await engine.completeJob(jobs[0]!.key);
      const stats = await engine.getElementStatistics(def!.processDefinitionKey);
      t.same(stats, [{ elementId: 't1', active: 1, incidents: 1 }, { elementId: 't2', active: 1, incidents: 0 }]);
      const history = await engine.getProcessInstanceHistory(jobs[0]!.processInstanceKey);
      const t1 = history.find((h) => h.elementId === 't1')!;
      t.equal(t1.state, 'COMPLETED');
      t.equal(t1.leftAt!.getTime() - t1.enteredAt.getTime(), 5 * 60_000);
      t.equal(history.find((h) => h.elementId === 't2')!.leftAt, null);
      t.ok(first.processInstanceKey);
    });

    t.test('a timer boundary on a user task cancels it (interrupting)', async (t) => {
      const id = uid();
      const xml = bpmn(id, el('startEvent', 's'), `<bpmn:userTask id="ut">${ext('<zeebe:userTask/>')}</bpmn:userTask>`, boundary('sla', 'ut', timer('timeDuration', 'P3D')),
        el('endEvent', 'e'), serviceTask('escalate', `${id}-esc`), el('endEvent', 'e2'), chain('s', 'ut', 'e'), chain('sla', 'escalate', 'e2'));
      await engine.deployResources([{ name: 'sla.bpmn', content: xml }]);
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id });
      const [task] = await engine.listUserTasks({ processInstanceKey });
      await e.advance(3 * 24 * 3600_000);
      t.equal((await engine.getUserTask(task!.key)).state, 'CANCELED');
      t.equal((await completeAll(engine, `${id}-esc`)).length, 1);
    });

    t.test('queries: instance search, definition XML, creation by definition key, immediate correlation', async (t) => {
      const id = uid();
      const v1 = definitions(message('m', `${id}-paid`, '=maHoSo'), processXml(id, el('startEvent', 's'), el('intermediateCatchEvent', 'wait', msgDef('m')), el('endEvent', 'e'), chain('s', 'wait', 'e')));
      const [d1] = await engine.deployResources([{ name: 'q.bpmn', content: v1 }]);
      const [d2] = await engine.deployResources([{ name: 'q.bpmn', content: v1.replace('<bpmn:endEvent id="e"', '<bpmn:endEvent id="e" name="v2"') }]);
      t.equal(await engine.getProcessDefinitionXml(d1!.processDefinitionKey), v1, 'the XML as deployed');
      t.equal((await engine.getProcessDefinitionXml('999999999').catch((x) => x)).code, 'NOT_FOUND');

      const a = await engine.createProcessInstanceByKey({ processDefinitionKey: d1!.processDefinitionKey, variables: { maHoSo: 'HS-A' } });
      t.match(a, { processDefinitionKey: d1!.processDefinitionKey, bpmnProcessId: id, version: 1 }, 'pinned to that definition, not the latest');
      const b = await engine.createProcessInstanceByKey({ processDefinitionKey: d1!.processDefinitionKey, variables: { maHoSo: 'HS-B' } });
      const c = await engine.createProcessInstance({ bpmnProcessId: id, variables: { maHoSo: 'HS-C' } });
      t.equal(c.processDefinitionKey, d2!.processDefinitionKey);
      t.equal((await engine.createProcessInstanceByKey({ processDefinitionKey: '999999999' }).catch((x) => x)).code, 'NOT_FOUND');

      const hit = await engine.correlateMessage({ name: `${id}-paid`, correlationKey: 'HS-B', variables: { daNop: true } });
      t.equal(hit.processInstanceKey, b.processInstanceKey, 'correlated to the waiting instance');
      t.ok(hit.messageKey);
      t.equal((await engine.correlateMessage({ name: `${id}-paid`, correlationKey: 'HS-Z' }).catch((x) => x)).code, 'NOT_FOUND', 'nobody waits: an error, not a buffered message');
      await e.settle();
      t.match(await engine.getProcessInstance(b.processInstanceKey), { state: 'COMPLETED', variables: { daNop: true } });

      const keys = (xs: { processInstanceKey: string }[]) => xs.map((x) => x.processInstanceKey);
      const onV1 = await engine.searchProcessInstances({ processDefinitionKey: d1!.processDefinitionKey });
      t.same(keys(onV1), [b.processInstanceKey, a.processInstanceKey], 'newest first');
      t.ok(onV1.every((p) => Object.keys(p.variables).length === 0), 'search results carry no variables');
      t.same(keys(await engine.searchProcessInstances({ bpmnProcessId: id })), [c, b, a].map((x) => x.processInstanceKey));
      t.same(keys(await engine.searchProcessInstances({ bpmnProcessId: id, state: 'ACTIVE' })), [c, a].map((x) => x.processInstanceKey));
      t.same(keys(await engine.searchProcessInstances({ bpmnProcessId: id, state: 'COMPLETED' })), [b.processInstanceKey]);

      const byVariables = async (variables: Record<string, unknown>) => keys(await engine.searchProcessInstances({ bpmnProcessId: id, variables }));
      t.same(await byVariables({ maHoSo: 'HS-A' }), [a.processInstanceKey], 'a root variable equal to the value');
      t.same(await byVariables({ maHoSo: 'HS-Z' }), [], 'no instance holds that value');
      t.same(await byVariables({ maHoSo: 'HS-B', daNop: true }), [b.processInstanceKey], 'two variables, both held');
      t.same(await byVariables({ maHoSo: 'HS-A', daNop: true }), [], 'every variable must match, not any');
      t.same(await byVariables({ daNop: 'true' }), [], 'the JSON value, type included: the string "true" is not true');
      t.same(keys(await engine.searchProcessInstances({ bpmnProcessId: id, state: 'COMPLETED', variables: { maHoSo: 'HS-C' } })), [], 'and with the other filters');
    });

    t.test('unknown keys give NOT_FOUND', async (t) => {
      t.equal((await engine.completeJob('999999999').catch((x) => x)).code, 'NOT_FOUND');
      t.equal((await engine.resolveIncident('999999999').catch((x) => x)).code, 'NOT_FOUND');
      t.equal((await engine.getUserTask('999999999').catch((x) => x)).code, 'NOT_FOUND');
      t.equal(await engine.getProcessInstance('999999999'), undefined);
      t.equal((await engine.createProcessInstance({ bpmnProcessId: 'nope' }).catch((x) => x)).code, 'NOT_FOUND');
    });
  });
}
