/**
 * Dossier lists at a province's scale (issue 13 · 18):
 * - `dossier_visibility`: one row per dossier and per agency that may see it — every agency the
 *   dossier passed through (`dossier_agencies`) and each of their ancestors, since a user sees their
 *   own agency's subtree. A user's scope is then one equality (`agency_id = <their agency>`) instead
 *   of an `in (<subtree>)` over the dossier's agencies, and the list's filters and sort keys sit on
 *   the same row, so each list is one ordered index range. Kept by triggers in the same transaction
 *   as the change: on `dossiers` (status, dates, procedure), on `dossier_agencies` (reception,
 *   hand-off), and on `agencies.parent_id` (a moved agency's dossiers).
 * - Trigram indexes (pg_trgm) for the name and code search (`%…%` on the folded name); when the
 *   server refuses the extension, the search still works, by scanning.
 * The plans before and after are in bench/README.md ("Dossier lists").
 */
import { sql, type Kysely } from 'kysely';

export const COLUMNS = 'status, procedure_id, code, due_at, received_at, submitted_at, finished_at';

/** The agencies a dossier's agency rows make it visible to: each agency and its ancestors, every row written again
 * (2026120902 replaces it by one that writes only what differs; its `down` restores this one). */
export function visibilityRefreshFunction(): string {
  return `create or replace function dossier_visibility_refresh(p_dossier uuid) returns void language plpgsql as $$
    begin
      delete from dossier_visibility where dossier_id = p_dossier;
      insert into dossier_visibility (agency_id, dossier_id, ${COLUMNS})
      select distinct up.id, d.id, ${COLUMNS.split(', ').map((c) => `d.${c}`).join(', ')}
      from dossiers d,
        lateral (
          with recursive up(id, parent_id) as (
            select a.id, a.parent_id from agencies a join dossier_agencies da on da.agency_id = a.id where da.dossier_id = d.id
            union
            select a.id, a.parent_id from agencies a join up on a.id = up.parent_id
          ) select id from up
        ) up
      where d.id = p_dossier;
    end $$`;
}

export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`create table dossier_visibility (
    agency_id text not null, dossier_id uuid not null,
    status text not null, procedure_id text not null, code text not null,
    due_at timestamptz, received_at timestamptz, submitted_at timestamptz not null, finished_at timestamptz,
    primary key (agency_id, dossier_id))`).execute(db);

  await sql.raw(visibilityRefreshFunction()).execute(db);

  await sql.raw(`create function dossier_agencies_visibility() returns trigger language plpgsql as $$
    begin
      if tg_op <> 'INSERT' then perform dossier_visibility_refresh(old.dossier_id); end if;
      if tg_op <> 'DELETE' and (tg_op = 'INSERT' or new.dossier_id <> old.dossier_id) then perform dossier_visibility_refresh(new.dossier_id); end if;
      return null;
    end $$`).execute(db);
  await sql`create trigger dossier_agencies_visibility after insert or delete or update of agency_id, dossier_id on dossier_agencies
    for each row execute function dossier_agencies_visibility()`.execute(db);

  await sql.raw(`create function dossiers_visibility() returns trigger language plpgsql as $$
    begin
      update dossier_visibility set ${COLUMNS.split(', ').map((c) => `${c} = new.${c}`).join(', ')} where dossier_id = new.id;
      return null;
    end $$`).execute(db);
  await sql.raw(`create trigger dossiers_visibility after update of ${COLUMNS} on dossiers
    for each row when ((${COLUMNS.split(', ').map((c) => `old.${c}`).join(', ')}) is distinct from (${COLUMNS.split(', ').map((c) => `new.${c}`).join(', ')}))
    execute function dossiers_visibility()`).execute(db);

  // An agency moved in the tree: its subtree's dossiers are now visible to other ancestors.
  await sql.raw(`create function agencies_visibility() returns trigger language plpgsql as $$
    begin
      perform dossier_visibility_refresh(da.dossier_id)
      from (
        select distinct da.dossier_id from dossier_agencies da
        where da.agency_id in (
          with recursive sub(id) as (select new.id union select a.id from agencies a join sub on a.parent_id = sub.id) select id from sub)
      ) da;
      return null;
    end $$`).execute(db);
  await sql`create trigger agencies_visibility after update of parent_id on agencies
    for each row when (old.parent_id is distinct from new.parent_id) execute function agencies_visibility()`.execute(db);

  // Existing dossiers: the agencies' ancestor closure, once.
  await sql.raw(`insert into dossier_visibility (agency_id, dossier_id, ${COLUMNS})
    with recursive anc(agency_id, ancestor_id) as (
      select id, id from agencies
      union
      select anc.agency_id, a.parent_id from anc join agencies a on a.id = anc.ancestor_id where a.parent_id is not null
    )
    select distinct anc.ancestor_id, d.id, ${COLUMNS.split(', ').map((c) => `d.${c}`).join(', ')}
    from dossier_agencies da join anc on anc.agency_id = da.agency_id join dossiers d on d.id = da.dossier_id`).execute(db);

  // One ordered range per list: by status, due first (the default); everything, or one procedure's, by due
  // date; the open, overdue-able ones by due date; by receipt; by status and submission (the online queue).
  await sql`create index dossier_visibility_status_due on dossier_visibility (agency_id, status, due_at, code)`.execute(db);
  await sql`create index dossier_visibility_due on dossier_visibility (agency_id, due_at, code)`.execute(db);
  await sql`create index dossier_visibility_procedure_due on dossier_visibility (agency_id, procedure_id, due_at, code)`.execute(db);
  await sql`create index dossier_visibility_running on dossier_visibility (agency_id, due_at, code) where finished_at is null and status in ('accepted', 'processing')`.execute(db);
  await sql`create index dossier_visibility_received on dossier_visibility (agency_id, received_at, code)`.execute(db);
  await sql`create index dossier_visibility_submitted on dossier_visibility (agency_id, status, submitted_at, code)`.execute(db);
  await sql`create index dossier_visibility_dossier on dossier_visibility (dossier_id)`.execute(db);

  // Trigram search where the server allows the extension (trusted since PostgreSQL 13; PGlite loads it).
  await sql.raw(`do $$ begin
      create extension if not exists pg_trgm;
    exception when others then
      raise notice 'pg_trgm is not available (%): the dossier search scans', sqlerrm;
    end $$`).execute(db);
  await sql.raw(`do $$ begin
      if exists (select 1 from pg_extension where extname = 'pg_trgm') then
        create index dossiers_applicant_name_trgm on dossiers using gin (applicant_name_folded gin_trgm_ops);
        create index dossiers_code_trgm on dossiers using gin (code gin_trgm_ops);
      end if;
    end $$`).execute(db);
  await sql`analyze dossier_visibility`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists dossiers_code_trgm`.execute(db);
  await sql`drop index if exists dossiers_applicant_name_trgm`.execute(db);
  await sql`drop trigger if exists agencies_visibility on agencies`.execute(db);
  await sql`drop trigger if exists dossiers_visibility on dossiers`.execute(db);
  await sql`drop trigger if exists dossier_agencies_visibility on dossier_agencies`.execute(db);
  await sql`drop function if exists agencies_visibility()`.execute(db);
  await sql`drop function if exists dossiers_visibility()`.execute(db);
  await sql`drop function if exists dossier_agencies_visibility()`.execute(db);
  await sql`drop function if exists dossier_visibility_refresh(uuid)`.execute(db);
  await sql`drop table if exists dossier_visibility`.execute(db);
}
