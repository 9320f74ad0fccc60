import { sql, type Kysely } from 'kysely';

/** Saved task-list filters: an officer's own, or shared with their agency. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('saved_filters')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('owner_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    // The task list's query parameters (GET /api/tasks), checked against its schema when saved.
    .addColumn('query', 'jsonb', (c) => c.notNull())
    .addColumn('shared', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('saved_filters_owner_idx').on('saved_filters').column('owner_id').execute();
  await sql`create index saved_filters_shared_idx on saved_filters (agency_id) where shared`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('saved_filters').execute();
}
