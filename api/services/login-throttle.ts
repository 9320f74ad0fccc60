/**
 * Failed-login throttling, per username and per client address: after its limit of failures a key
 * is locked for `lockSeconds`. The address limit is higher, since a whole office may share one
 * address. Stored in the database so it holds across processes.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/database.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface ThrottlePolicy {
  maxFailures: number;
  maxFailuresPerIp: number;
  lockSeconds: number;
}

/** One throttled key and its limit. */
export interface ThrottleKey {
  key: string;
  limit: number;
}

export const throttleKeys = (username: string, ip: string, policy: ThrottlePolicy): ThrottleKey[] => [
  { key: `user:${username.toLowerCase()}`, limit: policy.maxFailures },
  { key: `ip:${ip}`, limit: policy.maxFailuresPerIp },
];

/** When the last lock of the keys ends, if any of them is locked at `now`; else null. */
export async function lockedUntil(db: Db, keys: ThrottleKey[], now: Date): Promise<Date | null> {
  const rows = await db.selectFrom('login_throttle').select('locked_until').where('key', 'in', keys.map((k) => k.key)).where('locked_until', '>', now).execute();
  const ends = rows.map((r) => r.locked_until!.getTime());
  return ends.length ? new Date(Math.max(...ends)) : null;
}

/** Records one failure for each key; locks a key that reaches the limit. */
export async function recordFailure(db: Db, keys: ThrottleKey[], now: Date, policy: ThrottlePolicy): Promise<void> {
  const lockUntil = new Date(now.getTime() + policy.lockSeconds * 1000);
  for (const { key, limit } of keys) {
    await db
      .insertInto('login_throttle')
      .values({ key, failures: 1, locked_until: limit <= 1 ? lockUntil : null, updated_at: now })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          // A lock that has expired starts the count again.
          failures: sql`case when login_throttle.locked_until is not null and login_throttle.locked_until <= ${now} then 1 else login_throttle.failures + 1 end`,
          locked_until: sql`case
            when login_throttle.locked_until is not null and login_throttle.locked_until <= ${now} then ${limit <= 1 ? lockUntil : null}::timestamptz
            when login_throttle.failures + 1 >= ${limit} then ${lockUntil}::timestamptz
            else login_throttle.locked_until end`,
          updated_at: now,
        }),
      )
      .execute();
  }
}

/** Clears the failures of a username after a successful login. */
export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}
