import type { Kysely } from 'kysely';

/**
 * A procedure controller's comment on a process version ("why this version"), shown in the
 * modeler's version history. Null for the shipped versions and for uploads without one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('process_versions').addColumn('comment', 'text').execute();
}

