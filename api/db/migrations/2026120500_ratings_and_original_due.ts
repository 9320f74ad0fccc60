import { sql, type Kysely } from 'kysely';

/**
 * Shared inputs of the citizens' rating and the Decision 766 index.
 * - `dossiers.original_due_at`: the due date before an extension (Art. 19.6); null when never extended.
 *   Decree 118 judges the extended dossier against `due_at`; Decision 766 and II.06a read whichever their
 *   rule requires.
 * - `dossier_ratings`: one satisfaction rating per dossier (Decree 118 Art. 31–33), given after the result
 *   was returned, from the lookup page or the counter's kiosk. `scores` maps each criterion key to its
 *   grade; `dissatisfied` is true when any criterion was graded "not satisfied" (the "dislike" rate of the
 *   Decision 766 satisfaction group).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('dossiers').addColumn('original_due_at', 'timestamptz').execute();
  await db.schema
    .createTable('dossier_ratings')
    .addColumn('dossier_id', 'uuid', (c) => c.primaryKey().references('dossiers.id'))
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('procedure_id', 'text', (c) => c.notNull().references('procedures.id'))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('lookup', 'kiosk', 'paper')`))
    .addColumn('scores', 'jsonb', (c) => c.notNull())
    .addColumn('dissatisfied', 'boolean', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('rated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('dossier_ratings_agency_idx').on('dossier_ratings').columns(['agency_id', 'rated_at']).execute();
}
