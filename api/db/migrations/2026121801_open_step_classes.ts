/**
 * The open-step counters (2026120801) keyed by the SLA sweep's class of each task instead of its due hour.
 *
 * By due hour, the supervisor's summary at 1M dossiers read ~3,700 counter rows (one per group and hour
 * ahead) and, in the hour of each agency's due-soon bound, ~50 open steps per agency one by one (3,574 tasks,
 * 13 of its 26 ms): the cost grew with the density of due instants. Keyed by class, a group has at most
 * five rows, and the summary reads only the tasks whose stored class may differ from their bucket now
 * (`api/services/supervision-counts.ts`): those the sweep has not classified yet and those that crossed a
 * line since it ran (about a minute of due instants).
 *
 * `sla_class`: `none` (no due date: in time for ever), the task's `sla_state` when it is `in_time`,
 * `due_soon` or `overdue`, else `unset` (not classified yet: new, or its due date moved — the projector
 * clears `sla_state`). The sweep's moves between classes reach the counters through the same triggers
 * (`sla_state` was already a counted column). `open_step_counts_fold` (2026121502) goes: no row is kept
 * per past hour. Index `tasks_sla_overdue_idx`: the overdue steps not yet due (a clock set back), an empty
 * range otherwise.
 */
import { sql, type Kysely } from 'kysely';
import { createCounterFunctions, createCounterTables, recountCounters, running } from './2026120801_open_step_counts.ts';
import { up as createFold } from './2026121502_open_step_past_slots.ts';

/** The class of a task row `r` as the counters key it. */
export const slaClass = (r: string) =>
  `case when ${r}.due_at is null then 'none' when ${r}.sla_state in ('in_time', 'due_soon', 'overdue') then ${r}.sla_state else 'unset' end`;
const key = (r: string) => `(${r}.agency_id, ${r}.procedure_id, coalesce(${r}.step, ${r}.element_id), ${r}.name, ${slaClass(r)})`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop function if exists open_step_counts_fold(timestamptz)`.execute(db);
  await sql`drop table open_step_deltas`.execute(db);
  await sql`drop table open_step_counts`.execute(db);
  await sql`create table open_step_counts (
    agency_id text not null, procedure_id text not null, step text not null, step_name text, sla_class text not null, n integer not null,
    constraint open_step_counts_key unique nulls not distinct (agency_id, procedure_id, step, sla_class, step_name))`.execute(db);
  await sql`create table open_step_deltas (
    agency_id text not null, procedure_id text not null, step text not null, step_name text, sla_class text not null, n integer not null)`.execute(db);

  // As 2026120801's, with the class in place of the due hour and flag.
  await sql.raw(`create or replace function tasks_open_step_counts() returns trigger language plpgsql as $$
    declare
      was boolean := tg_op <> 'INSERT' and ${running('old')};
      is_ boolean := tg_op <> 'DELETE' and ${running('new')};
      left_n integer;
    begin
      if was and is_ and ${key('old')} is not distinct from ${key('new')} and old.dossier_id = new.dossier_id then return null; end if;
      if was then
        insert into open_step_deltas (agency_id, procedure_id, step, step_name, sla_class, n)
        values (old.agency_id, old.procedure_id, coalesce(old.step, old.element_id), old.name, ${slaClass('old')}, -1);
        if not (is_ and old.dossier_id = new.dossier_id) then
          update dossier_open_steps set n = n - 1 where dossier_id = old.dossier_id returning n into left_n;
          if left_n = 0 then delete from dossier_open_steps where dossier_id = old.dossier_id and n = 0; end if;
        end if;
      end if;
      if is_ then
        insert into open_step_deltas (agency_id, procedure_id, step, step_name, sla_class, n)
        values (new.agency_id, new.procedure_id, coalesce(new.step, new.element_id), new.name, ${slaClass('new')}, 1);
        if not (was and old.dossier_id = new.dossier_id) then
          insert into dossier_open_steps (dossier_id, n) values (new.dossier_id, 1)
          on conflict (dossier_id) do update set n = dossier_open_steps.n + 1;
        end if;
      end if;
      return null;
    end $$`).execute(db);
  await sql`create or replace function open_step_counts_rollup() returns integer language plpgsql as $$
    declare moved integer;
    begin
      if not pg_try_advisory_xact_lock(hashtext('open_step_counts_rollup')) then return 0; end if;
      with d as (delete from open_step_deltas returning *),
        s as (select agency_id, procedure_id, step, step_name, sla_class, sum(n)::integer as n from d group by 1, 2, 3, 4, 5)
      insert into open_step_counts (agency_id, procedure_id, step, step_name, sla_class, n)
      select * from s where n <> 0 order by agency_id, procedure_id, step, sla_class, step_name
      on conflict (agency_id, procedure_id, step, sla_class, step_name) do update set n = open_step_counts.n + excluded.n;
      get diagnostics moved = row_count;
      delete from open_step_counts where n = 0;
      return moved;
    end $$`.execute(db);

  await sql.raw(`insert into open_step_counts (agency_id, procedure_id, step, step_name, sla_class, n)
    select t.agency_id, t.procedure_id, coalesce(t.step, t.element_id), t.name, ${slaClass('t')}, count(*)
    from tasks t where t.state = 'CREATED' and ${running('t')} group by 1, 2, 3, 4, 5`).execute(db);
  await sql`analyze open_step_counts`.execute(db);
  await sql`create index if not exists tasks_sla_overdue_idx on tasks (due_at) where state = 'CREATED' and sla_state = 'overdue'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists tasks_sla_overdue_idx`.execute(db);
  await sql`drop table open_step_deltas`.execute(db);
  await sql`drop table open_step_counts`.execute(db);
  await createCounterTables(db);
  await createCounterFunctions(db);
  await recountCounters(db);
  await createFold(db);
}
