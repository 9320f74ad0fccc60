/**
 * Vacuum the tables whose few open rows change while their history only grows (issue 18). PostgreSQL's
 * autovacuum waits for 20 % of a table to be dead: at 1,000,000 dossiers `tasks` holds two million rows,
 * so the 160,000 open tasks, updated at every claim, deadline and reminder, piled up dead versions for
 * hours without a vacuum (never vacuumed in a day of bench runs). The index entries of the dead versions
 * stay until then: counting a commune's free specialist tasks (up to the list's window of 1,000) walked
 * 2,960 index entries and 1,486 heap pages, 63 ms; after one `vacuum tasks`, 1,882 entries, 9.7 ms cold
 * and 2.8 ms warm (bench/README.md, "Vacuum of the hot rows"). Here these tables are vacuumed once 1 %
 * of their rows (at least 1,000) are dead and analysed after 2 % changed, so the open rows stay compact
 * whatever the history. Storage parameters only: nothing is rewritten; PGlite has no autovacuum and
 * accepts them.
 */
import { sql, type Kysely } from 'kysely';

/** The tables with a hot, updated part and a growing history. */
export const HOT_TABLES = ['tasks', 'dossiers', 'dossier_visibility', 'dossier_names', 'outbox', 'applicant_deliveries', 'dossier_open_steps'];

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of HOT_TABLES) {
    await sql`alter table ${sql.table(table)} set (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000,
      autovacuum_analyze_scale_factor = 0.02, autovacuum_analyze_threshold = 1000)`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of HOT_TABLES) {
    await sql`alter table ${sql.table(table)} reset (autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold,
      autovacuum_analyze_scale_factor, autovacuum_analyze_threshold)`.execute(db);
  }
}
