import { sql, type Kysely } from 'kysely';

/** The task list: user tasks of the engine projected with their dossier, agency and deadline. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tasks')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('user_task'))
    .addColumn('process_instance_key', 'text', (c) => c.notNull())
    .addColumn('bpmn_process_id', 'text', (c) => c.notNull())
    .addColumn('element_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('step', 'text')
    .addColumn('dossier_id', 'uuid', (c) => c.references('dossiers.id'))
    .addColumn('dossier_code', 'text')
    .addColumn('agency_id', 'text', (c) => c.references('agencies.id'))
    .addColumn('candidate_groups', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('assignee_id', 'uuid', (c) => c.references('users.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('due_at', 'timestamptz')
    .addColumn('sla_state', 'text')
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(50))
    .addColumn('form_key', 'text')
    .addColumn('headers', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('completed_at', 'timestamptz')
    .addColumn('completed_by', 'uuid')
    .execute();
  await sql`create index tasks_open_idx on tasks (agency_id, due_at) where state = 'CREATED'`.execute(db);
  await db.schema.createIndex('tasks_dossier_idx').on('tasks').column('dossier_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('tasks').execute();
}
