/**
 * Sessions and their opaque refresh tokens. A login starts a session (`sessions`); its refresh
 * tokens — random, stored only as a SHA-256 hash, rotated on every use — form its family, and its
 * access tokens carry its id (`sid`). A token used twice means it was stolen: the whole session is
 * revoked, refresh and access tokens alike (the auth plugin checks the session on every request).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.ts';

type Db = Kysely<Database> | Transaction<Database>;

const hash = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Starts a session for a user (a login); returns its id, the family of its refresh tokens. */
export async function startSession(db: Db, userId: string, now: Date): Promise<string> {
  const id = randomUUID();
  await db.insertInto('sessions').values({ id, user_id: userId, created_at: now, revoked_at: null }).execute();
  return id;
}

/** Issues a new refresh token in a session's family. */
export async function issueRefreshToken(db: Db, userId: string, now: Date, ttlSeconds: number, familyId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('refresh_tokens')
    .values({ user_id: userId, family_id: familyId, token_hash: hash(token), expires_at: new Date(now.getTime() + ttlSeconds * 1000), used_at: null, revoked_at: null })
    .execute();
  return token;
}

export type RotateResult =
  | { ok: true; userId: string; familyId: string }
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked' | 'reused'; userId?: string; familyId?: string };

/**
 * Consumes a refresh token: marks it used and returns its user and family, or says why it can't
 * be used. Reuse of a consumed token revokes the family (the caller commits that).
 */
export async function consumeRefreshToken(db: Db, token: string, now: Date): Promise<RotateResult> {
  const row = await db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', hash(token)).forUpdate().executeTakeFirst();
  if (!row) return { ok: false, reason: 'unknown' };
  const who = { userId: row.user_id, familyId: row.family_id };
  if (row.revoked_at) return { ok: false, reason: 'revoked', ...who };
  if (row.used_at) {
    await revokeFamily(db, row.family_id, now);
    return { ok: false, reason: 'reused', ...who };
  }
  if (row.expires_at.getTime() <= now.getTime()) return { ok: false, reason: 'expired', ...who };
  await db.updateTable('refresh_tokens').set({ used_at: now }).where('id', '=', row.id).execute();
  return { ok: true, ...who };
}

/** Revokes a session and every live refresh token of its family; returns how many tokens were live. */
export async function revokeFamily(db: Db, familyId: string, now: Date): Promise<number> {
  await db.updateTable('sessions').set({ revoked_at: now }).where('id', '=', familyId).where('revoked_at', 'is', null).execute();
  const r = await db.updateTable('refresh_tokens').set({ revoked_at: now }).where('family_id', '=', familyId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Revokes every session and live refresh token of a user (password reset, account disabled). */
export async function revokeUserTokens(db: Db, userId: string, now: Date): Promise<number> {
  await db.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
  const r = await db.updateTable('refresh_tokens').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Finds the family of a token without consuming it (for logout). */
export async function familyOf(db: Db, token: string): Promise<{ familyId: string; userId: string } | undefined> {
  const row = await db.selectFrom('refresh_tokens').select(['family_id', 'user_id']).where('token_hash', '=', hash(token)).executeTakeFirst();
  return row ? { familyId: row.family_id, userId: row.user_id } : undefined;
}
