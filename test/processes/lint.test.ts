/** Every shipped process is clean under camunda-cloud-8-8 and bpmnlint:recommended; broken input is reported by element id. */
import t from 'tap';
import { lintBpmn, lintErrors } from '../../api/procedures/lint.ts';
import { fixture, processFiles } from './helpers.ts';

t.test('every process lints clean (no error, no warning)', async (t) => {
  const files = processFiles();
  t.ok(files.length >= 9, 'at least the nine procedures');
  for (const f of files) {
    const issues = await lintBpmn(f.xml);
    t.same(issues.map((i) => `${i.category} ${i.rule} ${i.elementId}: ${i.message}`), [], f.file);
  }
});

t.test('the camunda-compat rules alone also pass', async (t) => {
  for (const f of processFiles()) t.same(await lintBpmn(f.xml, { recommended: false }), [], f.file);
});

t.test('a deliberately broken process is reported element by element', async (t) => {
  const issues = await lintBpmn(fixture('broken.bpmn'));
  const errors = lintErrors(issues);
  const has = (elementId: string, rule: string) => errors.some((e) => e.elementId === elementId && e.rule === rule);
  t.ok(has('Task_no_job_type', 'camunda-compat/implementation'), 'service task without a job type');
  t.ok(has('Task_form_key', 'camunda-compat/user-task-form'), 'Camunda user task with a formKey');
  t.ok(has('Task_form_key', 'label-required'), 'unnamed task');
  t.ok(has('Event_bad_timer', 'camunda-compat/timer'), 'timer neither ISO 8601 nor FEEL');
  t.ok(has('Flow_bad_feel', 'camunda-compat/feel'), 'FEEL syntax error in a condition');
  t.ok(has('EndEvent_3', 'no-bpmndi'), 'element without a shape');
  t.ok(issues.some((i) => i.elementId === 'Task_form_key' && i.rule === 'no-overlapping-elements' && i.category === 'warn'), 'overlapping shapes warned');
  for (const e of errors) {
    t.type(e.message, 'string');
    t.not(e.elementId, 'definitions', `${e.rule} names an element`);
  }
});

t.test('unparsable XML gives one xml error', async (t) => {
  const issues = await lintBpmn('<bpmn:definitions');
  t.equal(issues.length, 1);
  t.match(issues[0], { elementId: 'definitions', rule: 'xml', category: 'error' });
});

t.test('lint runs are independent (no state kept between files)', async (t) => {
  const f = processFiles()[0]!;
  t.same(await lintBpmn(f.xml), []);
  t.same(await lintBpmn(f.xml), [], 'linting the same file twice reports no duplicates');
});
