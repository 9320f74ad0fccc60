/**
 * Report counters per month (issue 13 · 18): `report_counter_months` holds the sums of `report_counters`
 * (2026120701) per agency, procedure and calendar month of local days. Trends over six months by agency
 * read, at 1M dossiers, a day row per agency, procedure and day: about 90,000 rows for a province's 56
 * agencies; by month, 3,000. The rollup (`report_counters_rollup()`, the SLA sweep each minute) folds the
 * same deltas into both tables in one statement, so a month row is always the sum of its day rows; a
 * reader adds the deltas written since, as it does for the day rows. The plans are in bench/README.md
 * ("Trends from the counters").
 */
import { sql, type Kysely } from 'kysely';
import { METRICS } from './2026120701_report_counters.ts';
import { rollupFunction } from './2026120901_report_counter_deltas.ts';

const cols = METRICS.join(', ');

export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`create table report_counter_months (
    agency_id text not null, procedure_id text not null, month date not null,
    ${METRICS.map((m) => `${m} bigint not null default 0`).join(', ')},
    primary key (agency_id, month, procedure_id))`).execute(db);
  // Under the rollup's lock: no deltas fold into the day rows between this sum and the new function.
  await sql`select pg_advisory_xact_lock(hashtext('report_counters_rollup'))`.execute(db);
  await sql.raw(`insert into report_counter_months (agency_id, procedure_id, month, ${cols})
    select agency_id, procedure_id, date_trunc('month', day::timestamp)::date, ${METRICS.map((m) => `sum(${m})`).join(', ')}
    from report_counters group by 1, 2, 3 order by 1, 3, 2`).execute(db);
  await sql.raw(rollupFunction(true)).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(rollupFunction(false)).execute(db);
  await sql`drop table if exists report_counter_months`.execute(db);
}
