/**
 * Failed-login throttling, per username and per client address: after `maxFailures` failures the
 * key is locked for `lockSeconds`. Stored in the database so it holds across processes.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';

export interface ThrottlePolicy {
  maxFailures: number;
  lockSeconds: number;
}

export const throttleKeys = (username: string, ip: string) => [`user:${username.toLowerCase()}`, `ip:${ip}`];

/** True when any of the keys is locked at `now`. */
export async function isThrottled(db: Kysely<Database>, keys: string[], now: Date): Promise<boolean> {
  const row = await db.selectFrom('login_throttle').select('key').where('key', 'in', keys).where('locked_until', '>', now).executeTakeFirst();
  return row !== undefined;
}

/** Records one failure for each key; locks a key that reaches the limit. */
export async function recordFailure(db: Kysely<Database>, keys: string[], now: Date, policy: ThrottlePolicy): Promise<void> {
  const lockUntil = new Date(now.getTime() + policy.lockSeconds * 1000);
  for (const key of keys) {
    await db
      .insertInto('login_throttle')
      .values({ key, failures: 1, locked_until: policy.maxFailures <= 1 ? lockUntil : null, updated_at: now })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          // A lock that has expired starts the count again.
          failures: sql`case when login_throttle.locked_until is not null and login_throttle.locked_until <= ${now} then 1 else login_throttle.failures + 1 end`,
          locked_until: sql`case
            when login_throttle.locked_until is not null and login_throttle.locked_until <= ${now} then ${policy.maxFailures <= 1 ? lockUntil : null}::timestamptz
            when login_throttle.failures + 1 >= ${policy.maxFailures} then ${lockUntil}::timestamptz
            else login_throttle.locked_until end`,
          updated_at: now,
        }),
      )
      .execute();
  }
}

/** Clears the failures of a username after a successful login. */
export async function clearFailures(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}
