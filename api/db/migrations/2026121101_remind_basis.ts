/**
 * What a reminder check was computed on (issue 18). The pass of 2026121002 put off a row found not yet
 * due soon to its due-soon instant but at most an hour, so that an edited calendar or SLA policy would be
 * seen within the hour; at 1,000,000 dossiers that cap brought ~120,000 rows back every hour, in waves of
 * 30 s of re-reads that stalled the province's task list (bench/README.md, "What stalls the province's
 * task list at 1M"). Now a check holds until its due-soon instant, and is void once what it was computed
 * on changes: `remind_basis.version` moves with each change of a working-time calendar year or of an
 * agency's office hours (in the same transaction) and with the SLA policy (its fingerprint, compared by
 * the pass); a row whose `remind_check_basis` is not the current version is read again.
 * Bookkeeping: not a change of the task for the task stream.
 */
import { sql, type Kysely } from 'kysely';
import { MARKER, stamp } from './2026120704_task_dossier_facts.ts';
import { CHECK, FACTS } from './2026121002_remind_checks.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table remind_basis (
    id smallint primary key default 1 check (id = 1),
    version integer not null default 0,
    policy text not null default '',
    changed_at timestamptz not null default now())`.execute(db);
  await sql`insert into remind_basis (id) values (1)`.execute(db);
  // Metadata-only additions (no default): no table rewrite at 1M dossiers.
  await sql`alter table tasks add column remind_check_basis integer`.execute(db);
  await sql`alter table dossiers add column remind_check_basis integer`.execute(db);
  await stamp([...MARKER, ...FACTS, ...CHECK, 'remind_check_basis']).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await stamp([...MARKER, ...FACTS, ...CHECK]).execute(db);
  await sql`alter table tasks drop column remind_check_basis`.execute(db);
  await sql`alter table dossiers drop column remind_check_basis`.execute(db);
  await sql`drop table remind_basis`.execute(db);
}
