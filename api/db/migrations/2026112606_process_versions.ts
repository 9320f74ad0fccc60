import { sql, type Kysely } from 'kysely';

/** Every process version deployed for a procedure: who published it, when, and its XML. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('process_versions')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('procedure_id', 'text', (c) => c.notNull().references('procedures.id'))
    .addColumn('bpmn_process_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('process_definition_key', 'text', (c) => c.notNull())
    .addColumn('resource_name', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('xml', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('warnings', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('published_by', 'uuid')
    .addColumn('published_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('process_versions_unique').on('process_versions').columns(['bpmn_process_id', 'version']).unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('process_versions').execute();
}
