import { sql, type Kysely } from 'kysely';

/**
 * Workers: handoffs to other agencies (liên thông) with their webhook settings on `agencies`,
 * and the notifications (in-app alerts, deferred escalations, e-mail state).
 */
export async function up(db: Kysely<any>): Promise<void> {
  // An agency with a webhook URL is external: handoffs reach it by a signed HTTP POST.
  await db.schema.alterTable('agencies').addColumn('webhook_url', 'text').execute();
  // The HMAC-SHA256 secret must be usable to sign, so it is stored as is; never logged or returned.
  await db.schema.alterTable('agencies').addColumn('webhook_secret', 'text').execute();
  // SHA-256 (hex) of the agency's API key, for callbacks that use X-Api-Key instead of a signature.
  await db.schema.alterTable('agencies').addColumn('api_key_hash', 'text').execute();

  await db.schema
    .createTable('handoffs')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('dossier_id', 'uuid', (c) => c.notNull().references('dossiers.id'))
    .addColumn('dossier_code', 'text', (c) => c.notNull())
    .addColumn('process_instance_key', 'text', (c) => c.notNull())
    // One handoff per job element instance: a retried job finds its handoff again.
    .addColumn('element_instance_key', 'text', (c) => c.notNull().unique())
    .addColumn('target_role', 'text', (c) => c.notNull())
    .addColumn('source_agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('target_agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz', (c) => c.notNull())
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('delivered_at', 'timestamptz')
    .addColumn('answered_at', 'timestamptz')
    .addColumn('failed_at', 'timestamptz')
    .addColumn('outcome', 'text')
    .addColumn('result', 'jsonb')
    .addColumn('result_hash', 'text')
    .addColumn('answered_by', 'text')
    .execute();
  await db.schema.createIndex('handoffs_dossier_idx').on('handoffs').column('dossier_id').execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('dossier_code', 'text')
    .addColumn('task_key', 'text')
    .addColumn('agency_id', 'text')
    .addColumn('title_vi', 'text', (c) => c.notNull())
    .addColumn('title_en', 'text', (c) => c.notNull())
    .addColumn('body_vi', 'text', (c) => c.notNull())
    .addColumn('body_en', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('deliver_at', 'timestamptz', (c) => c.notNull())
    .addColumn('delivered_at', 'timestamptz')
    .addColumn('read_at', 'timestamptz')
    .addColumn('emailed_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('notifications_user_idx').on('notifications').columns(['user_id', 'id']).execute();
  await sql`create index notifications_pending_idx on notifications (deliver_at) where delivered_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notifications').execute();
  await db.schema.dropTable('handoffs').execute();
  for (const column of ['api_key_hash', 'webhook_secret', 'webhook_url']) await db.schema.alterTable('agencies').dropColumn(column).execute();
}
