/**
 * The search indexes' pending lists kept short (issue 18). A GIN index adds new entries to an unsorted
 * pending list (`fastupdate`), merged into the index by a vacuum, an analyze or the insert that finds
 * it past `gin_pending_list_limit` (4 MB by default); every search reads the whole list meanwhile. At
 * 1,000,000 dossiers the tables are large, so their autovacuum and autoanalyze come rarely, and the name
 * grams' list held 397 pages (14,211 entries) after a day of bench receptions: a commune's name search
 * read 634 buffers, 9.2 ms, against 50 buffers and 0.4 ms once the list was merged (bench/README.md, "The
 * search indexes' pending lists"). With the smallest limit (64 kB) a search reads at most eight pages of
 * it, and the inserts still go to the list and are merged a few hundred entries at a time. Storage
 * parameters only: nothing is rewritten; the first insert past the limit merges the list found.
 */
import { sql, type Kysely } from 'kysely';

/** The GIN indexes a search reads (the trigram ones exist where the server has `pg_trgm`). */
const SEARCH_INDEXES = ['dossier_names_grams', 'dossiers_applicant_name_trgm', 'dossiers_code_trgm'];

async function setLimit(db: Kysely<any>, setting: string): Promise<void> {
  for (const index of SEARCH_INDEXES) {
    const found = await sql<{ one: number }>`select 1 as one from pg_class where relname = ${index} and relkind = 'i'`.execute(db);
    if (found.rows.length) await sql.raw(`alter index ${index} ${setting}`).execute(db);
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  await setLimit(db, 'set (gin_pending_list_limit = 64)');
}

export async function down(db: Kysely<any>): Promise<void> {
  await setLimit(db, 'reset (gin_pending_list_limit)');
}
