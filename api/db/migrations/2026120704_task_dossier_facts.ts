/**
 * The supervisor's counts at a province's scale (issue 9 · 13, item 7): an open task carries its
 * dossier's procedure and status, so the dashboard groups the open tasks of a subtree from one index
 * (`tasks_open_summary_idx`) instead of joining a million dossiers (at 1M dossiers and 100k open tasks:
 * 1.5 s before; the plans are in bench/README.md, "Supervisor's dashboard at 1M").
 * Kept by triggers in the same transaction as the change: a task takes them when written with its
 * dossier, and a dossier's open tasks follow its status and procedure. Tasks finished before this
 * migration keep nulls (only open tasks are read).
 */
import { sql, type Kysely } from 'kysely';

/**
 * `tasks_stamp_change` (2026120101, then 2026120703): the dossier's facts, like the reminder marker, are
 * left out of "did the task change" — a dossier's status change is not a change of its task in the stream.
 */
export const stamp = (ignored: string[]) => sql.raw(`create or replace function tasks_stamp_change() returns trigger language plpgsql as $$
    declare probe tasks;
    begin
      if tg_op = 'UPDATE' then
        new.change_seq := old.change_seq;
        new.change := old.change;
        probe := new;
        ${ignored.map((c) => `probe.${c} := old.${c};`).join(' ')}
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
    end $$`);
export const MARKER = ['reminded_due_at', 'reminded_overdue'];

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table tasks add column procedure_id text, add column dossier_status text`.execute(db);
  await sql`update tasks t set procedure_id = d.procedure_id, dossier_status = d.status from dossiers d where d.id = t.dossier_id and t.state = 'CREATED'`.execute(db);
  await sql.raw(`create function tasks_dossier_facts() returns trigger language plpgsql as $$
    begin
      select d.procedure_id, d.status into new.procedure_id, new.dossier_status from dossiers d where d.id = new.dossier_id;
      if not found then new.procedure_id := null; new.dossier_status := null; end if;
      return new;
    end $$`).execute(db);
  await sql`create trigger tasks_dossier_facts before insert or update of dossier_id on tasks
    for each row execute function tasks_dossier_facts()`.execute(db);
  await sql.raw(`create function dossiers_task_facts() returns trigger language plpgsql as $$
    begin
      update tasks set procedure_id = new.procedure_id, dossier_status = new.status
      where dossier_id = new.id and state = 'CREATED' and (procedure_id, dossier_status) is distinct from (new.procedure_id, new.status);
      return null;
    end $$`).execute(db);
  await sql`create trigger dossiers_task_facts after update of status, procedure_id on dossiers
    for each row when ((old.status, old.procedure_id) is distinct from (new.status, new.procedure_id)) execute function dossiers_task_facts()`.execute(db);
  await stamp([...MARKER, 'procedure_id', 'dossier_status']).execute(db);
  await sql`create index tasks_open_dossier_idx on tasks (dossier_id) where state = 'CREATED'`.execute(db);
  await sql`create index tasks_open_summary_idx on tasks (agency_id) include (dossier_id, procedure_id, dossier_status, step, element_id, due_at, sla_state, name)
    where state = 'CREATED'`.execute(db);
  // Finished tasks keep nulls, so without this the planner takes the open, running tasks for a handful
  // and sorts them (instead of hashing) to count them.
  await sql`create statistics tasks_open_facts (mcv) on state, dossier_status from tasks`.execute(db);
  await sql`analyze tasks`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop statistics if exists tasks_open_facts`.execute(db);
  await sql`drop index if exists tasks_open_summary_idx`.execute(db);
  await sql`drop index if exists tasks_open_dossier_idx`.execute(db);
  await sql`drop trigger if exists dossiers_task_facts on dossiers`.execute(db);
  await sql`drop trigger if exists tasks_dossier_facts on tasks`.execute(db);
  await sql`drop function if exists dossiers_task_facts()`.execute(db);
  await sql`drop function if exists tasks_dossier_facts()`.execute(db);
  await stamp(MARKER).execute(db);
  await sql`alter table tasks drop column procedure_id, drop column dossier_status`.execute(db);
}
