/** Retention (api/workers/retention.ts): handled outbox events are deleted by age, a range of this index. */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index outbox_processed_idx on outbox (processed_at) where processed_at is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists outbox_processed_idx`.execute(db);
}
