/**
 * The basis version the reminder pass last walked every pending row on (issue 18). Kept in memory only, each
 * start of the server walked every pending step and dossier again in its first minute (~0.3 s at 1,000,000
 * dossiers), although once a walk on a version has checked or told every pending row, only rows whose next
 * instant has come (or new ones, never looked at) need reading until the version moves. Null until the first walk.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table remind_basis add column reminders_walked integer`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table remind_basis drop column reminders_walked`.execute(db);
}
