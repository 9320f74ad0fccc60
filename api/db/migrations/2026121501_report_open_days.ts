/**
 * The figures of the dossiers still open at the end of each local day, per agency that sees them and
 * procedure (issue 18): what reports II.06a and Decision 766 read of a past period's open dossiers, judged
 * at its end. Read row by row, they are the province's whole inventory at that moment (~4,000 to 100,000
 * dossiers at 1,000,000), so a report's cost grew with the database; stored once when the day ends
 * (the report-verdicts worker), a report reads a few rows per procedure. `report_open_days_taken` marks
 * the days taken (a day may have no open dossier); see `services/report-open.ts`.
 */
import { sql, type Kysely } from 'kysely';

/** The stored figures (`OpenTally` of services/report-open.ts, in snake case). */
export const OPEN_DAY_FIGURES = [
  'open', 'overdue', 'counted', 'paying', 'paid_online', 'on_time', 'over_time', 'multiple', 'paused_ms', 'petitions', 'petitions_on_time',
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`create table report_open_days (
    agency_id text not null, day date not null, procedure_id text not null,
    ${OPEN_DAY_FIGURES.map((f) => `${f} bigint not null default 0`).join(', ')},
    primary key (agency_id, day, procedure_id))`).execute(db);
  await sql`create table report_open_days_taken (day date primary key, taken_at timestamptz not null default now(), rows integer not null default 0)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists report_open_days_taken`.execute(db);
  await sql`drop table if exists report_open_days`.execute(db);
}
