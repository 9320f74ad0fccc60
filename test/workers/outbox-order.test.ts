/**
 * The ordered outbox (`orderKey`): one dossier's events are handled strictly in order and never two
 * at once, however many consumers run — two consumers in one process on PGlite, two connection pools
 * (as two server processes) on one PostgreSQL database. A "not yet" holds back the dossier's later
 * events until it succeeds; other dossiers go on meanwhile.
 */
import t from 'tap';
import type { Kysely } from 'kysely';
import type { Database } from '../../api/db/database.ts';
import { connectDatabase } from '../../api/db/connect.ts';
import { databaseTargets } from '../helpers/databases.ts';
import { ManualClock } from '../helpers/clock.ts';
import { enqueue } from '../../api/services/outbox.ts';
import { createOutboxConsumer, pendingOutbox, type OutboxEvent } from '../../api/workers/outbox-consumer.ts';
import { NotYet } from '../../api/workers/outbox-retry.ts';

const DOSSIERS = 8;
const EVENTS = 5;

for (const target of databaseTargets()) {
  t.test(`ordered outbox with two consumers on ${target.name}`, async (t) => {
    const h = await target.openMigrated();
    t.teardown(() => h.close());
    // On PostgreSQL the second consumer has its own pool, as a second server process would.
    let other: Kysely<Database> = h.db;
    if (target.name === 'postgres') {
      const second = await connectDatabase({ databaseUrl: (h as unknown as { url: string }).url, dataDir: 'memory://', poolSize: 4 });
      t.teardown(() => second.close());
      other = second.db;
    }
    const clock = new ManualClock('2026-03-02T02:00:00Z');
    // Interleaved: d0#1, d1#1, ..., d7#1, d0#2, ...; an event without a dossier is not ordered.
    for (let n = 1; n <= EVENTS; n++) for (let d = 0; d < DOSSIERS; d++) await enqueue(h.db, 'step', null, { dossierId: `d${d}`, n }, clock.now());
    await enqueue(h.db, 'step', null, { n: 0 }, clock.now());

    const order = new Map<string, number[]>();
    const active = new Set<string>();
    const overlaps: string[] = [];
    const handledBy = { a: 0, b: 0 };
    let refusedOnce = false;
    const handler = (name: 'a' | 'b') => async (e: OutboxEvent) => {
      const d = String(e.payload.dossierId ?? '-');
      if (active.has(d)) overlaps.push(`${d}#${String(e.payload.n)}`);
      active.add(d);
      try {
        await new Promise((r) => setTimeout(r, 1 + Math.floor(Math.random() * 4)));
        // d3's second event is "not yet" at its first attempt: d3's later events must wait for it.
        if (d === 'd3' && e.payload.n === 2 && !refusedOnce) {
          refusedOnce = true;
          throw new NotYet('no open task yet');
        }
        order.set(d, [...(order.get(d) ?? []), e.payload.n as number]);
        handledBy[name]++;
      } finally {
        active.delete(d);
      }
    };
    const options = { clock, orderKey: 'dossierId', batchSize: 6, concurrency: 3, backoffMs: 1000, partitionOf: (e: OutboxEvent) => String(e.payload.dossierId ?? '') };
    const a = createOutboxConsumer({ ...options, db: h.db, handlers: { step: handler('a') } });
    const b = createOutboxConsumer({ ...options, db: other, handlers: { step: handler('b') } });

    let rounds = 0;
    let d3HeldBack = false;
    while ((await pendingOutbox(h.db, 'step')) > 0 && rounds < 200) {
      await Promise.all([a.runOnce(), b.runOnce()]);
      if (refusedOnce && (order.get('d3') ?? []).length === 1 && (order.get('d0') ?? []).length > 2) d3HeldBack = true;
      rounds++;
      if (rounds % 4 === 0) clock.advance(1000);
    }
    t.equal(await pendingOutbox(h.db, 'step'), 0, `all handled (${rounds} rounds)`);
    t.same(overlaps, [], 'never two events of one dossier at once');
    for (let d = 0; d < DOSSIERS; d++) t.same(order.get(`d${d}`), [1, 2, 3, 4, 5], `d${d}: in order, each once`);
    t.same(order.get('-'), [0], 'the event without a dossier handled once');
    t.ok(d3HeldBack, 'while d3 waited for its retry, other dossiers went on and d3 did not');
    t.ok(handledBy.a > 0 && handledBy.b > 0, `both consumers worked (${handledBy.a} + ${handledBy.b})`);
    const retried = await h.db.selectFrom('outbox').select(['attempts', 'last_error', 'processed_at']).where('topic', '=', 'step').where('attempts', '>', 1).execute();
    t.match(retried, [{ attempts: 2, last_error: null, processed_at: Date }], 'the "not yet" was retried, not counted a success');
  });
}

for (const target of databaseTargets()) {
  t.test(`"not yet" ends dead and audited; an outage never does (${target.name})`, async (t) => {
    const h = await target.openMigrated();
    t.teardown(() => h.close());
    const clock = new ManualClock('2026-03-02T02:00:00Z');
    await enqueue(h.db, 'never', null, { dossierId: 'x' }, clock.now());
    await enqueue(h.db, 'down', null, { dossierId: 'y' }, clock.now());
    const lines: string[] = [];
    const log = { warn: (_o: object, m: string) => void lines.push(`warn ${m}`), error: (_o: object, m: string) => void lines.push(`error ${m}`) };
    const consumer = createOutboxConsumer({
      db: h.db, clock, orderKey: 'dossierId', maxAttempts: 3, backoffMs: 1000, maxBackoffMs: 4000, log,
      isTransient: (err) => err instanceof Error && err.message === 'engine unreachable',
      handlers: { never: async () => { throw new NotYet('no open task yet'); }, down: async () => { throw new Error('engine unreachable'); } },
    });
    for (let i = 0; i < 10; i++) {
      await consumer.runOnce();
      clock.advance(4000);
    }
    const rows = await h.db.selectFrom('outbox').select(['topic', 'attempts', 'dead_at', 'last_error']).orderBy('id').execute();
    t.match(rows, [{ topic: 'never', attempts: 3, dead_at: Date, last_error: 'no open task yet' }, { topic: 'down', attempts: 10, dead_at: null, last_error: 'engine unreachable' }]);
    t.ok(lines.includes('error outbox event dead-lettered'), 'the dead letter is logged as an error');
    t.ok(lines.includes('warn outbox event not deliverable yet; will retry'));
    const audit = await h.db.selectFrom('audit_log').select(['action', 'target_type', 'after']).where('action', 'like', 'outbox.%').execute();
    t.match(audit, [{ action: 'outbox.dead', target_type: 'outbox', after: { topic: 'never', attempts: 3, error: 'no open task yet' } }], 'one audit row, for the dead event');
  });
}
