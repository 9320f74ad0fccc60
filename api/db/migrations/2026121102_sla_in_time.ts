/**
 * The open tasks still in time, by due instant (issue 18). Each minute the SLA sweep moved tasks into due
 * soon through `tasks_sla_pending_idx`, which holds every open task not yet overdue: the range up to the
 * latest due-soon bound took in the tasks already due soon too (read again each minute, and at 1,000,000
 * dossiers their heap pages read from disk: the `update tasks set sla_state …` seconds that stalled the
 * province's task list, bench/README.md). Between two changes of the calendars or the policy a task only
 * moves forward (in time → due soon → overdue), so the sweep now reads only the in-time tasks within the
 * bound (this index) and the not-yet-overdue ones already past their due instant; the full
 * classification runs after a start and after such a change, when a due-soon task beyond every bound (a bound
 * moved back) returns to in time (`tasks_sla_due_soon_idx`: the due-soon tasks only, not the open ones after
 * the bound).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index tasks_sla_in_time_idx on tasks (due_at) where state = 'CREATED' and sla_state = 'in_time'`.execute(db);
  await sql`create index tasks_sla_due_soon_idx on tasks (due_at) where state = 'CREATED' and sla_state = 'due_soon'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists tasks_sla_in_time_idx`.execute(db);
  await sql`drop index if exists tasks_sla_due_soon_idx`.execute(db);
}
