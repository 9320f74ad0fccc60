/**
 * Report counter deltas (issue 13): the report counters' triggers (2026120701) no longer update a
 * counter row in place. Every reception of a province's day and procedure added to the same
 * `report_counters` row of the province (and of its commune), so concurrent receptions queued on that
 * row's lock until each other's commit (at 50 receptions/s: 0.8 sessions on average waiting on
 * `Lock:transactionid` in the insert into `dossier_agencies`). As with the open-step counters
 * (2026120801), the triggers now only append to `report_counter_deltas`; a reader adds the deltas of its
 * agency to the counters, and `report_counters_rollup()` (the SLA sweep, each minute) folds them in.
 */
import { sql, type Kysely } from 'kysely';
import { METRICS, counterFunctions } from './2026120701_report_counters.ts';

const cols = METRICS.join(', ');

/**
 * `report_counters_rollup()`: the deltas folded into the counters, in key order, one rollup at a time; those
 * written meanwhile stay for the next. With `months` (2026121601), the same deltas also into the month rows.
 */
export function rollupFunction(months: boolean): string {
  const sums = METRICS.map((m) => `sum(${m}) as ${m}`).join(', ');
  const nonZero = METRICS.map((m) => `${m} <> 0`).join(' or ');
  const add = (table: string) => METRICS.map((m) => `${m} = ${table}.${m} + excluded.${m}`).join(', ');
  const intoMonths = months ? `,
        m as (insert into report_counter_months (agency_id, procedure_id, month, ${cols})
          select agency_id, procedure_id, date_trunc('month', day::timestamp)::date, ${sums} from s group by 1, 2, 3
          order by 1, 3, 2
          on conflict (agency_id, month, procedure_id) do update set ${add('report_counter_months')})` : '';
  return `create or replace function report_counters_rollup() returns integer language plpgsql as $$
    declare moved integer;
    begin
      if not pg_try_advisory_xact_lock(hashtext('report_counters_rollup')) then return 0; end if;
      with d as (delete from report_counter_deltas returning *),
        s as (select agency_id, procedure_id, day, ${sums} from d group by 1, 2, 3)${intoMonths}
      insert into report_counters (agency_id, procedure_id, day, ${cols})
      select * from s where ${nonZero} order by agency_id, day, procedure_id
      on conflict (agency_id, day, procedure_id) do update set ${add('report_counters')};
      get diagnostics moved = row_count;
      return moved;
    end $$`;
}

export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`create table report_counter_deltas (
    agency_id text not null, procedure_id text not null, day date not null,
    ${METRICS.map((m) => `${m} bigint not null default 0`).join(', ')})`).execute(db);
  await sql`create index report_counter_deltas_agency on report_counter_deltas (agency_id, day)`.execute(db);
  for (const fn of counterFunctions('report_counter_deltas')) await sql.raw(fn).execute(db);

  await sql.raw(rollupFunction(false)).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`select report_counters_rollup()`.execute(db);
  for (const fn of counterFunctions('report_counters')) await sql.raw(fn).execute(db);
  await sql`drop function if exists report_counters_rollup()`.execute(db);
  await sql`drop table if exists report_counter_deltas`.execute(db);
}
