/**
 * The transactional outbox: events written in the same transaction as the state change they
 * describe, consumed later (engine, notifications, webhooks) with retries.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import { isUnconsumed } from './outbox-topics.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Appends one event to the outbox; an event no consumer handles is written processed (`outbox-topics.ts`). */
export async function enqueue(db: Db, topic: string, key: string | null, payload: Record<string, unknown>, now: Date): Promise<void> {
  await enqueueMany(db, [{ topic, key, payload }], now);
}

/** Appends several events in one statement (as `enqueue` each). */
export async function enqueueMany(db: Db, events: Array<{ topic: string; key: string | null; payload: Record<string, unknown> }>, now: Date): Promise<void> {
  if (events.length === 0) return;
  await db.insertInto('outbox').values(outboxRows(events, now)).execute();
}

/** The outbox rows of events written at `now` (for a statement that writes them with other rows). */
export function outboxRows(events: Array<{ topic: string; key: string | null; payload: Record<string, unknown> }>, now: Date) {
  return events.map(({ topic, key, payload }) => ({
    topic, key, payload: JSON.stringify(payload), created_at: now, available_at: now, ...(isUnconsumed(topic) ? { processed_at: now } : {}),
  }));
}
