/**
 * The staff view (`services/staff-stats.ts`) reads the steps completed in its period in the subtree's
 * agencies. No index had `completed_at`: at 1M dossiers a month's view was a parallel scan of every task
 * (1,938,197 completed, 103,154 pages; 289 ms, 553 ms of PostgreSQL's CPU), a cost that grew with the
 * table. This index holds the completed steps in completion order with what the view reads, so the period's
 * steps are read from it alone (a completed task is not written again, so its pages stay all-visible once
 * vacuumed). bench/README.md, "The staff view" (fifteenth session). Superseded by the staff counters
 * (2026121703), which drop it.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index if not exists tasks_completed_idx on tasks (completed_at)
    include (agency_id, completed_by, step, element_id, name, due_at, created_at) where state = 'COMPLETED'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists tasks_completed_idx`.execute(db);
}
