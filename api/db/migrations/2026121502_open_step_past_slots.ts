/**
 * The open-step counters (2026120801) keep one row per agency, procedure, step, name, due hour and due-soon
 * flag: every hour that still has an open step, back to the oldest overdue one. At 1M dossiers the province's
 * summary read 3,218 counter rows (838 at 10,000), many of them hours long past, which the summary only ever
 * counts as overdue. `open_step_counts_fold(before)`, called by the SLA sweep after the rollup with its clock's
 * moment, folds the rows of hours ended more than a day before it into one row per step at `-infinity` (due-soon
 * flag false); the summary maps every ended hour the same way before it sums, so a delta written since (a step
 * of a folded hour completed) lands in the same group. A day's margin: a clock set back by less than a day does
 * not see a folded hour as overdue too early. It takes the rollup's lock, so the two never interleave.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create function open_step_counts_fold(before timestamptz) returns integer language plpgsql as $$
    declare folded integer;
    begin
      if not pg_try_advisory_xact_lock(hashtext('open_step_counts_rollup')) then return 0; end if;
      with p as (delete from open_step_counts where due_slot < before - interval '1 day' and due_slot <> '-infinity'::timestamptz returning *),
        s as (select agency_id, procedure_id, step, step_name, sum(n)::integer as n from p group by 1, 2, 3, 4)
      insert into open_step_counts (agency_id, procedure_id, step, step_name, due_slot, due_soon, n)
      select agency_id, procedure_id, step, step_name, '-infinity'::timestamptz, false, n from s where n <> 0
      order by agency_id, procedure_id, step, step_name
      on conflict (agency_id, procedure_id, step, due_slot, due_soon, step_name) do update set n = open_step_counts.n + excluded.n;
      get diagnostics folded = row_count;
      delete from open_step_counts where n = 0;
      return folded;
    end $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function if exists open_step_counts_fold(timestamptz)`.execute(db);
  // Back to one row per hour: the folded rows cannot be split again; the counters are recounted from the tasks.
  await sql`delete from open_step_deltas`.execute(db);
  await sql`delete from open_step_counts`.execute(db);
  await sql.raw(`insert into open_step_counts (agency_id, procedure_id, step, step_name, due_slot, due_soon, n)
    select t.agency_id, t.procedure_id, coalesce(t.step, t.element_id), t.name, coalesce(date_trunc('hour', t.due_at, 'UTC'), 'infinity'::timestamptz),
      coalesce(t.sla_state = 'due_soon', false), count(*)
    from tasks t where t.state = 'CREATED' and coalesce(t.agency_id is not null and t.procedure_id is not null and t.dossier_id is not null
      and t.dossier_status not in ('refused', 'stopped', 'returned', 'supplement_requested'), false)
    group by 1, 2, 3, 4, 5, 6`).execute(db);
}
