/**
 * The supervisor's summary counts each open dossier once per group, in the bucket of its nearest
 * deadline there (issue 13 · 18). The open-step counters (2026120801) count tasks; a dossier with
 * several running tasks (parallel steps, a liên thông bundle) is in them several times. Its tasks beyond
 * the first (by due instant, then key) are its "excess", kept here per dossier, so the summary takes
 * them off the counters without reading the dossier's tasks: at 1M dossiers the summary read 3,704
 * tasks of 1,852 such dossiers by key and sorted them four times (15 of its 22 ms).
 *
 * `open_step_excess`: per running task beyond the first of its dossier
 * - `kind = 'dossier'` (the totals and the procedures): for each agency `root_id` whose subtree holds two
 *   or more of the dossier's running tasks, those after the first there;
 * - `kind = 'step'`: the same per step;
 * - `kind = 'agency'`: per agency (`root_id` = the task's agency), those after the first at that agency;
 * with the task's agency, procedure, step, name, due instant and due-soon flag (its bucket is computed
 * as a task's). Rebuilt for a dossier, in the same transaction, when its running tasks change (a statement
 * trigger on `tasks`, once per dossier and statement; one transaction at a time per dossier, under an
 * advisory lock), and for every dossier with several when an agency moves in the tree.
 */
import { sql, type Kysely } from 'kysely';
import { running, tuple } from './2026120801_open_step_counts.ts';

const ORDER = 'order by x.due_at nulls last, x.key';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table open_step_excess (
    root_id text not null, kind text not null check (kind in ('dossier', 'step', 'agency')), dossier_id uuid not null, task_key text not null,
    agency_id text not null, procedure_id text not null, step text not null, step_name text, due_at timestamptz, due_soon boolean not null,
    primary key (dossier_id, kind, root_id, task_key))`.execute(db);
  await sql`create index open_step_excess_root on open_step_excess (root_id, kind)`.execute(db);

  // A dossier's excess rows from its running tasks, and the agencies above each (every subtree holding it).
  await sql.raw(`create function open_step_excess_refresh(p_dossier uuid) returns void language plpgsql as $$
    begin
      -- One rebuild of a dossier at a time (until commit): each statement after the wait sees the other's rows.
      perform pg_advisory_xact_lock(hashtext('open_step_excess'), hashtext(p_dossier::text));
      delete from open_step_excess where dossier_id = p_dossier;
      insert into open_step_excess (root_id, kind, dossier_id, task_key, agency_id, procedure_id, step, step_name, due_at, due_soon)
      with recursive x as (
        select t.key, t.agency_id, t.procedure_id, coalesce(t.step, t.element_id) as step, t.name, t.due_at, coalesce(t.sla_state = 'due_soon', false) as due_soon
        from tasks t where t.dossier_id = p_dossier and t.state = 'CREATED' and ${running('t')}
      ), up(key, root_id) as (
        select key, agency_id from x
        union select up.key, a.parent_id from up join agencies a on a.id = up.root_id where a.parent_id is not null
      ), ranked as (
        select up.root_id, x.*,
          row_number() over (partition by up.root_id ${ORDER}) as in_root,
          row_number() over (partition by up.root_id, x.step ${ORDER}) as in_step,
          row_number() over (partition by up.root_id, x.agency_id ${ORDER}) as in_agency
        from x join up on up.key = x.key
      )
      select root_id, k.kind, p_dossier, key, agency_id, procedure_id, step, name, due_at, due_soon
      from ranked, lateral (values ('dossier', in_root), ('step', in_step), ('agency', in_agency)) as k(kind, rank)
      where k.rank > 1 and (k.kind <> 'agency' or root_id = agency_id);
    end $$`).execute(db);
  // Only a dossier that has (or had) several running tasks: one probe each for the others.
  await sql`create function open_step_excess_sync(p_dossier uuid) returns void language plpgsql as $$
    begin
      if p_dossier is not null and (exists (select 1 from dossier_open_steps where dossier_id = p_dossier and n > 1)
          or exists (select 1 from open_step_excess where dossier_id = p_dossier)) then
        perform open_step_excess_refresh(p_dossier);
      end if;
    end $$`.execute(db);
  await statementTriggers(db);
  await sql`create function agencies_open_step_excess() returns trigger language plpgsql as $$
    begin
      perform open_step_excess_refresh(dossier_id) from (select dossier_id from dossier_open_steps where n > 1
        union select dossier_id from open_step_excess) d;
      return null;
    end $$`.execute(db);
  await sql`create trigger agencies_open_step_excess after update of parent_id on agencies
    for each statement execute function agencies_open_step_excess()`.execute(db);
  await sql`select open_step_excess_refresh(dossier_id) from dossier_open_steps where n > 1`.execute(db);
  await sql`analyze open_step_excess`.execute(db);
}

/**
 * After each statement on `tasks` (after the row triggers kept `dossier_open_steps`): each dossier whose running
 * tasks it changed, once, in key order (so two statements take the dossiers' locks in the same order). Per
 * statement, not per row: a statement adding n steps to one dossier rebuilds it once, not n times.
 * Replaced by 2026121701 (their transition tables cost every update of `tasks`); its `down` restores them.
 */
export async function statementTriggers(db: Kysely<any>): Promise<void> {
  const changed = (o: string, n: string) => `(${running(o)} or ${running(n)}) and ${tuple(o)} is distinct from ${tuple(n)}`;
  await sql.raw(`create function tasks_open_step_excess() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        perform open_step_excess_sync(d) from (select distinct n.dossier_id as d from new_rows n where ${running('n')} order by 1) x;
      elsif tg_op = 'DELETE' then
        perform open_step_excess_sync(d) from (select distinct o.dossier_id as d from old_rows o where ${running('o')} order by 1) x;
      else
        perform open_step_excess_sync(d) from (
          select o.dossier_id as d from old_rows o join new_rows n on n.key = o.key where ${changed('o', 'n')}
          union select n.dossier_id from old_rows o join new_rows n on n.key = o.key where ${changed('o', 'n')} order by 1) x;
      end if;
      return null;
    end $$`).execute(db);
  await sql`create trigger tasks_open_step_excess_insert after insert on tasks referencing new table as new_rows
    for each statement execute function tasks_open_step_excess()`.execute(db);
  await sql`create trigger tasks_open_step_excess_update after update on tasks referencing old table as old_rows new table as new_rows
    for each statement execute function tasks_open_step_excess()`.execute(db);
  await sql`create trigger tasks_open_step_excess_delete after delete on tasks referencing old table as old_rows
    for each statement execute function tasks_open_step_excess()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists agencies_open_step_excess on agencies`.execute(db);
  await sql`drop function if exists agencies_open_step_excess()`.execute(db);
  for (const op of ['insert', 'update', 'delete']) await sql.raw(`drop trigger if exists tasks_open_step_excess_${op} on tasks`).execute(db);
  await sql`drop function if exists tasks_open_step_excess()`.execute(db);
  await sql`drop function if exists open_step_excess_sync(uuid)`.execute(db);
  await sql`drop function if exists open_step_excess_refresh(uuid)`.execute(db);
  await sql`drop table if exists open_step_excess`.execute(db);
}
