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

/** True when any of the keys is locked at `now`. */
export async function isThrottled(db: Db, keys: ThrottleKey[], now: Date): Promise<boolean> {
  const row = await db.selectFrom('login_throttle').select('key').where('key', 'in', keys.map((k) => k.key)).where('locked_until', '>', now).executeTakeFirst();
  return row !== undefined;
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
