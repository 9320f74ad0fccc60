/**
 * "My tasks" read in its own order (issue 18). `tasks_assignee_open_idx (assignee_id, due_at)` found an officer's
 * open tasks, but the page's order ends with `key` and the officer's agency is a filter, so PostgreSQL fetched
 * every open task of the officer (446 heap pages for a specialist at 1,000,000 dossiers) and sorted them for 50,
 * and the capped count read the same pages (bench/README.md, "My tasks in its own order"). The index now holds
 * the whole order and the agency, and extended statistics tell the planner that an officer's tasks are in the
 * officer's agency (it estimated the agency filter as keeping 1 row in 50, so an ordered scan looked costlier):
 * the page reads ~50 rows in order, the count is an index-only scan.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index tasks_assignee_open_key_idx on tasks (assignee_id, due_at, key) include (agency_id) where state = 'CREATED'`.execute(db);
  await sql`drop index tasks_assignee_open_idx`.execute(db);
  await sql`create statistics tasks_assignee_agency (dependencies) on assignee_id, agency_id from tasks`.execute(db);
  await sql`analyze tasks`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop statistics tasks_assignee_agency`.execute(db);
  await sql`create index tasks_assignee_open_idx on tasks (assignee_id, due_at) where state = 'CREATED'`.execute(db);
  await sql`drop index tasks_assignee_open_key_idx`.execute(db);
}
