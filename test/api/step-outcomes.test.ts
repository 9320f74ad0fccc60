/**
 * Each step's outcome is stored with its dossier when its task is completed (issue 17 item 1): the
 * approval of a dossier whose appraisal said "refuse" is a rejection, read from the stored outcome — not
 * from the engine's variables, which may be unreadable or stale. Steps completed before the migration are
 * filled from their audit rows.
 */
import t from 'tap';
import { sql } from 'kysely';
import { databaseTargets } from '../helpers/databases.ts';
import { bearer, buildTestApp } from '../helpers/app.ts';
import { addTestProcedure, TEST_SCHEMA_DIR } from '../helpers/test-procedure.ts';
import { settle } from '../helpers/settle.ts';
import { migrateSet } from '../../api/db/migrate.ts';
import { migrations } from '../../api/db/migrations/index.ts';

const formData = { applicant: { fullName: 'Lê Thị Thu', personalId: '001203012345' }, childName: 'Lê Minh', dateOfBirth: '2026-02-20' };

for (const target of databaseTargets()) {
  t.test(`the approval reads the appraisal's stored outcome on ${target.name}`, async (t) => {
    const ctx = await buildTestApp(target, {}, { formSchemaDir: TEST_SCHEMA_DIR, autoStart: false });
    t.teardown(() => ctx.close());
    const { app } = ctx;
    await addTestProcedure(ctx, { taskOutcomes: { reception: ['accept', 'refuse'], appraisal: ['ok', 'refuse', 'supplement'], approval: ['approve'], delivery: ['returned'] } });
    ctx.clock.set('2026-03-02T02:00:00Z');
    const [reception, specialist, leader] = await Promise.all(['reception', 'specialist', 'leader'].map(async (u) => bearer(await ctx.token(u))));
    const post = (url: string, headers: Record<string, string>, payload: object = {}) => app.inject({ method: 'POST', url, headers, payload });
    const open = async (headers: Record<string, string>) => (await app.inject({ url: '/api/tasks', headers })).json().items as Array<{ key: string; step: string }>;

    const dossier = (await post('/api/dossiers', reception, { procedureId: 'test-procedure', channel: 'in_person', formData })).json();
    await settle(app);
    const [appraisal] = await open(specialist);
    const done = await post(`/api/tasks/${appraisal!.key}/complete`, specialist, { variables: { appraisal: { outcome: 'refuse', note: 'Người yêu cầu không cư trú tại xã' } } });
    t.equal(done.statusCode, 200, done.body);
    await settle(app);
    const stored = await ctx.handle.db.selectFrom('dossier_step_outcomes').select(['step', 'outcome', 'note', 'task_key']).execute();
    t.same(stored, [{ step: 'appraisal', outcome: 'refuse', note: 'Người yêu cầu không cư trú tại xã', task_key: appraisal!.key }], 'stored in the completion\'s transaction');

    // The engine's copy of the appraisal now says otherwise: the decision must not follow it.
    const instance = (await app.inject({ url: `/api/dossiers/${dossier.code}`, headers: leader })).json().processInstanceKey as string;
    await app.engine.setVariables({ elementInstanceKey: instance, variables: { appraisal: { outcome: 'ok' } } });
    const [approval] = await open(leader);
    t.equal(approval!.step, 'approval');
    const approved = await post(`/api/tasks/${approval!.key}/complete`, leader, { variables: { approval: { outcome: 'approve' } } });
    t.equal(approved.statusCode, 200, approved.body);
    const after = (await app.inject({ url: `/api/dossiers/${dossier.code}`, headers: leader })).json();
    t.equal(after.status, 'decided');
    t.match(after.decision, { outcome: 'rejected', reason: 'Người yêu cầu không cư trú tại xã' }, 'a rejection, for the appraisal\'s reason');
    t.equal(await ctx.handle.db.selectFrom('dossier_step_outcomes').select('id').execute().then((r) => r.length), 2);
  });

  t.test(`steps completed before the migration are filled from their audit rows on ${target.name}`, async (t) => {
    const h = await target.open();
    t.teardown(() => h.close());
    await migrateSet(h.db, Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '2026120604_step_outcomes')), 'app_migration');
    await h.db.insertInto('agencies').values({ id: 'xa', code: 'XA', name: 'Xã', type: 'commune_centre', parent_id: null, province_code: null, disabled: false }).execute();
    await h.db.insertInto('procedures').values({ id: 'p', national_code: null, name_vi: 'p', name_en: 'p', field: 'f', legal_limit: '{}', online_level: 'full', process_id: 'p', form_schema_id: 'p' }).execute();
    const d = await h.db.insertInto('dossiers').values({
      code: 'XA-260302-0001', procedure_id: 'p', receiving_agency_id: 'xa', handling_agency_id: 'xa', status: 'processing', channel: 'in_person',
      applicant: '{}', applicant_name: 'A', form_data: '{}', state: '{}', submitted_at: new Date('2026-03-02T02:00:00Z'),
    }).returning('id').executeTakeFirstOrThrow();
    const task = (key: string, step: string) => ({ key, kind: 'user_task', process_instance_key: '1', bpmn_process_id: 'p', element_id: step, name: step, step, dossier_id: d.id, dossier_code: 'XA-260302-0001', agency_id: 'xa', candidate_groups: ['specialist'], state: 'COMPLETED', created_at: new Date('2026-03-02T02:00:00Z') });
    await h.db.insertInto('tasks').values([task('t1', 'appraisal'), task('t2', 'delivery')] as never).execute();
    const audit = (key: string, at: string, variables: object) => ({ at: new Date(at), action: 'task.complete', target_type: 'task', target_id: key, after: JSON.stringify({ step: 'x', variables }) });
    await h.db.insertInto('audit_log').values([
      audit('t1', '2026-03-03T02:00:00Z', { appraisal: { outcome: 'refuse', note: 'Thiếu giấy tờ' } }),
      audit('t2', '2026-03-04T02:00:00Z', { result: { outcome: 'returned', channel: 'truc_tiep' } }),
    ]).execute();
    await migrateSet(h.db, migrations, 'app_migration');
    const rows = await sql<{ step: string; outcome: string; note: string | null; task_key: string }>`select step, outcome, note, task_key from dossier_step_outcomes order by id`.execute(h.db);
    t.same(rows.rows, [{ step: 'appraisal', outcome: 'refuse', note: 'Thiếu giấy tờ', task_key: 't1' }, { step: 'delivery', outcome: 'returned', note: null, task_key: 't2' }]);
  });
}
