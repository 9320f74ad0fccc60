/**
 * The visibility of a dossier's new agencies refreshed once per dossier of an insert, not once per row.
 * A reception inserts its receiving and handling agencies in one statement: the row trigger of
 * 2026120602 refreshed the dossier twice, the second time only to find every visibility row there
 * already (the rows, its ancestors, recomputed; three conflicts checked on nine indexes). Inserts now
 * fire a statement trigger that refreshes each distinct dossier of the inserted rows, once all are in:
 * the same final rows, as each refresh recomputes the dossier's whole visibility from `dossier_agencies`.
 * Deletes and updates keep the row trigger (a statement trigger with transition tables cannot name
 * the updated columns, and both are rare: a handoff's withdrawal, a correction).
 * bench/README.md, "Fewer statements a dossier" (seventeenth session).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists dossier_agencies_visibility on dossier_agencies`.execute(db);
  await sql`create trigger dossier_agencies_visibility after delete or update of agency_id, dossier_id on dossier_agencies
    for each row execute function dossier_agencies_visibility()`.execute(db);
  await sql.raw(`create function dossier_agencies_inserted_visibility() returns trigger language plpgsql as $$
    declare d uuid;
    begin
      for d in select distinct dossier_id from inserted loop perform dossier_visibility_refresh(d); end loop;
      return null;
    end $$`).execute(db);
  await sql`create trigger dossier_agencies_inserted_visibility after insert on dossier_agencies
    referencing new table as inserted for each statement execute function dossier_agencies_inserted_visibility()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists dossier_agencies_inserted_visibility on dossier_agencies`.execute(db);
  await sql`drop function if exists dossier_agencies_inserted_visibility()`.execute(db);
  await sql`drop trigger if exists dossier_agencies_visibility on dossier_agencies`.execute(db);
  await sql`create trigger dossier_agencies_visibility after insert or delete or update of agency_id, dossier_id on dossier_agencies
    for each row execute function dossier_agencies_visibility()`.execute(db);
}
