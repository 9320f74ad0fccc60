/**
 * Every shipped process passes the embedded engine's parse + deploy-time validation, deploys through
 * its public API, and behaves as documented in processes/README.md when driven by stub workers.
 */
import t from 'tap';
import { ManualClock } from '../../engine-adapter/clock.ts';
import { EmbeddedEngine, parseBpmn } from '../../engine-adapter/embedded/index.ts';
import { databaseTargets } from '../helpers/databases.ts';
import { Driver } from './driver.ts';
import { processFiles, REQUIRED_IDS } from './helpers.ts';

const files = processFiles();

t.test('every required procedure has a process file', async (t) => {
  t.same(REQUIRED_IDS.filter((id) => !files.some((f) => f.id === id)), [], 'no required process missing');
});

t.test('parse + deploy-time validation of the embedded engine', async (t) => {
  for (const f of files) {
    const models = await parseBpmn(f.xml, f.file);
    t.equal(models.length, 1, `${f.file}: one executable process`);
    t.equal(models[0]!.bpmnProcessId, `motcua-${f.id}`, `${f.file}: process id is motcua-<file id>`);
  }
});

for (const target of databaseTargets()) {
  t.test(`behaviour on the embedded engine (${target.name})`, async (t) => {
    const handle = await target.openMigrated();
    const clock = new ManualClock('2026-03-02T01:00:00Z');
    const engine = new EmbeddedEngine({ db: handle.db, clock });
    t.teardown(async () => { await engine.stop(); await handle.close(); });
    const d = new Driver(engine, clock);
    let seq = 0;
    const code = () => `000.00.00.H01-260302-${String(++seq).padStart(4, '0')}`;

    const deployed = await engine.deployResources(files.map((f) => ({ name: f.file, content: f.xml })));
    t.same(deployed.map((p) => p.bpmnProcessId).sort(), files.map((f) => `motcua-${f.id}`).sort(), 'all processes deploy in one deployment');
    const again = await engine.deployResources(files.map((f) => ({ name: f.file, content: f.xml })));
    t.ok(again.every((p) => p.version === 1), 'redeploying unchanged files keeps version 1');

    await t.test('birth registration: reception → appraisal → approval → return', async (t) => {
      const key = await d.start('motcua-birth-registration', code());
      const reception = await d.task(key, 'Task_reception');
      t.same(reception.candidateGroups, ['receptionist']);
      t.equal(reception.formKey, 'motcua:birth-registration/reception');
      t.match(reception.customHeaders, { step: 'reception', slaHours: '1', agencyRole: 'centre' });
      t.equal(reception.dueDate && new Date(reception.dueDate).toISOString(), new Date(clock.now().getTime() + 3_600_000).toISOString(), 'due date set by the creating listener from slaHours');
      await d.complete(key, 'Task_reception', { reception: { outcome: 'accept' } });
      const appraisal = await d.task(key, 'Task_appraisal');
      t.same(appraisal.candidateGroups, ['specialist']);
      await d.complete(key, 'Task_appraisal', { appraisal: { outcome: 'ok' } });
      const approval = await d.task(key, 'Task_approval');
      t.same(approval.candidateGroups, ['leader']);
      await d.complete(key, 'Task_approval', { approval: { outcome: 'approve' } });
      t.ok(d.jobs(key, 'notify').some((j) => j.headers.event === 'result-ready'), 'applicant told the result is ready');
      await d.complete(key, 'Task_return', { result: { outcome: 'returned', returnedAt: clock.now().toISOString() } });
      const view = await engine.getProcessInstance(key);
      t.equal(view?.state, 'COMPLETED');
      t.same(d.jobs(key, 'motcua-step-due').map((j) => j.elementId), ['Task_reception', 'Task_appraisal', 'Task_approval', 'Task_return'], 'each step dated once, by its listener');
      t.same(d.jobs(key).map((j) => j.type).filter((type) => type !== 'motcua-step-due'), ['notify'], 'the only job drawn: the result-ready notice');
      const history = (await engine.getProcessInstanceHistory(key)).map((h) => h.elementId);
      t.ok(history.includes('EndEvent_done'));
    });

    await t.test('reception refusal sends form 03 and ends', async (t) => {
      const key = await d.start('motcua-copy-certification', code());
      await d.complete(key, 'Task_reception', { reception: { outcome: 'refuse', reason: 'Không thuộc thẩm quyền' } });
      t.match(d.jobs(key, 'notify').map((j) => j.headers), [{ event: 'reception-refused', form: '03' }]);
      t.equal((await engine.getProcessInstance(key))?.state, 'COMPLETED');
      t.same(d.jobs(key, 'motcua-step-due').map((j) => j.elementId), ['Task_reception'], 'no step after the refusal');
    });

    await t.test('supplement at most once; the clock restarts on the supplement', async (t) => {
      const dossierCode = code();
      const key = await d.start('motcua-marital-status-confirmation', dossierCode);
      await d.acceptAndAppraise(key, { outcome: 'supplement' });
      t.match(d.jobs(key, 'notify').map((j) => j.headers), [{ event: 'supplement-requested', form: '02' }]);
      t.same(await d.openTasks(key), [], 'no task while waiting for the applicant');
      await engine.publishMessage({ name: 'supplement-received', correlationKey: dossierCode, variables: { supplementReceivedAt: clock.now().toISOString() } });
      await d.pump();
      const again = await d.task(key, 'Task_appraisal');
      t.equal(again.dueDate && new Date(again.dueDate).toISOString(), new Date(clock.now().getTime() + 12 * 3_600_000).toISOString(), 'appraisal again, with a fresh due date');
      await d.complete(key, 'Task_appraisal', { appraisal: { outcome: 'supplement' } });
      t.equal(d.jobs(key, 'notify').filter((j) => j.headers.event === 'supplement-requested').length, 1, 'a second supplement request is not possible');
      await d.task(key, 'Task_approval');
      t.equal((await engine.getProcessInstance(key))?.variables.supplementCount, 1);
    });

    await t.test('no supplement within the deadline closes the dossier', async (t) => {
      const key = await d.start('motcua-household-business-registration', code());
      await d.acceptAndAppraise(key, { outcome: 'supplement' });
      await d.advanceHours(15 * 24 + 1);
      t.ok(d.jobs(key, 'notify').some((j) => j.headers.event === 'supplement-expired' && j.headers.form === '05'));
      const history = (await engine.getProcessInstanceHistory(key)).map((h) => h.elementId);
      t.ok(history.includes('EndEvent_closed'));
      t.equal((await engine.getProcessInstance(key))?.state, 'COMPLETED');
    });

    await t.test('no reminder is drawn: an overdue step just waits (the application reminds, test/workers)', async (t) => {
      const key = await d.start('motcua-death-registration', code());
      await d.complete(key, 'Task_reception', { reception: { outcome: 'accept' } });
      const appraisal = await d.task(key, 'Task_appraisal');
      t.equal(appraisal.dueDate && new Date(appraisal.dueDate).toISOString(), new Date(clock.now().getTime() + 3 * 3_600_000).toISOString());
      await d.advanceHours(30);
      t.same(d.jobs(key, 'notify'), [], 'no notification job');
      t.equal((await d.task(key, 'Task_appraisal')).key, appraisal.key, 'the same step, still open');
    });

    await t.test('marriage: verification branch once, with the longer limit', async (t) => {
      const key = await d.start('motcua-marriage-registration', code());
      await d.acceptAndAppraise(key, { outcome: 'verify' });
      const verification = await d.task(key, 'Task_verification');
      t.match(verification.customHeaders, { step: 'verification', slaHours: '24' });
      t.same(verification.candidateGroups, ['specialist']);
      t.equal(verification.dueDate && new Date(verification.dueDate).toISOString(), new Date(clock.now().getTime() + 24 * 3_600_000).toISOString(), '24 working hours for the verification step');
      await d.complete(key, 'Task_verification', { verification: { outcome: 'confirmed' } });
      await d.complete(key, 'Task_appraisal', { appraisal: { outcome: 'verify' } });
      await d.task(key, 'Task_approval');
      t.equal((await engine.getProcessInstance(key))?.variables.verificationDone, true);
    });

    await t.test('construction permit: consultation handoff to the provincial department and back', async (t) => {
      const key = await d.start('motcua-construction-permit-house', code());
      await d.acceptAndAppraise(key, { outcome: 'consult' });
      const handoffs = d.jobs(key, 'handoff');
      t.equal(handoffs.length, 1);
      t.match(handoffs[0]!.headers, { targetAgencyRole: 'provincial_department', slaHours: '40' });
      t.same(await d.openTasks(key), []);
      const handoffId = String(handoffs[0]!.variables.handoffId);
      await engine.publishMessage({ name: 'handoff-result', correlationKey: handoffId, variables: { handoffResult: { outcome: 'agree' } } });
      await d.pump();
      await d.complete(key, 'Task_appraisal', { appraisal: { outcome: 'ok' } });
      await d.task(key, 'Task_approval');
      t.same((await engine.getProcessInstance(key))?.variables.handoffResults, { provincial_department: { outcome: 'agree' } });
    });

    await t.test('bundle: parallel handoffs to police and social insurance, joined by the commune', async (t) => {
      const key = await d.start('motcua-birth-residence-insurance-bundle', code());
      await d.acceptAndAppraise(key, { outcome: 'ok' });
      await d.complete(key, 'Task_approval', { approval: { outcome: 'approve' } });
      const handoffs = d.jobs(key, 'handoff');
      t.same(handoffs.map((j) => j.headers.targetAgencyRole).sort(), ['police', 'social_insurance']);
      t.ok(handoffs.every((j) => j.headers.leadAgencyRole === 'commune_unit'));
      const idOf = (role: string) => String(handoffs.find((j) => j.headers.targetAgencyRole === role)!.variables.handoffId);
      await engine.publishMessage({ name: 'handoff-result', correlationKey: idOf('police'), variables: { handoffResult: { personalId: '001226000001' } } });
      await d.pump();
      t.same(await d.openTasks(key), [], 'the commune waits for both agencies');
      await engine.publishMessage({ name: 'handoff-result', correlationKey: idOf('social_insurance'), variables: { handoffResult: { cardNumber: 'TE1010000000001' } } });
      await d.pump();
      await d.task(key, 'Task_return');
      t.same((await engine.getProcessInstance(key))?.variables.handoffResults, {
        police: { personalId: '001226000001' }, social_insurance: { cardNumber: 'TE1010000000001' },
      });
    });

    await t.test('feedback/petition: triage can reject straight to the reply', async (t) => {
      const key = await d.start('motcua-feedback-petition', code());
      await d.complete(key, 'Task_reception', { reception: { outcome: 'accept' } });
      const triage = await d.task(key, 'Task_triage');
      t.match(triage.customHeaders, { step: 'triage', slaHours: '16', supplementWindowHours: '40' });
      await d.complete(key, 'Task_triage', { triage: { outcome: 'reject' } });
      await d.complete(key, 'Task_return', {});
      t.equal((await engine.getProcessInstance(key))?.state, 'COMPLETED');
      t.notOk((await engine.getProcessInstanceHistory(key)).some((h) => h.elementId === 'Task_appraisal'), 'never handled');
    });

    await t.test('no incidents anywhere', async (t) => {
      t.same(await engine.listIncidents(), []);
    });
  });
}
