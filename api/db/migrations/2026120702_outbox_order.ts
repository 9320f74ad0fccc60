/**
 * The ordered outbox (api/workers/outbox-claim.ts, issue 17):
 * - `outbox_pending_dossier_idx`: pending events by dossier and id, so the lease query finds
 *   whether a dossier has an older pending event (it then leases only each dossier's oldest);
 * - `outcome`: how a handled event ended when it did nothing (`skipped: dossier stopped`), so a
 *   skipped start can be told from a delivered one.
 * Both are cheap on a large outbox: the index covers pending rows only; the column is nullable.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table outbox add column outcome text`.execute(db);
  await sql`create index outbox_pending_dossier_idx on outbox ((payload->>'dossierId'), id) where processed_at is null and dead_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists outbox_pending_dossier_idx`.execute(db);
  await sql`alter table outbox drop column if exists outcome`.execute(db);
}
