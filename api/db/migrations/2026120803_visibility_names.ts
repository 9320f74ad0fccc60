/**
 * The name search within one agency's scope (issue 18): `dossier_names` holds, per row of
 * `dossier_visibility` (a dossier and an agency that may see it), the applicant's folded name, under a
 * GIN index on (agency, name trigrams) — `btree_gin` puts the agency in the same index. A search
 * then reads the agency's posting list with the term's trigrams, and rechecks only the agency's
 * matches: at 1,000,000 dossiers a commune's "Nguyễn Văn An" went from 62 ms (the province's trigram
 * matches, each probed for visibility) to about 9 ms. Kept by triggers in the same transaction as the
 * change: on `dossier_visibility` (a dossier seen by one more or one less agency) and on `dossiers`
 * (the applicant's name corrected). Where the server refuses `btree_gin` the index is on the name
 * alone; without `pg_trgm`, the search scans the agency's rows (primary key range).
 */
import { sql, type Kysely } from 'kysely';

/** The trigram name index, with the agency where the server has `btree_gin` (also the down of 2026121001). */
export const createNameTrigramIndex = sql.raw(`do $$ begin
      if exists (select 1 from pg_extension where extname = 'pg_trgm') then
        if exists (select 1 from pg_extension where extname = 'btree_gin') then
          create index dossier_names_agency_trgm on dossier_names using gin (agency_id, name gin_trgm_ops);
        else
          create index dossier_names_trgm on dossier_names using gin (name gin_trgm_ops);
        end if;
      end if;
    end $$`);

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table dossier_names (
    agency_id text not null, dossier_id uuid not null, name text not null,
    primary key (agency_id, dossier_id))`.execute(db);

  await sql.raw(`create function dossier_visibility_names() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        delete from dossier_names where agency_id = old.agency_id and dossier_id = old.dossier_id;
      else
        insert into dossier_names (agency_id, dossier_id, name)
        select new.agency_id, d.id, coalesce(d.applicant_name_folded, '') from dossiers d where d.id = new.dossier_id
        on conflict (agency_id, dossier_id) do update set name = excluded.name;
      end if;
      return null;
    end $$`).execute(db);
  await sql`create trigger dossier_visibility_names after insert or delete on dossier_visibility
    for each row execute function dossier_visibility_names()`.execute(db);

  // The name is a generated column: the trigger watches the name it is folded from.
  await sql.raw(`create function dossiers_names() returns trigger language plpgsql as $$
    begin
      update dossier_names n set name = coalesce(new.applicant_name_folded, '')
      from dossier_visibility v where v.dossier_id = new.id and n.agency_id = v.agency_id and n.dossier_id = new.id;
      return null;
    end $$`).execute(db);
  await sql`create trigger dossiers_names after update of applicant_name on dossiers
    for each row when (old.applicant_name is distinct from new.applicant_name) execute function dossiers_names()`.execute(db);

  await sql`insert into dossier_names (agency_id, dossier_id, name)
    select v.agency_id, v.dossier_id, coalesce(d.applicant_name_folded, '') from dossier_visibility v join dossiers d on d.id = v.dossier_id`.execute(db);

  await sql.raw(`do $$ begin
      create extension if not exists btree_gin;
    exception when others then
      raise notice 'btree_gin is not available (%): the name index holds the name only', sqlerrm;
    end $$`).execute(db);
  await createNameTrigramIndex.execute(db);
  await sql`analyze dossier_names`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists dossiers_names on dossiers`.execute(db);
  await sql`drop trigger if exists dossier_visibility_names on dossier_visibility`.execute(db);
  await sql`drop function if exists dossiers_names()`.execute(db);
  await sql`drop function if exists dossier_visibility_names()`.execute(db);
  await sql`drop table if exists dossier_names`.execute(db);
}
