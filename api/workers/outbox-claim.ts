/**
 * The outbox's lease query. Due events of the consumer's topics are claimed with a lease
 * (`available_at` moved to the lease's end) under `FOR UPDATE SKIP LOCKED`, so several consumers —
 * in one process or in several processes on one PostgreSQL — never claim the same event.
 *
 * With an `orderKey` (the engine bridge: `dossierId`), only the oldest pending event of each key is
 * claimable: an event whose key has an older pending event (leased by another consumer, waiting for
 * its retry, or not yet handled) waits. So one dossier's events are delivered one at a time, in order
 * of creation, however many consumers run; the next becomes claimable only once the previous one is
 * marked handled (or dead). A consumer whose snapshot still shows an older event pending skips the key;
 * one that sees it leased but not yet committed skips the locked row and, not seeing it as handled,
 * does not claim the next either. Events without the key are not ordered. The test of "no older
 * pending event" states pending as `coalesce(processed_at, dead_at) is null`, the predicate of
 * `outbox_pending_key_idx` (migration 2026121401) and not of the id index: with the key `dossierId` it
 * is one probe of that index per candidate, whatever the statistics say.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, OutboxTable } from '../db/database.ts';
import { StatementTemplate } from '../db/statement-template.ts';

export interface ClaimRequest {
  topics: readonly string[];
  /** The payload field whose events are delivered in order, one at a time (none: no order across rounds). */
  orderKey?: string;
  limit: number;
  now: Date;
  leaseUntil: Date;
}

/** The lease statement of `claimDue` (also for a plan test). */
export function claimStatement(db: Kysely<Database>, req: ClaimRequest) {
  const { topics, orderKey, now } = req;
  if (orderKey !== undefined && !/^\w+$/.test(orderKey)) throw new Error(`invalid outbox order key: ${orderKey}`);
  return db.updateTable('outbox').set({ available_at: req.leaseUntil })
    .where('id', 'in', (eb) => {
      let q = eb.selectFrom('outbox as o').select('o.id').where('o.topic', 'in', topics).where('o.processed_at', 'is', null).where('o.dead_at', 'is', null)
        .where('o.available_at', '<=', now);
      if (orderKey !== undefined) {
        const key = sql.lit(orderKey);
        q = q.where(({ not, exists, selectFrom }) => not(exists(selectFrom('outbox as e').select(sql<number>`1`.as('one'))
          .where(sql<boolean>`(e.payload->>${key}) = (o.payload->>${key})`).whereRef('e.id', '<', 'o.id')
          .where(sql<boolean>`coalesce(e.processed_at, e.dead_at) is null`).where('e.topic', 'in', topics))));
      }
      return q.orderBy('o.id').limit(req.limit).forUpdate().skipLocked();
    })
    .returningAll();
}

/** What changes from one claim to the next; the topics and the order key are the consumer's. */
export type ClaimValues = Pick<ClaimRequest, 'limit' | 'now' | 'leaseUntil'>;

/**
 * The claims of one consumer (its topics and order key): the lease statement built and compiled once
 * (`statement-template.ts`), each claim run with its limit, time and lease. Claims due events (each
 * dossier's oldest only, with an `orderKey`), ordered by id.
 */
export function claimer(topics: readonly string[], orderKey?: string): (db: Kysely<Database>, values: ClaimValues) => Promise<Selectable<OutboxTable>[]> {
  const template = new StatementTemplate<ClaimValues, Selectable<OutboxTable>>((db, s) => claimStatement(db, { topics, orderKey, limit: s.limit, now: s.now, leaseUntil: s.leaseUntil }));
  return async (db, values) => (await template.execute(db, values)).rows.sort((a, b) => Number(a.id) - Number(b.id));
}

/** Claims due events once (a plan test); a consumer keeps its `claimer`. */
export function claimDue(db: Kysely<Database>, req: ClaimRequest): Promise<Selectable<OutboxTable>[]> {
  return claimer(req.topics, req.orderKey)(db, req);
}
