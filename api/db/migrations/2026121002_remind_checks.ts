/**
 * The reminder pass reads a step or a dossier not yet due soon again at its due-soon instant or within
 * the hour, not every minute (issue 18). The marker of 2026120703 / 2026120804 keeps out what was already told; what was read and
 * found not yet due soon came back each minute: at 1,000,000 dossiers 58,611 steps and 62,196 dossiers
 * due within the pass's horizon, joined and computed in batches of 1,000 — an idle server took 44 % of a
 * core (bench/README.md, "The reminder pass's idle minute"). The pass now writes, with the deadline it
 * read (`remind_check_due`), the instant it has to look again (`remind_check_at`: the due-soon instant,
 * at most an hour ahead, so an edited calendar or policy is seen within the hour, spread by row over the
 * last half of it); a moved deadline no longer matches and brings the row back. Bookkeeping: not a change of the task for the task stream.
 */
import { sql, type Kysely } from 'kysely';
import { MARKER, stamp } from './2026120704_task_dossier_facts.ts';

export const FACTS = ['procedure_id', 'dossier_status'];
export const CHECK = ['remind_check_due', 'remind_check_at'];

export async function up(db: Kysely<any>): Promise<void> {
  // Metadata-only additions (no default): no table rewrite at 1M dossiers.
  await sql`alter table tasks add column remind_check_due timestamptz, add column remind_check_at timestamptz`.execute(db);
  await sql`alter table dossiers add column remind_check_due timestamptz, add column remind_check_at timestamptz`.execute(db);
  await stamp([...MARKER, ...FACTS, ...CHECK]).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await stamp([...MARKER, ...FACTS]).execute(db);
  await sql`alter table tasks drop column remind_check_due, drop column remind_check_at`.execute(db);
  await sql`alter table dossiers drop column remind_check_due, drop column remind_check_at`.execute(db);
}
