import type { Kysely } from 'kysely';

/**
 * `dossiers.process_start_requested_at`: set by the engine bridge before it asks the engine for the
 * dossier's process instance, so a redelivered event knows an instance may exist without a stored key.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('dossiers').addColumn('process_start_requested_at', 'timestamptz').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('dossiers').dropColumn('process_start_requested_at').execute();
}
