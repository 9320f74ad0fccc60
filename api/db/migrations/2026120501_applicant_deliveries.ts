import { sql, type Kysely } from 'kysely';

/**
 * Notifications that reach the applicant (issue 14): one row per message and channel, written in the
 * transaction of the dossier event that causes it (receipt, supplement request, result ready,
 * extension) together with an outbox event; the workers send it and record each attempt here.
 * - `channel`: `email`, `sms`, or `none` (the dossier names no e-mail and no phone: status `no-channel`);
 * - `address`: where it goes, as the form gave it (read by the sender only; the API shows it masked);
 * - `status`: `queued` (waiting or retrying), `sent`, `failed` (attempts exhausted), `no-channel`;
 * - `facts`: what the message says that may change later (due dates at the time of the event).
 * `dedupe_key` makes a redelivered or repeated event queue nothing twice.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('applicant_deliveries')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('dossier_id', 'uuid', (c) => c.notNull().references('dossiers.id'))
    .addColumn('dossier_code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('receipt', 'supplement', 'result', 'extension')`))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('email', 'sms', 'none')`))
    .addColumn('address', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('queued', 'sent', 'failed', 'no-channel')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('provider_message_id', 'text')
    .addColumn('facts', 'jsonb', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('applicant_deliveries_dossier_idx').on('applicant_deliveries').columns(['dossier_id', 'id']).execute();
}
