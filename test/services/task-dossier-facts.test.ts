/**
 * Open tasks carry their dossier's procedure and status (migration 2026120704), kept by triggers: a task
 * written with its dossier takes them, a dossier's open tasks follow a change of its status or procedure,
 * finished tasks are left as they were, and a task without a known dossier has none. Following its
 * dossier is not a change of the task in the task stream.
 */
import t from 'tap';
import { sql } from 'kysely';
import { databaseTargets } from '../helpers/databases.ts';

for (const target of databaseTargets()) {
  t.test(`task dossier facts on ${target.name}`, async (t) => {
    const handle = await target.openMigrated();
    t.teardown(() => handle.close());
    const db = handle.db;
    await sql`insert into agencies (id, code, name, type) values ('f-a', 'FA', 'Xã F', 'commune')`.execute(db);
    for (const id of ['f-proc', 'f-proc-2']) await sql`insert into procedures (id, name_vi, name_en, field, legal_limit, online_level, process_id, form_schema_id)
      values (${id}, ${id}, ${id}, 'F', '{}', 'full', 'x', 'x')`.execute(db);
    const [d] = (await sql<{ id: string }>`insert into dossiers (code, procedure_id, receiving_agency_id, status, channel, applicant, applicant_name, form_data, state, submitted_at)
      values ('F-1', 'f-proc', 'f-a', 'processing', 'in_person', '{}', 'A', '{}', '{}', now()) returning id`.execute(db)).rows;
    const task = (key: string, state: string, dossier: string | null) => sql`insert into tasks (key, process_instance_key, bpmn_process_id, element_id, dossier_id, agency_id, state, created_at)
      values (${key}, '1', 'p', 'e', ${dossier}, 'f-a', ${state}, now())`.execute(db);
    await task('k-open', 'CREATED', d!.id);
    await task('k-done', 'COMPLETED', d!.id);
    await task('k-orphan', 'CREATED', null);
    const facts = async () => Object.fromEntries((await sql<{ key: string; procedure_id: string | null; dossier_status: string | null }>`
      select key, procedure_id, dossier_status from tasks order by key`.execute(db)).rows.map((r) => [r.key, [r.procedure_id, r.dossier_status]]));
    t.same(await facts(), { 'k-done': ['f-proc', 'processing'], 'k-open': ['f-proc', 'processing'], 'k-orphan': [null, null] }, 'a written task takes its dossier\'s');
    await sql`update tasks set state = 'COMPLETED' where key = 'k-done'`.execute(db);
    const seq = async () => (await sql<{ change_seq: string; change: string }>`select change_seq::text, change from tasks where key = 'k-open'`.execute(db)).rows[0]!;
    const before = await seq();
    await sql`update dossiers set status = 'supplement_requested', procedure_id = 'f-proc-2' where id = ${d!.id}`.execute(db);
    t.same(await seq(), before, 'not a change of the task in the task stream');
    t.same(await facts(), { 'k-done': ['f-proc', 'processing'], 'k-open': ['f-proc-2', 'supplement_requested'], 'k-orphan': [null, null] }, 'open tasks follow the dossier; finished ones stay');
    await sql`update tasks set dossier_id = null where key = 'k-open'`.execute(db);
    t.same((await facts())['k-open'], [null, null], 'a task moved off its dossier loses them');
  });
}
