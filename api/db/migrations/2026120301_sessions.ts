import { sql, type Kysely } from 'kysely';

/**
 * Sessions: one row per login, the family of its rotating refresh tokens. Access tokens carry its id
 * (`sid`) and are refused once it is revoked (logout, refresh-token reuse, password reset, disabling).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sessions')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .execute();
  // Revoking every live session of a user (password reset, disabling).
  await sql`create index sessions_user_live_idx on sessions (user_id) where revoked_at is null`.execute(db);
  // The families that exist already: revoked when any of their tokens is (revocation covers the whole family).
  await sql`
    insert into sessions (id, user_id, created_at, revoked_at)
    select family_id, min(user_id::text)::uuid, min(created_at), max(revoked_at) from refresh_tokens group by family_id`.execute(db);
  await sql`alter table refresh_tokens add constraint refresh_tokens_session_fk foreign key (family_id) references sessions (id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table refresh_tokens drop constraint refresh_tokens_session_fk`.execute(db);
  await db.schema.dropTable('sessions').execute();
}
