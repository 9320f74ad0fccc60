/**
 * The dossier reminders' marker, as 2026120703 did for the steps: the reminder pass
 * (api/workers/reminders.ts) marks each running dossier with the deadline it last reminded of
 * (`reminded_due_at`, the deadline in force: the procedure's longer limit when a verification gives it)
 * and whether that was the overdue reminder, so each minute reads only the dossiers whose next reminder
 * may be due, not the whole overdue backlog (about 100,000 dossiers a minute at 1,000,000). A deadline that
 * moves (a supplement, an extension) differs from the marker and brings the dossier back; so does a longer
 * limit (its deadline is not `due_at`), each minute, as before this marker.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Metadata-only additions (a constant default): no table rewrite at 1M dossiers.
  await sql`alter table dossiers add column reminded_due_at timestamptz, add column reminded_overdue boolean not null default false`.execute(db);
  await sql`create index dossiers_remind_pending_idx on dossiers (due_at, id)
    where status in ('accepted', 'processing', 'decided') and due_at is not null and (reminded_due_at is distinct from due_at or not reminded_overdue)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists dossiers_remind_pending_idx`.execute(db);
  await sql`alter table dossiers drop column reminded_due_at, drop column reminded_overdue`.execute(db);
}
