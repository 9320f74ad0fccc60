/**
 * The instant each pending reminder row needs looking at again (issue 18). The reminder pass read the
 * pending rows in deadline order (`tasks_remind_pending_idx`, `dossiers_remind_pending_idx`) and filtered out
 * those held: already told due soon (until their deadline) or checked and not yet due soon (until their
 * due-soon instant). Those are most pending rows within the horizon, so every minute it walked them all to
 * find none: 22,863 steps (98 ms) and ~30,000 dossiers (~300 ms) at 1,000,000 dossiers with nothing due
 * (bench/README.md, "The reminder pass walked the rows it holds"). These indexes order the same pending rows
 * by that instant (`-infinity` when never checked), so a pass reads the rows due now and stops.
 * The expression is `remindNextAt()` in api/workers/reminder-marks.ts, verbatim: keep them alike.
 */
import { sql, type Kysely } from 'kysely';

/** The next instant of a row of `t` (`tasks` or `dossiers`): the later of its holds, `-infinity` if none. */
export const nextAt = (t: string) => `coalesce(greatest(
    case when ${t}.reminded_due_at = ${t}.due_at then ${t}.due_at end,
    case when ${t}.remind_check_due = ${t}.due_at then ${t}.remind_check_at end), '-infinity'::timestamptz)`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`create index tasks_remind_next_idx on tasks ((${nextAt('tasks')}), key)
    where state = 'CREATED' and due_at is not null and (reminded_due_at is distinct from due_at or not reminded_overdue)`).execute(db);
  await sql.raw(`create index dossiers_remind_next_idx on dossiers ((${nextAt('dossiers')}), id)
    where status in ('accepted', 'processing', 'decided') and due_at is not null
      and (reminded_due_at is distinct from due_at or not reminded_overdue)`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists tasks_remind_next_idx`.execute(db);
  await sql`drop index if exists dossiers_remind_next_idx`.execute(db);
}
