/**
 * Consumes the transactional outbox: events of given topics are handed to their handler, at least
 * once, in order of creation per consumer (per partition when the consumer names partitions: then
 * a batch's partitions are handled concurrently). The lease query reads pending events by id
 * (index `outbox_pending_id_idx`), never the processed ones. Events are claimed with a lease (`FOR UPDATE SKIP
 * LOCKED`), so several processes share the work and a crashed consumer's events come back when the
 * lease ends. While a claimed batch waits or runs, its leases are renewed (up to `maxHoldMs`), so a
 * slow handler — an engine call retrying — is not handled a second time by another consumer meanwhile.
 * The handler runs outside any transaction. A failing handler is retried with
 * exponential backoff and the event is dead-lettered after `maxAttempts` (audited, logged); a
 * handler's "not yet" (`NotYet`) is such a retry, its `skipped(reason)` a handled event with its
 * reason (`outbox-retry.ts`, `outbox-outcome.ts`). With an `orderKey`, one key's events are claimed
 * one at a time, in order, by every consumer in every process (`outbox-claim.ts`); such a consumer may be
 * `pipelined`: its lanes claim the next events as soon as one is free, not once a whole batch is done. Handlers must be
 * idempotent: an event may be handled again after a crash.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Clock } from '../services/clock.ts';
import { claimer } from './outbox-claim.ts';
import { deliveredMarks, recordFailed, recordSkipped } from './outbox-outcome.ts';
import { isMarked, isSkipped, NotYet, type Marked, type Skipped } from './outbox-retry.ts';
import { preparing } from '../db/prepared-statements.ts';

/** One outbox event as a handler sees it. */
export interface OutboxEvent {
  id: string;
  topic: string;
  key: string | null;
  payload: Record<string, unknown>;
  attempts: number;
  createdAt: Date;
}

/**
 * Handles one event: resolves (delivered), resolves `marked` (delivered, its mark written by the handler's
 * last statement), resolves `skipped(reason)`, or throws (`NotYet` or a failure: retried).
 */
export type OutboxHandler = (event: OutboxEvent) => Promise<void | Skipped | Marked>;

export interface OutboxConsumerOptions {
  db: Kysely<Database>;
  clock: Clock;
  /** Handlers by topic; other topics are left for other consumers. */
  handlers: Record<string, OutboxHandler>;
  /** Attempts before an event is dead-lettered (default 8). */
  maxAttempts?: number;
  /** First retry delay in ms; doubles on each attempt (default 1000). */
  backoffMs?: number;
  /** Longest retry delay in ms (default 1 hour). */
  maxBackoffMs?: number;
  /** Events claimed per round (default 20). */
  batchSize?: number;
  /**
   * How long a claimed event is reserved for its handler before another consumer may retry it (default
   * 10 s, renewed while it runs): a crashed consumer's events come back within it (issue 17 item 5).
   */
  leaseMs?: number;
  /** How often the leases of a batch being handled are renewed, real ms (default a third of `leaseMs`). */
  heartbeatMs?: number;
  /** How long leases are renewed for one batch, real ms (default ten leases); a handler hung longer loses its events. */
  maxHoldMs?: number;
  /** Idle poll interval in ms (default 500). */
  pollMs?: number;
  /**
   * The partition of an event (default: one partition, every event in order). Events of a batch in
   * different partitions are handled concurrently (up to `concurrency`), those of one partition in
   * order of creation.
   */
  partitionOf?: (event: OutboxEvent) => string;
  /** Partitions of a batch handled at once (default 1). */
  concurrency?: number;
  /**
   * The payload field (e.g. `dossierId`) whose events are delivered one at a time, in order, across
   * every consumer of these topics in every process (`outbox-claim.ts`): only the oldest pending event
   * of each value is claimed, and a failed one holds back the later ones until it succeeds or dies.
   */
  orderKey?: string;
  /**
   * With an `orderKey`, the started consumer's lanes (`concurrency`) take claimed events one at a time
   * and claim more (at most one event per lane) as soon as one is free, instead of claiming a batch and
   * waiting for all of it: an event written while others are handled waits for a free lane, not for the
   * slowest event of a batch of `batchSize`. The order per key still comes from the claim (a key's next
   * event is claimable only once the previous one is handled). `runOnce`/`drain` are unchanged.
   */
  pipelined?: boolean;
  /** Errors that are nobody's fault (the engine unreachable): retried at most every `maxBackoffMs`, never dead-lettered. */
  isTransient?: (err: unknown) => boolean;
  log?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

export interface OutboxConsumer {
  /** The topics it handles. */
  readonly topics: readonly string[];
  /** Runs one round: claims due events and handles them; returns how many were handled. */
  runOnce(): Promise<number>;
  /** Runs rounds until no due event is left (tests). */
  drain(maxRounds?: number): Promise<number>;
  start(): void;
  stop(): Promise<void>;
  /** Ends the idle wait of a started consumer now (new events were just written). */
  wake(): void;
}

/** The delay before attempt `attempts + 1`. */
export function backoffDelay(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

export function createOutboxConsumer(options: OutboxConsumerOptions): OutboxConsumer {
  const { clock, handlers } = options;
  const db = preparing(options.db);
  const topics = Object.keys(handlers);
  const maxAttempts = options.maxAttempts ?? 8;
  const base = options.backoffMs ?? 1000;
  const maxBackoff = options.maxBackoffMs ?? 3_600_000;
  const leaseMs = options.leaseMs ?? 10_000;
  const maxHoldMs = options.maxHoldMs ?? 10 * leaseMs;
  let running = false;
  /** Set by `stop()`: events claimed but not yet begun are released (their lease ended now), not handled. */
  let stopping = false;
  let loop: Promise<void> | undefined;
  const recordDelivered = deliveredMarks(db);
  const claimDue = claimer(topics, options.orderKey);

  if (options.pipelined && options.orderKey === undefined) throw new Error('a pipelined outbox consumer needs an orderKey');

  /** Claims due events with a lease, so no other consumer takes them while they are handled. */
  async function claim(limit = options.batchSize ?? 20): Promise<OutboxEvent[]> {
    const now = clock.now();
    const leaseUntil = new Date(now.getTime() + leaseMs);
    const rows = await claimDue(db, { limit, now, leaseUntil });
    return rows.map((r) => ({ id: String(r.id), topic: r.topic, key: r.key, payload: r.payload, attempts: r.attempts, createdAt: r.created_at }));
  }

  /** Ends the leases of claimed events not begun (a stopping consumer), so another process takes them at once. */
  async function releaseNow(ids: string[]): Promise<void> {
    if (ids.length) await db.updateTable('outbox').set({ available_at: clock.now() }).where('id', 'in', ids).where('processed_at', 'is', null).execute();
  }

  /** Renews the leases of a claimed batch until each event is released; bounded by `maxHoldMs`. */
  function holdLeases(ids: string[]): { release(id: string): Promise<void>; stop(): Promise<void> } {
    const held = new Set(ids);
    let renewing: Promise<unknown> = Promise.resolve();
    const started = Date.now();
    const timer = setInterval(() => {
      if (held.size === 0 || Date.now() - started > maxHoldMs) return;
      const until = new Date(clock.now().getTime() + leaseMs);
      const renew = db.updateTable('outbox').set({ available_at: until }).where('id', 'in', [...held]).where('processed_at', 'is', null);
      renewing = renewing.then(() => renew.execute()).catch((err: unknown) => options.log?.warn({ err }, 'outbox lease not renewed'));
    }, options.heartbeatMs ?? leaseMs / 3);
    timer.unref();
    return {
      // Awaiting the renewal in flight keeps it from overwriting the outcome written next.
      async release(id) { held.delete(id); await renewing; },
      async stop() { clearInterval(timer); held.clear(); await renewing; },
    };
  }

  /** Handles one claimed event outside any transaction, then records the outcome. */
  async function handle(event: OutboxEvent, leases: { release(id: string): Promise<void> }): Promise<void> {
    const { orderKey } = options;
    try {
      let result: void | Skipped | Marked;
      try {
        result = await handlers[event.topic]!(event);
      } finally {
        await leases.release(event.id);
      }
      if (isSkipped(result)) await recordSkipped(db, event, result.skipped, clock.now());
      else if (!isMarked(result)) await recordDelivered(event, clock.now());
    } catch (err) {
      const attempts = event.attempts + 1;
      const message = err instanceof Error ? err.message : String(err);
      const transient = !(err instanceof NotYet) && options.isTransient?.(err) === true;
      const dead = !transient && attempts >= maxAttempts;
      const next = new Date(clock.now().getTime() + backoffDelay(attempts, base, maxBackoff));
      await recordFailed(db, event, { message, next, dead, now: clock.now() });
      const what = dead ? 'outbox event dead-lettered' : err instanceof NotYet ? 'outbox event not deliverable yet; will retry' : 'outbox event failed; will retry';
      options.log?.[dead ? 'error' : 'warn']({ topic: event.topic, outboxId: event.id, attempts, err: message, ...(orderKey ? { [orderKey]: event.payload[orderKey] } : {}) }, what);
    }
  }

  async function runOnce(): Promise<number> {
    if (topics.length === 0) return 0;
    const events = await claim();
    if (events.length === 0) return 0;
    const leases = holdLeases(events.map((e) => e.id));
    const released: string[] = [];
    try {
      const partitions = new Map<string, OutboxEvent[]>();
      for (const event of events) {
        const p = options.partitionOf?.(event) ?? '';
        partitions.set(p, [...(partitions.get(p) ?? []), event]);
      }
      const queue = [...partitions.values()];
      const lane = async () => {
        for (let part = queue.shift(); part; part = queue.shift()) {
          for (const event of part) {
            if (stopping) released.push(event.id);
            else await handle(event, leases);
          }
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 1, queue.length)) }, lane));
    } finally {
      await leases.stop();
      // Stopping: what was not begun goes back at once, for another process (or the next start) to take.
      await releaseNow(released);
    }
    return events.length;
  }

  const sleepers = new Set<() => void>();
  /** `wake()`s so far: a loop whose claim began before a wake claims again instead of going idle. */
  let wakes = 0;

  /** Waits for the idle poll or a `wake()`, whichever comes first. */
  function idle(): Promise<void> {
    return new Promise<void>((resolve) => {
      const t = setTimeout(done, options.pollMs ?? 500);
      function done() { clearTimeout(t); sleepers.delete(done); resolve(); }
      sleepers.add(done);
    });
  }

  /** The batch loop: claim up to `batchSize`, handle them all, again; idle when nothing was due. */
  async function batches(): Promise<void> {
    while (running) {
      const seen = wakes;
      const n = await runOnce().catch((err: unknown) => {
        options.log?.error({ err }, 'outbox round failed');
        return 0;
      });
      if (n === 0 && running && seen === wakes) await idle();
    }
  }

  /** One idle wait shared by the lanes that found nothing: they wake together and share one claim, so an idle consumer polls once per `pollMs`, not once per lane. */
  let idling: Promise<void> | undefined;
  const idleTogether = () => idling ??= idle().finally(() => { idling = undefined; });

  /** The pipelined loop (`pipelined`): each lane takes the next claimed event, claiming more when none is left. */
  async function pipeline(lanes: number): Promise<void> {
    type Batch = { leases: ReturnType<typeof holdLeases>; left: number };
    const queue: Array<{ event: OutboxEvent; batch: Batch }> = [];
    let claiming: Promise<number> | undefined;
    const refill = () => claiming ??= (async () => {
      try {
        const events = await claim(lanes);
        const batch = { leases: holdLeases(events.map((e) => e.id)), left: events.length };
        if (events.length === 0) await batch.leases.stop();
        for (const event of events) queue.push({ event, batch });
        return events.length;
      } catch (err) {
        options.log?.error({ err }, 'outbox round failed');
        return 0;
      } finally {
        claiming = undefined;
      }
    })();
    const lane = async () => {
      while (running) {
        const item = queue.shift();
        if (!item) {
          const seen = wakes;
          if ((await refill()) === 0 && running && queue.length === 0 && seen === wakes) await idleTogether();
          continue;
        }
        try {
          await handle(item.event, item.batch.leases);
          // Its outcome is committed: the key's next event is claimable now. A claim begun before (another
          // lane's, found empty) may not have seen it; counting this as a wake makes that lane claim again
          // instead of going idle with the event left pending until the next poll.
          wakes += 1;
        } catch (err) {
          options.log?.error({ err }, 'outbox event not recorded'); // its lease ends, and it is claimed again
        } finally {
          if (--item.batch.left === 0) await item.batch.leases.stop();
        }
      }
    };
    await Promise.all(Array.from({ length: lanes }, lane));
    await claiming;
    // Stopping: the claimed events not begun go back at once, for another process (or the next start) to take.
    const left = queue.splice(0);
    for (const batch of new Set(left.map((i) => i.batch))) await batch.leases.stop();
    await releaseNow(left.map((i) => i.event.id));
  }

  return {
    topics,
    runOnce,
    async drain(maxRounds = 100) {
      let total = 0;
      for (let i = 0; i < maxRounds; i++) {
        const n = await runOnce();
        total += n;
        if (n === 0) break;
      }
      return total;
    },
    start() {
      if (running) return;
      running = true;
      loop = options.pipelined ? pipeline(Math.max(1, options.concurrency ?? 1)) : batches();
    },
    async stop() {
      running = false;
      stopping = true;
      for (const wake of [...sleepers]) wake();
      try {
        await loop;
      } finally {
        stopping = false;
      }
    },
    wake() {
      wakes += 1;
      for (const wake of [...sleepers]) wake();
    },
  };
}

/** Pending (not processed, not dead) events of a topic — for readiness and tests. */
export async function pendingOutbox(db: Kysely<Database>, topic?: string): Promise<number> {
  let q = db.selectFrom('outbox').select(sql<number>`count(*)`.as('n')).where('processed_at', 'is', null).where('dead_at', 'is', null);
  if (topic) q = q.where('topic', '=', topic);
  return Number((await q.executeTakeFirstOrThrow()).n);
}
