/**
 * The reminder pass (api/workers/reminders.ts) marks each open task with the deadline of the last
 * reminder it sent (`reminded_due_at`) and whether that was the overdue one (`reminded_overdue`), so
 * each minute reads only the tasks whose next reminder may be due: a partial index holds the open
 * tasks not yet told they are overdue for their current deadline. A deadline that moves (an extension,
 * a supplement) differs from the marker and brings the task back. The marker is bookkeeping: writing it
 * does not stamp the task as changed for the task stream (`tasks_stamp_change`, 2026120101).
 */
import { sql, type Kysely } from 'kysely';

/** `tasks_stamp_change` of 2026120101, the reminder marker left out of "did the task change". */
const STAMP_IGNORING_MARKER = sql`create or replace function tasks_stamp_change() returns trigger language plpgsql as $$
    declare probe tasks;
    begin
      if tg_op = 'UPDATE' then
        new.change_seq := old.change_seq;
        new.change := old.change;
        probe := new;
        probe.reminded_due_at := old.reminded_due_at;
        probe.reminded_overdue := old.reminded_overdue;
        if probe is not distinct from old then return new; end if;
      end if;
      new.change_seq := nextval('tasks_change_seq');
      new.change := case
        when tg_op = 'INSERT' then case when new.state = 'CREATED' then 'created' else lower(new.state) end
        when new.state is distinct from old.state then case when new.state = 'CREATED' then 'updated' else lower(new.state) end
        when old.assignee_id is null and new.assignee_id is not null then 'claimed'
        when old.assignee_id is not null and new.assignee_id is null then 'unclaimed'
        when new.assignee_id is distinct from old.assignee_id then 'handoff'
        else 'updated' end;
      return new;
    end $$`;

const STAMP_ORIGINAL = sql`create or replace function tasks_stamp_change() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' then
        new.change_seq := old.change_seq;
        new.change := old.change;
        if new is not distinct from old then return new; end if;
      end if;
      new.change_seq := nextval('tasks_change_seq');
      new.change := case
        when tg_op = 'INSERT' then case when new.state = 'CREATED' then 'created' else lower(new.state) end
        when new.state is distinct from old.state then case when new.state = 'CREATED' then 'updated' else lower(new.state) end
        when old.assignee_id is null and new.assignee_id is not null then 'claimed'
        when old.assignee_id is not null and new.assignee_id is null then 'unclaimed'
        when new.assignee_id is distinct from old.assignee_id then 'handoff'
        else 'updated' end;
      return new;
    end $$`;

export async function up(db: Kysely<any>): Promise<void> {
  // Both columns are metadata-only additions (a constant default): no table rewrite at 1M dossiers.
  await sql`alter table tasks add column reminded_due_at timestamptz, add column reminded_overdue boolean not null default false`.execute(db);
  await STAMP_IGNORING_MARKER.execute(db);
  await sql`create index tasks_remind_pending_idx on tasks (due_at, key)
    where state = 'CREATED' and due_at is not null and (reminded_due_at is distinct from due_at or not reminded_overdue)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists tasks_remind_pending_idx`.execute(db);
  await STAMP_ORIGINAL.execute(db);
  await sql`alter table tasks drop column reminded_due_at, drop column reminded_overdue`.execute(db);
}
