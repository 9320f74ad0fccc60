/**
 * The supervisor's dashboard counts at a province's scale (issue 9 · 13, item 7): open-step counters.
 *
 * - `open_step_counts`: the running open tasks (state CREATED, of a dossier neither closed nor waiting
 *   for the applicant: the summary's `RUNNING_TASK`) per agency, procedure, step (`coalesce(step,
 *   element_id)`), step name, due slot (`due_at` truncated to the UTC hour; `infinity` without a due
 *   date) and due-soon flag (`sla_state = 'due_soon'`, written by the SLA sweep). A slot wholly
 *   before `now` is overdue, one wholly inside the due-soon window is due soon; only the slots that
 *   straddle `now` or an agency's due-soon bound are read task by task (`api/services/supervision-counts.ts`).
 * - `dossier_open_steps`: running open tasks per dossier; the few dossiers with more than one
 *   (`where n > 1`) are read at request time to turn task counts into distinct dossiers.
 * Kept by triggers on `tasks` (the old row out, the new row in) in the same transaction as the change;
 * a dossier's status reaches its open tasks through `dossiers_task_facts` (2026120704). The trigger only
 * inserts into `open_step_deltas` (no shared row is locked: a counter row is shared by every task of an
 * agency, step and hour, and updating it in place made concurrent writes queue and deadlock); a reader
 * adds the deltas to the counters, and `open_step_counts_rollup()` (the SLA sweep) folds them in and
 * deletes rows that reach 0. The figures are in bench/README.md ("Supervisor's summary at 1M").
 */
import { sql, type Kysely } from 'kysely';

export const running = (r: string) => `coalesce(${r}.state = 'CREATED' and ${r}.agency_id is not null and ${r}.procedure_id is not null
  and ${r}.dossier_id is not null and ${r}.dossier_status not in ('refused', 'stopped', 'returned', 'supplement_requested'), false)`;
const slot = (r: string) => `coalesce(date_trunc('hour', ${r}.due_at, 'UTC'), 'infinity'::timestamptz)`;
const flag = (r: string) => `coalesce(${r}.sla_state = 'due_soon', false)`;

/**
 * What a counter row is keyed by beyond agency, procedure, step and name: its columns (with their types), and their
 * values for a task row `r`.
 */
export interface CounterKey { columns: string[]; types: string[]; values: (r: string) => string[] }
/** Keyed by due hour and due-soon flag (this migration's; 2026121801 keys by class). */
const BY_HOUR: CounterKey = { columns: ['due_slot', 'due_soon'], types: ['timestamptz', 'boolean'], values: (r) => [slot(r), flag(r)] };
/** The columns of `tasks` a counted key or the running test reads. */
export const INPUTS = ['state', 'agency_id', 'procedure_id', 'dossier_id', 'dossier_status', 'step', 'element_id', 'name', 'due_at', 'sla_state'];
export const tuple = (r: string) => `(${INPUTS.map((c) => `${r}.${c}`).join(', ')})`;

export async function up(db: Kysely<any>): Promise<void> {
  await createCounterTables(db);
  await sql`create table dossier_open_steps (dossier_id uuid primary key, n integer not null)`.execute(db);
  await sql`create index dossier_open_steps_multi on dossier_open_steps (dossier_id) where n > 1`.execute(db);
  await createCounterFunctions(db);
  // Only open tasks count: a finished task inserted or deleted (retention) never calls the function.
  await sql`create trigger tasks_open_step_counts_insert after insert on tasks
    for each row when (new.state = 'CREATED') execute function tasks_open_step_counts()`.execute(db);
  await sql`create trigger tasks_open_step_counts_delete after delete on tasks
    for each row when (old.state = 'CREATED') execute function tasks_open_step_counts()`.execute(db);
  await sql.raw(`create trigger tasks_open_step_counts_update after update of ${INPUTS.join(', ')} on tasks
    for each row when (${tuple('old')} is distinct from ${tuple('new')}) execute function tasks_open_step_counts()`).execute(db);
  // The open tasks of today, once, set-based.
  await recountCounters(db);
  await sql.raw(`insert into dossier_open_steps (dossier_id, n)
    select t.dossier_id, count(*) from tasks t where t.state = 'CREATED' and ${running('t')} group by 1`).execute(db);
  await sql`analyze dossier_open_steps`.execute(db);
}

/** The counters and their deltas for a counter key (by due hour and due-soon flag unless told; also 2026121801's). */
export async function createCounterTables(db: Kysely<any>, by: CounterKey = BY_HOUR): Promise<void> {
  const defs = by.columns.map((c, i) => `${c} ${by.types[i]} not null`).join(', ');
  await sql.raw(`create table open_step_counts (
    agency_id text not null, procedure_id text not null, step text not null, step_name text,
    ${defs}, n integer not null,
    constraint open_step_counts_key unique nulls not distinct (agency_id, procedure_id, step, ${by.columns.join(', ')}, step_name))`).execute(db);
  await sql.raw(`create table open_step_deltas (
    agency_id text not null, procedure_id text not null, step text not null, step_name text,
    ${defs}, n integer not null)`).execute(db);
}

/** The trigger function and the rollup for a counter key (by due hour and due-soon flag unless told; also 2026121801's). */
export async function createCounterFunctions(db: Kysely<any>, by: CounterKey = BY_HOUR): Promise<void> {
  const key = (r: string) => `(${r}.agency_id, ${r}.procedure_id, coalesce(${r}.step, ${r}.element_id), ${r}.name, ${by.values(r).join(', ')})`;
  const cols = by.columns.join(', ');
  const delta = (r: string, n: number) => `insert into open_step_deltas (agency_id, procedure_id, step, step_name, ${cols}, n)
        values (${r}.agency_id, ${r}.procedure_id, coalesce(${r}.step, ${r}.element_id), ${r}.name, ${by.values(r).join(', ')}, ${n});`;
  const group = by.columns.map((_, i) => `, ${i + 5}`).join('');
  await sql.raw(`create or replace function tasks_open_step_counts() returns trigger language plpgsql as $$
    declare
      was boolean := tg_op <> 'INSERT' and ${running('old')};
      is_ boolean := tg_op <> 'DELETE' and ${running('new')};
      left_n integer;
    begin
      if was and is_ and ${key('old')} is not distinct from ${key('new')} and old.dossier_id = new.dossier_id then return null; end if;
      if was then
        ${delta('old', -1)}
        if not (is_ and old.dossier_id = new.dossier_id) then
          update dossier_open_steps set n = n - 1 where dossier_id = old.dossier_id returning n into left_n;
          if left_n = 0 then delete from dossier_open_steps where dossier_id = old.dossier_id and n = 0; end if;
        end if;
      end if;
      if is_ then
        ${delta('new', 1)}
        if not (was and old.dossier_id = new.dossier_id) then
          insert into dossier_open_steps (dossier_id, n) values (new.dossier_id, 1)
          on conflict (dossier_id) do update set n = dossier_open_steps.n + 1;
        end if;
      end if;
      return null;
    end $$`).execute(db);

  // The deltas folded into the counters, in key order (so two rollups never wait on each other crosswise),
  // one rollup at a time; the deltas written meanwhile stay for the next.
  await sql.raw(`create or replace function open_step_counts_rollup() returns integer language plpgsql as $$
    declare moved integer;
    begin
      if not pg_try_advisory_xact_lock(hashtext('open_step_counts_rollup')) then return 0; end if;
      with d as (delete from open_step_deltas returning *),
        s as (select agency_id, procedure_id, step, step_name, ${cols}, sum(n)::integer as n from d group by 1, 2, 3, 4${group})
      insert into open_step_counts (agency_id, procedure_id, step, step_name, ${cols}, n)
      select * from s where n <> 0 order by agency_id, procedure_id, step, ${cols}, step_name
      on conflict (agency_id, procedure_id, step, ${cols}, step_name) do update set n = open_step_counts.n + excluded.n;
      get diagnostics moved = row_count;
      delete from open_step_counts where n = 0;
      return moved;
    end $$`).execute(db);
}

/** The counters from the open tasks, set-based, for a counter key (by due hour and due-soon flag unless told; also 2026121801's). */
export async function recountCounters(db: Kysely<any>, by: CounterKey = BY_HOUR): Promise<void> {
  await sql.raw(`insert into open_step_counts (agency_id, procedure_id, step, step_name, ${by.columns.join(', ')}, n)
    select t.agency_id, t.procedure_id, coalesce(t.step, t.element_id), t.name, ${by.values('t').join(', ')}, count(*)
    from tasks t where t.state = 'CREATED' and ${running('t')} group by 1, 2, 3, 4${by.columns.map((_, i) => `, ${i + 5}`).join('')}`).execute(db);
  await sql`analyze open_step_counts`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists tasks_open_step_counts_update on tasks`.execute(db);
  await sql`drop trigger if exists tasks_open_step_counts_delete on tasks`.execute(db);
  await sql`drop trigger if exists tasks_open_step_counts_insert on tasks`.execute(db);
  await sql`drop function if exists tasks_open_step_counts()`.execute(db);
  await sql`drop function if exists open_step_counts_rollup()`.execute(db);
  await sql`drop table if exists open_step_deltas`.execute(db);
  await sql`drop table if exists dossier_open_steps`.execute(db);
  await sql`drop table if exists open_step_counts`.execute(db);
}
