/** checkProcess: what the API runs on a controller's upload (lint + engine validation + motcua contract). */
import t from 'tap';
import { checkProcess } from '../../api/procedures/check.ts';
import { fixture, processFiles } from './helpers.ts';

t.test('every shipped process passes the full check', async (t) => {
  for (const f of processFiles()) {
    const r = await checkProcess(f.xml, { expectedProcessId: `motcua-${f.id}`, resourceName: f.file });
    t.same(r.issues, [], f.file);
    t.equal(r.ok, true);
  }
});

t.test('the broken fixture is rejected by lint, engine and contract, element by element', async (t) => {
  const r = await checkProcess(fixture('broken.bpmn'), { expectedProcessId: 'motcua-broken' });
  t.equal(r.ok, false);
  const has = (elementId: string, rule: string | RegExp) => r.issues.some((i) => i.elementId === elementId && (typeof rule === 'string' ? i.rule === rule : rule.test(i.rule)));
  t.ok(has('Task_no_job_type', /^engine\//), 'engine rejects the service task without a job type');
  t.ok(has('Task_form_key', 'motcua/candidate-group'));
  t.ok(has('Task_form_key', 'motcua/sla-hours-header'));
  t.ok(has('Task_form_key', 'motcua/step-header'));
});

t.test('contract: process id, unknown job type, missing headers', async (t) => {
  const f = processFiles().find((x) => x.id === 'copy-certification')!;
  const wrongId = await checkProcess(f.xml, { expectedProcessId: 'motcua-birth-registration' });
  t.equal(wrongId.ok, false);
  t.match(wrongId.issues, [{ elementId: 'motcua-copy-certification', rule: 'motcua/process-id' }]);

  const unknownJob = f.xml.replace('<zeebe:taskDefinition type="notify" />', '<zeebe:taskDefinition type="send-sms" />');
  const r1 = await checkProcess(unknownJob);
  t.equal(r1.ok, false);
  t.match(r1.issues, [{ elementId: 'Task_notify_refused', rule: 'motcua/job-type' }]);

  const noHours = f.xml.replace(/<zeebe:header key="slaHours" value="2" \/>(\s*<zeebe:header key="agencyRole")/, '$1');
  t.not(noHours, f.xml, 'fixture edit applied');
  const r2 = await checkProcess(noHours);
  t.match(r2.issues, [{ elementId: 'Task_approval', rule: 'motcua/sla-hours-header' }]);
  const noListener = f.xml.replace(/(<zeebe:header key="step" value="approval" \/>[\s\S]*?)<zeebe:taskListeners>[\s\S]*?<\/zeebe:taskListeners>/, '$1');
  t.not(noListener, f.xml, 'fixture edit applied');
  t.match((await checkProcess(noListener)).issues, [{ elementId: 'Task_approval', rule: 'motcua/step-due-listener' }]);
  const drawnDue = f.xml.replace('<zeebe:assignmentDefinition candidateGroups="leader" />', '<zeebe:assignmentDefinition candidateGroups="leader" />\n<zeebe:taskSchedule dueDate="=stepDue.approval" />');
  t.not(drawnDue, f.xml);
  t.match((await checkProcess(drawnDue)).issues, [{ elementId: 'Task_approval', rule: 'motcua/due-date' }]);
  const technical = f.xml.replace('<zeebe:taskDefinition type="notify" />', '<zeebe:taskDefinition type="sla-step" />');
  t.match((await checkProcess(technical)).issues, [{ elementId: 'Task_notify_refused', rule: 'motcua/job-type' }], 'SLA arithmetic is not drawn');

  const badFeel = f.xml.replace('=reception.outcome = &quot;refuse&quot;', '=(reception.outcome = &quot;refuse&quot;');
  t.not(badFeel, f.xml);
  const r3 = await checkProcess(badFeel);
  t.equal(r3.ok, false);
  t.ok(r3.issues.some((i) => i.elementId === 'Gateway_reception' && i.rule.startsWith('engine/')) || r3.issues.some((i) => i.elementId === 'Flow_reception_refused'), 'FEEL error located');
});
