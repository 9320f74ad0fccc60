/**
 * Bounding PIN guesses on the public lookup: wrong PINs are counted per dossier code and per client
 * address over a one-hour window; a key that reaches its limit is locked for an hour, during which
 * every PIN tried on it (right or wrong) is answered 429, so a guesser learns nothing. Stored in the
 * failed-login table (`login_throttle`, keys `pin-code:` and `pin-ip:`) so it holds across processes.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type { ThrottleKey } from './login-throttle.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Wrong PINs per dossier code per hour. */
export const PIN_FAILURES_PER_CODE = 10;
/** Wrong PINs per client address per hour (any codes): a whole office may share one address. */
export const PIN_FAILURES_PER_ADDRESS = 30;
/** The counting window, and how long a key stays locked. */
export const PIN_WINDOW_SECONDS = 3600;

export const pinThrottleKeys = (code: string, ip: string): ThrottleKey[] => [
  { key: `pin-code:${code}`, limit: PIN_FAILURES_PER_CODE },
  { key: `pin-ip:${ip}`, limit: PIN_FAILURES_PER_ADDRESS },
];

/** When the last lock of the keys ends, if one of them is locked at `now`; else null. */
export async function pinLockedUntil(db: Db, keys: ThrottleKey[], now: Date): Promise<Date | null> {
  const rows = await db.selectFrom('login_throttle').select('locked_until').where('key', 'in', keys.map((k) => k.key)).where('locked_until', '>', now).execute();
  const ends = rows.map((r) => r.locked_until!.getTime());
  return ends.length ? new Date(Math.max(...ends)) : null;
}

/**
 * Counts one wrong PIN on each key. A count whose last failure is older than the window, or whose
 * lock has ended, starts again at one.
 */
export async function recordPinFailure(db: Db, keys: ThrottleKey[], now: Date): Promise<void> {
  const windowStart = new Date(now.getTime() - PIN_WINDOW_SECONDS * 1000);
  const lockUntil = new Date(now.getTime() + PIN_WINDOW_SECONDS * 1000);
  for (const { key, limit } of keys) {
    const fresh = sql<boolean>`(login_throttle.updated_at < ${windowStart} or (login_throttle.locked_until is not null and login_throttle.locked_until <= ${now}))`;
    await db
      .insertInto('login_throttle')
      .values({ key, failures: 1, locked_until: limit <= 1 ? lockUntil : null, updated_at: now })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          failures: sql`case when ${fresh} then 1 else login_throttle.failures + 1 end`,
          locked_until: sql`case
            when ${fresh} then ${limit <= 1 ? lockUntil : null}::timestamptz
            when login_throttle.failures + 1 >= ${limit} then ${lockUntil}::timestamptz
            else login_throttle.locked_until end`,
          updated_at: now,
        }),
      )
      .execute();
  }
}
