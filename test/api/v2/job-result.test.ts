/**
 * `/v2` jobs of user-task listeners: activation says `kind: TASK_LISTENER`, completion takes a
 * `result` of type `userTask` whose corrections become the task's properties; a bad correction is a
 * 400 naming the field, a result on another job a 400. A command whose listeners run is answered once
 * they are done, with Camunda's 409 when one denied it.
 */
import t from 'tap';
import { bpmn, chain, el, ext, headers, serviceTask } from '../../engine/bpmn.ts';
import { databaseTargets } from '../../helpers/databases.ts';
import { openV2App } from './helpers.ts';

const [target] = databaseTargets();

t.test('/v2 job results of creating task listeners', async (t) => {
  const ctx = await openV2App(target!);
  t.teardown(() => ctx.close());
  const admin = await ctx.token('admin');
  const engine = ctx.app.engine;
  const task = `<bpmn:userTask id="appraisal" name="Thẩm định">${ext('<zeebe:userTask/><zeebe:assignmentDefinition candidateGroups="specialist"/>', headers({ step: 'appraisal', slaHours: '8' }),
    '<zeebe:taskListeners><zeebe:taskListener eventType="creating" type="v2-step-due"/></zeebe:taskListeners>')}</bpmn:userTask>`;
  await engine.deployResources([
    { name: 'listener.bpmn', content: bpmn('v2-listener', el('startEvent', 's'), task, el('endEvent', 'e'), chain('s', 'appraisal', 'e')) },
    { name: 'plain.bpmn', content: bpmn('v2-plain', el('startEvent', 's'), serviceTask('work', 'v2-work'), el('endEvent', 'e'), chain('s', 'work', 'e')) },
  ]);
  const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: 'v2-listener', variables: { dossierCode: 'HS-V2' } });
  await engine.createProcessInstance({ bpmnProcessId: 'v2-plain' });

  const activated = await ctx.http('POST', '/v2/jobs/activation', admin, { type: 'v2-step-due', timeout: 60_000, maxJobsToActivate: 5 });
  t.equal(activated.status, 200);
  const [job] = activated.body.jobs as Array<Record<string, any>>;
  t.match(job, { kind: 'TASK_LISTENER', listenerEventType: 'CREATING', elementId: 'appraisal', customHeaders: { step: 'appraisal', slaHours: '8' } });

  const bad = await ctx.http('POST', `/v2/jobs/${job!.jobKey}/completion`, admin, { result: { type: 'userTask', corrections: { priority: 101 } } });
  t.equal(bad.status, 400);
  t.match(bad.body.detail, /priority/, 'the bad correction is named');

  const done = await ctx.http('POST', `/v2/jobs/${job!.jobKey}/completion`, admin, { result: { type: 'userTask', corrections: { dueDate: '2026-03-03T10:00:00+07:00', candidateGroups: ['leader'] } } });
  t.equal(done.status, 204, JSON.stringify(done.body));
  const found = await ctx.http('POST', '/v2/user-tasks/search', admin, { filter: { processInstanceKey } });
  t.equal(found.status, 200);
  t.match((found.body.items as unknown[])[0], { dueDate: '2026-03-03T10:00:00+07:00', candidateGroups: ['leader'], state: 'CREATED' });

  const plain = (await ctx.http('POST', '/v2/jobs/activation', admin, { type: 'v2-work', timeout: 60_000, maxJobsToActivate: 5 })).body.jobs as Array<Record<string, any>>;
  t.match(plain[0], { kind: 'BPMN_ELEMENT', listenerEventType: 'UNSPECIFIED' });
  const wrong = await ctx.http('POST', `/v2/jobs/${plain[0]!.jobKey}/completion`, admin, { result: { type: 'userTask', corrections: { priority: 10 } } });
  t.equal(wrong.status, 400, 'a result is for a task listener job only');
  t.match(wrong.body.detail, /not a user task listener/);
  t.equal((await ctx.http('POST', `/v2/jobs/${plain[0]!.jobKey}/completion`, admin, {})).status, 204, 'the job is still there to complete');
});

t.test('/v2 jobs of execution listeners and of assigning listeners; a denied assignment', async (t) => {
  const ctx = await openV2App(target!);
  t.teardown(() => ctx.close());
  const admin = await ctx.token('admin');
  const engine = ctx.app.engine;
  const listeners = '<zeebe:executionListeners><zeebe:executionListener eventType="start" type="v2-el-start"/></zeebe:executionListeners>'
    + '<zeebe:taskListeners><zeebe:taskListener eventType="assigning" type="v2-assigning"/></zeebe:taskListeners>';
  const task = `<bpmn:userTask id="review">${ext('<zeebe:userTask/>', listeners)}</bpmn:userTask>`;
  await engine.deployResources([{ name: 'listeners.bpmn', content: bpmn('v2-listeners', el('startEvent', 's'), task, el('endEvent', 'e'), chain('s', 'review', 'e')) }]);
  const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: 'v2-listeners' });

  const [start] = (await ctx.http('POST', '/v2/jobs/activation', admin, { type: 'v2-el-start', timeout: 60_000, maxJobsToActivate: 5 })).body.jobs as Array<Record<string, any>>;
  t.match(start, { kind: 'EXECUTION_LISTENER', listenerEventType: 'START', elementId: 'review' });
  const withResult = await ctx.http('POST', `/v2/jobs/${start!.jobKey}/completion`, admin, { result: { type: 'userTask', denied: true } });
  t.equal(withResult.status, 400, 'an execution listener job takes no result');
  t.equal((await ctx.http('POST', `/v2/jobs/${start!.jobKey}/completion`, admin, { variables: { checked: true } })).status, 204);

  const [open] = (await ctx.http('POST', '/v2/user-tasks/search', admin, { filter: { processInstanceKey } })).body.items as Array<Record<string, any>>;
  t.equal(open?.state, 'CREATED');
  // Answered, as by Zeebe, once the assigning listener is done: here with its denial.
  const assignment = ctx.http('POST', `/v2/user-tasks/${open!.userTaskKey}/assignment`, admin, { assignee: 'alice' });
  let assigning = await ctx.http('POST', '/v2/user-tasks/search', admin, { filter: { processInstanceKey, state: 'ASSIGNING' } });
  for (let n = 0; n < 200 && !(assigning.body.items as unknown[]).length; n++) { // until the command's step committed
    await new Promise((resolve) => setTimeout(resolve, 20));
    assigning = await ctx.http('POST', '/v2/user-tasks/search', admin, { filter: { processInstanceKey, state: 'ASSIGNING' } });
  }
  t.match((assigning.body.items as unknown[])[0], { userTaskKey: open!.userTaskKey, state: 'ASSIGNING' }, 'the task shows its transition');

  const [job] = (await ctx.http('POST', '/v2/jobs/activation', admin, { type: 'v2-assigning', timeout: 60_000, maxJobsToActivate: 5 })).body.jobs as Array<Record<string, any>>;
  t.match(job, { kind: 'TASK_LISTENER', listenerEventType: 'ASSIGNING', customHeaders: { 'io.camunda.zeebe:assignee': 'alice' } });
  t.match(job!.userTask, { userTaskKey: open!.userTaskKey, assignee: 'alice', priority: 50 }, 'the job\'s userTask, as Camunda 8.8 sends it');
  const both = await ctx.http('POST', `/v2/jobs/${job!.jobKey}/completion`, admin, { result: { type: 'userTask', denied: true, deniedReason: 'not on duty', corrections: { priority: 1 } } });
  t.equal(both.status, 400, 'a denial with corrections is refused, as by Zeebe');
  t.match(both.body.detail, /corrections would be reverted by the denial/);
  const denied = await ctx.http('POST', `/v2/jobs/${job!.jobKey}/completion`, admin, { result: { type: 'userTask', denied: true, deniedReason: 'not on duty' } });
  t.equal(denied.status, 204, JSON.stringify(denied.body));
  const rejected = await assignment;
  t.equal(rejected.status, 409);
  t.match(rejected.body, {
    title: 'INVALID_STATE', deniedReason: 'not on duty',
    detail: `Command 'ASSIGN' rejected with code 'INVALID_STATE': Assignment of the User Task with key '${open!.userTaskKey}' was denied by Task Listener. Reason to deny: 'not on duty'`,
  }, 'Camunda\'s rejection');
  const after = await ctx.http('GET', `/v2/user-tasks/${open!.userTaskKey}`, admin);
  t.match(after.body, { state: 'CREATED', priority: 50 });
  t.notOk('assignee' in after.body, 'denied: not assigned');
});
