/**
 * Conformance: Camunda 8.8's deploy-time validation and FEEL at run time — timer kinds per element,
 * `R0`, job-based user tasks (run as jobs, as Zeebe does), unknown FEEL functions (rejected at deploy
 * when named statically, an incident naming them at run time), `is defined`, `assert`, `today()`.
 */
import t from 'tap';
import { boundary, bpmn, chain, el, ext, flow, io, serviceTask, timer } from './bpmn.ts';
import { completeAll, completedElements, engineTargets, jobsOf, rejected, uid } from './harness.ts';

const HOUR = 3600_000;
const deployOf = (id: string, ...body: string[]) => [{ name: `${id}.bpmn`, content: bpmn(id, ...body) }];

for (const target of engineTargets()) {
  t.test(target.name, async (t) => {
    const e = await target.open();
    const { engine } = e;
    t.teardown(() => e.close());
    const deploy = (id: string, ...body: string[]) => engine.deployResources(deployOf(id, ...body));
    const refused = (id: string, ...body: string[]) => deploy(id, ...body).catch((x) => x);

    t.test('a timer start event with a duration is refused, naming it', async (t) => {
      const err = await refused(uid(), el('startEvent', 'ts', timer('timeDuration', 'PT1H')), el('endEvent', 'e'), chain('ts', 'e'));
      rejected(t, e, err, 'BPMN_INVALID', { elementId: 'ts', attribute: 'bpmn:timeDuration', message: /time date or a time cycle/ }, /'ts'/);
    });

    t.test('an intermediate timer catch event with a cycle is refused', async (t) => {
      const err = await refused(uid(), el('startEvent', 's'), el('intermediateCatchEvent', 'wait', timer('timeCycle', 'R2/PT1H')), el('endEvent', 'e'), chain('s', 'wait', 'e'));
      rejected(t, e, err, 'BPMN_INVALID', { elementId: 'wait', attribute: 'bpmn:timeCycle', message: /time duration or a time date/ }, /'wait'/);
    });

    t.test('an interrupting boundary timer with a cycle is refused; a non-interrupting one deploys', async (t) => {
      const body = (interrupting: boolean) => [el('startEvent', 's'), serviceTask('work', 'x'), boundary('b', 'work', timer('timeCycle', 'R2/PT1H'), interrupting),
        el('endEvent', 'e'), el('endEvent', 'e2'), chain('s', 'work', 'e'), chain('b', 'e2')];
      const err = await refused(uid(), ...body(true));
      rejected(t, e, err, 'BPMN_INVALID', { elementId: 'b', message: /Interrupting timer event with time cycle/ }, /'b'/);
      const [ok] = await deploy(uid(), ...body(false));
      t.ok(ok!.processDefinitionKey);
    });

    t.test('an interrupting event sub-process timer start with a cycle is refused', async (t) => {
      const sub = `<bpmn:subProcess id="esp" triggeredByEvent="true">${el('startEvent', 'es', timer('timeCycle', 'R/PT1H'))}${el('endEvent', 'ee')}${chain('es', 'ee')}</bpmn:subProcess>`;
      const err = await refused(uid(), el('startEvent', 's'), serviceTask('work', 'x'), el('endEvent', 'e'), chain('s', 'work', 'e'), sub);
      rejected(t, e, err, 'BPMN_INVALID', { elementId: 'es', message: /Interrupting timer event with time cycle/ }, /'es'/);
    });

    t.test('timer start events with a date or a cycle deploy', async (t) => {
      t.equal((await deploy(uid(), el('startEvent', 'ts', timer('timeDate', '2030-01-01T00:00:00Z')), el('endEvent', 'e'), chain('ts', 'e'))).length, 1);
      t.equal((await deploy(uid(), el('startEvent', 'ts', timer('timeCycle', 'R1/2030-01-01T00:00:00Z/P1D')), el('endEvent', 'e'), chain('ts', 'e'))).length, 1);
    });

    t.test('R0 is not an endless cycle: it fires once, as R1 does', async (t) => {
      const id = uid();
      await deploy(id, el('startEvent', 's'), serviceTask('work', `${id}-w`), boundary('remind', 'work', timer('timeCycle', 'R0/PT1H'), false),
        serviceTask('notify', `${id}-n`), el('endEvent', 'e'), el('endEvent', 'e2'), chain('s', 'work', 'e'), chain('remind', 'notify', 'e2'));
      await engine.createProcessInstance({ bpmnProcessId: id });
      let fired = 0;
      for (let i = 0; i < 4; i++) {
        await e.advance(HOUR);
        fired += (await completeAll(engine, `${id}-n`)).length;
      }
      t.equal(fired, 1);
    });

    t.test('a job-based user task runs as a job of type io.camunda.zeebe:userTask, its assignment in headers', async (t) => {
      const id = uid();
      const ut = `<bpmn:userTask id="review">${ext('<zeebe:assignmentDefinition assignee="=officer" candidateGroups="specialist, leader"/>', '<zeebe:formDefinition formKey="camunda-forms:bpmn:f1"/>')}</bpmn:userTask>`;
      await deploy(id, el('startEvent', 's'), ut, el('endEvent', 'e'), chain('s', 'review', 'e'));
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { officer: 'lan' } });
      const jobs = (await jobsOf(engine, 'io.camunda.zeebe:userTask')).filter((j) => j.processInstanceKey === processInstanceKey);
      t.equal(jobs.length, 1);
      t.equal(jobs[0]!.retries, 1);
      t.match(jobs[0]!.customHeaders, { 'io.camunda.zeebe:assignee': 'lan', 'io.camunda.zeebe:candidateGroups': '["specialist","leader"]', 'io.camunda.zeebe:formKey': 'camunda-forms:bpmn:f1' });
      t.equal((await engine.listUserTasks({ processInstanceKey })).length, 0, 'no Camunda user task');
      await engine.completeJob(jobs[0]!.key, { approved: true });
      t.equal((await engine.getProcessInstance(processInstanceKey))!.state, 'COMPLETED');
    });

    t.test('task listeners on a job-based user task are refused', async (t) => {
      const ut = `<bpmn:userTask id="review">${ext('<zeebe:taskListeners><zeebe:taskListener eventType="creating" type="audit"/></zeebe:taskListeners>')}</bpmn:userTask>`;
      const err = await refused(uid(), el('startEvent', 's'), ut, el('endEvent', 'e'), chain('s', 'review', 'e'));
      rejected(t, e, err, 'BPMN_INVALID', { elementId: 'review', message: /zeebe:userTask/ }, /'review'/);
    });

    t.test('an unknown FEEL function named in the model is refused at deploy, naming element and function', async (t) => {
      const err = await refused(uid(), el('startEvent', 's'), serviceTask('t', 'x', io({ y: '=nope(x) + 1' })), el('endEvent', 'e'), chain('s', 't', 'e'));
      rejected(t, e, err, 'BPMN_INVALID', { elementId: 't', attribute: 'zeebe:input(y)', message: /no function found with name 'nope'/ }, /nope/);
      const cond = await refused(uid(), el('startEvent', 's'), el('exclusiveGateway', 'g', '', 'default="f2"'), el('endEvent', 'a'), el('endEvent', 'b'),
        chain('s', 'g'), flow('f1', 'g', 'a', '=is valid(x)'), flow('f2', 'g', 'b'));
      rejected(t, e, cond, 'BPMN_INVALID', { elementId: 'g', message: /is valid/ }, /is valid/);
    });

    t.test('an unknown function reached at run time is an incident naming it, never a silent null', async (t) => {
      const id = uid();
      await deploy(id, el('startEvent', 's'), serviceTask('t', `${id}-t`, io({ y: '=tools.check(1)' })), el('endEvent', 'e'), chain('s', 't', 'e'));
      const { processInstanceKey } = await engine.createProcessInstance({ bpmnProcessId: id, variables: { tools: { check: 'not a function' } } });
      const [incident] = await engine.listIncidents({ processInstanceKey });
      t.equal(incident?.errorType, 'IO_MAPPING_ERROR');
      t.match(incident?.errorMessage, /no function found with name 'tools\.check'/);
      t.equal((await jobsOf(engine, `${id}-t`)).length, 0, 'the task did not start');
    });

    t.test('is defined keeps a variable that was set (the issue\'s expression)', async (t) => {
      const id = uid();
      const mapping = io({}, { inquiry: '=if is defined(inquiry) then inquiry else "chưa hỏi"' });
      await deploy(id, el('startEvent', 's'), serviceTask('t', `${id}-t`, mapping), el('endEvent', 'e'), chain('s', 't', 'e'));
      const set = await engine.createProcessInstance({ bpmnProcessId: id, variables: { inquiry: 'hỏi rồi' } });
      const unset = await engine.createProcessInstance({ bpmnProcessId: id });
      await completeAll(engine, `${id}-t`);
      t.equal((await engine.getProcessInstance(set.processInstanceKey))!.variables.inquiry, 'hỏi rồi');
      t.equal((await engine.getProcessInstance(unset.processInstanceKey))!.variables.inquiry, 'chưa hỏi');
    });

    t.test('a failed assert is an incident with its cause; today() reads the engine clock', async (t) => {
      const id = uid();
      await deploy(id, el('startEvent', 's'), serviceTask('t', `${id}-t`, io({ ref: '=assert(ref, ref != null, "ref is required")' }, { day: '=string(today())' })),
        el('endEvent', 'e'), chain('s', 't', 'e'));
      const bad = await engine.createProcessInstance({ bpmnProcessId: id });
      const [incident] = await engine.listIncidents({ processInstanceKey: bad.processInstanceKey });
      t.equal(incident?.errorType, 'IO_MAPPING_ERROR');
      t.match(incident?.errorMessage, /Assertion failure on evaluate the expression .*: ref is required/);
      const good = await engine.createProcessInstance({ bpmnProcessId: id, variables: { ref: 'HS-1' } });
      await completeAll(engine, `${id}-t`);
      t.ok((await completedElements(engine, good.processInstanceKey)).includes('e'));
      t.equal((await engine.getProcessInstance(good.processInstanceKey))!.variables.day, e.now().toISOString().slice(0, 10));
    });
  });
}
