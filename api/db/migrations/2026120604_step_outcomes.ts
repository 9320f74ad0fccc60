/**
 * Each step's outcome, stored with its dossier when the step's task is completed (issue 17 item 1): later
 * decisions (the approval reads the appraisal's "refuse") read it from here, in the same transaction,
 * never from a live engine read that may fail or lag. Filled for steps completed before this migration
 * from their `task.complete` audit rows, which carry the submitted form.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('dossier_step_outcomes')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('dossier_id', 'uuid', (c) => c.notNull().references('dossiers.id'))
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('note', 'text')
    .addColumn('task_key', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('completed_by', 'uuid')
    .execute();
  await db.schema.createIndex('dossier_step_outcomes_dossier').on('dossier_step_outcomes').columns(['dossier_id', 'step', 'id']).execute();
  await sql`
    insert into dossier_step_outcomes (dossier_id, step, outcome, note, task_key, completed_at, completed_by)
    select t.dossier_id, t.step, o.value->>'outcome', o.value->>'note', t.key, a.at, a.actor_id
    from audit_log a
    join tasks t on t.key = a.target_id
    cross join lateral (select a.after->'variables'->(case when t.step = 'delivery' then 'result' else t.step end) as value) o
    where a.action = 'task.complete' and t.dossier_id is not null and t.step is not null and jsonb_typeof(o.value) = 'object'
    order by a.at, a.id`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('dossier_step_outcomes').execute();
}
