/**
 * The name search reads only the searching agency's entries (issue 18). The GIN index on (agency, name
 * trigrams) of migration 2026120803 keeps one posting list per trigram for the whole province: a
 * commune's "Trần Thị Hoa" at 1,000,000 dossiers read 608 buffers (22 ms) of province-wide lists to find
 * two rows, and the cost grew with the province. Here each name row is indexed by its agency's own
 * grams: every three-character substring of the folded name, hashed together with the agency
 * (`dossier_name_grams`, an expression index, so nothing new is stored in the row). A search asks for the
 * rows whose grams contain all of the term's (a name containing the term contains each of its
 * substrings, so nothing is missed) and rechecks with `like` (a hash collision is only a row read
 * for nothing): 36 buffers, 0.24 ms for the same search (bench/README.md, "Name search by the agency's
 * grams"). Core PostgreSQL only (no `pg_trgm` or `btree_gin` needed for names); the trigram index on
 * names is dropped, so a reception maintains one name index, not two.
 */
import { sql, type Kysely } from 'kysely';
import { createNameTrigramIndex } from './2026120803_visibility_names.ts';

export async function up(db: Kysely<any>): Promise<void> {
  // `hashtext`: the hash of PostgreSQL's own hash indexes (immutable). Collisions cost a recheck, never a miss.
  await sql`create function dossier_name_grams(agency text, name text) returns int[] language sql immutable parallel safe as $$
    select coalesce(array_agg(distinct hashtext(agency || ' ' || substr(name, i, 3))), '{}')
    from generate_series(1, length(name) - 2) as i
  $$`.execute(db);
  await sql`create index dossier_names_grams on dossier_names using gin (dossier_name_grams(agency_id, name))`.execute(db);
  await sql`drop index if exists dossier_names_agency_trgm`.execute(db);
  await sql`drop index if exists dossier_names_trgm`.execute(db);
  await sql`analyze dossier_names`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists dossier_names_grams`.execute(db);
  await sql`drop function if exists dossier_name_grams(text, text)`.execute(db);
  await createNameTrigramIndex.execute(db);
}
