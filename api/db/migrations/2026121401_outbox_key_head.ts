/**
 * The ordered outbox's "older pending event of the same dossier" test by its index (issue 18).
 * `outbox_pending_dossier_idx` (migration 2026120702) had the same predicate as `outbox_pending_id_idx`
 * (`processed_at is null and dead_at is null`), and both are nearly empty whenever statistics are taken
 * (a vacuum finds few pending events): the planner took the id index, the smaller, and read every
 * pending event for each candidate. A backlog of 800 pending events made one lease query 40 ms, and it
 * grew with the square of the backlog, slowest exactly when the engine bridge was behind (bench/README.md,
 * "The lease query of the ordered outbox"). The index is now defined by `coalesce(processed_at, dead_at)
 * is null` (the same rows), which the lease query's test states and the id index's predicate does not
 * prove: the test can only be answered by this index, one probe per candidate (5.5 ms, the 800 events).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index outbox_pending_key_idx on outbox ((payload->>'dossierId'), id) where coalesce(processed_at, dead_at) is null`.execute(db);
  await sql`drop index if exists outbox_pending_dossier_idx`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index if not exists outbox_pending_dossier_idx on outbox ((payload->>'dossierId'), id) where processed_at is null and dead_at is null`.execute(db);
  await sql`drop index if exists outbox_pending_key_idx`.execute(db);
}
