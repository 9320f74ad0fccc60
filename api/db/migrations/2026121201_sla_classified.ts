/**
 * The basis version the SLA sweep last classified every open task on (issue 18). The sweep kept it in
 * memory only, so each start of the server ran the full classification again in its first minute (at
 * 1,000,000 dossiers 0.4–0.8 s of one statement, the slowest seconds of the task list after a start:
 * bench/README.md, "Where the CPU of a dossier goes"), although between two versions a task only moves
 * forward, which the narrow updates follow whatever the time elapsed. Null until the first full pass.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table remind_basis add column sla_classified integer`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table remind_basis drop column sla_classified`.execute(db);
}
