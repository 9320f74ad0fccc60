import t from 'tap';
import { databaseTargets } from '../helpers/databases.ts';
import { ManualClock } from '../helpers/clock.ts';
import { enqueue } from '../../api/services/outbox.ts';
import { backoffDelay, createOutboxConsumer, pendingOutbox } from '../../api/workers/outbox-consumer.ts';
import { handledMark } from '../../api/workers/outbox-outcome.ts';
import { marked } from '../../api/workers/outbox-retry.ts';

t.test('backoff doubles up to its ceiling', async (t) => {
  t.same([1, 2, 3, 4, 10].map((a) => backoffDelay(a, 1000, 5000)), [1000, 2000, 4000, 5000, 5000]);
});

for (const target of databaseTargets()) {
  t.test(`outbox consumer on ${target.name}`, async (t) => {
    const h = await target.openMigrated();
    t.teardown(() => h.close());
    const clock = new ManualClock('2026-03-02T02:00:00Z');

    t.test('handles each event once, in order, and leaves other topics alone', async (t) => {
      for (const n of [1, 2, 3]) await enqueue(h.db, 'a', `k${n}`, { n }, clock.now());
      await enqueue(h.db, 'other', null, {}, clock.now());
      const seen: number[] = [];
      const consumer = createOutboxConsumer({ db: h.db, clock, handlers: { a: async (e) => void seen.push(e.payload.n as number) } });
      t.equal(await consumer.drain(), 3);
      t.same(seen, [1, 2, 3]);
      t.equal(await consumer.drain(), 0, 'nothing twice');
      t.equal(await pendingOutbox(h.db, 'other'), 1);
    });

    t.test('a handler that marks its event in its own statement answers marked: the consumer writes no mark of its own', async (t) => {
      await enqueue(h.db, 'own', 'o1', { n: 1 }, clock.now());
      const handlerTime = new Date(clock.now().getTime() - 60_000); // told apart from the consumer's own mark
      const consumer = createOutboxConsumer({
        db: h.db, clock, handlers: {
          own: async (e) => {
            await h.db.with('handled', handledMark(e, new ManualClock(handlerTime.toISOString()))).insertInto('audit_log')
              .values({ action: 'test.own', target_type: 'outbox', target_id: e.id, actor_username: 'test' }).execute();
            return marked;
          },
        },
      });
      t.equal(await consumer.drain(), 1, 'handled');
      const row = await h.db.selectFrom('outbox').select(['processed_at', 'attempts', 'last_error']).where('topic', '=', 'own').executeTakeFirstOrThrow();
      t.same({ at: new Date(row.processed_at!).toISOString(), attempts: row.attempts, error: row.last_error },
        { at: handlerTime.toISOString(), attempts: 1, error: null }, 'marked by the handler\'s statement, not again by the consumer');
      t.equal(await h.db.selectFrom('audit_log').select('id').where('action', '=', 'test.own').execute().then((r) => r.length), 1, 'its work with it');
      t.equal(await consumer.drain(), 0, 'not handled again');
    });

    t.test('a failing handler is retried with backoff, then dead-lettered', async (t) => {
      await enqueue(h.db, 'flaky', null, {}, clock.now());
      let calls = 0;
      const consumer = createOutboxConsumer({ db: h.db, clock, maxAttempts: 3, backoffMs: 1000, handlers: { flaky: async () => { calls++; throw new Error('remote down'); } } });
      t.equal(await consumer.runOnce(), 1);
      t.equal(await consumer.runOnce(), 0, 'not before its backoff');
      clock.advance(1000);
      t.equal(await consumer.runOnce(), 1);
      clock.advance(1999);
      t.equal(await consumer.runOnce(), 0, 'the second delay is doubled');
      clock.advance(1);
      t.equal(await consumer.runOnce(), 1);
      clock.advance(3_600_000);
      t.equal(await consumer.runOnce(), 0, 'dead after 3 attempts');
      t.equal(calls, 3);
      const row = await h.db.selectFrom('outbox').selectAll().where('topic', '=', 'flaky').executeTakeFirstOrThrow();
      t.ok(row.dead_at);
      t.equal(row.last_error, 'remote down');
    });

    t.test('a claimed event comes back after its lease when its consumer died', async (t) => {
      await enqueue(h.db, 'lease', null, {}, clock.now());
      const hung = createOutboxConsumer({ db: h.db, clock, leaseMs: 30_000, handlers: { lease: () => new Promise(() => {}) } });
      void hung.runOnce();
      await new Promise((r) => setTimeout(r, 50));
      const seen: string[] = [];
      const other = createOutboxConsumer({ db: h.db, clock, handlers: { lease: async (e) => void seen.push(e.id) } });
      t.equal(await other.runOnce(), 0, 'leased to the first consumer');
      clock.advance(30_000);
      t.equal(await other.runOnce(), 1, 'taken over after the lease');
    });

    /** A handler that waits until released, and says when it started. */
    const gate = () => {
      let open!: () => void;
      let entered!: () => void;
      const started = new Promise<void>((r) => { entered = r; });
      const released = new Promise<void>((r) => { open = r; });
      return { started, open, handler: async () => { entered(); await released; } };
    };
    /** Waits (bounded) until the event's lease ends after `instant`: a renewal happened. */
    const renewedPast = async (topic: string, instant: Date) => {
      for (let i = 0; i < 500; i++) {
        const row = await h.db.selectFrom('outbox').select('available_at').where('topic', '=', topic).executeTakeFirstOrThrow();
        if (row.available_at.getTime() > instant.getTime()) return true;
        await new Promise((r) => setTimeout(r, 10));
      }
      return false;
    };

    t.test('a slow handler keeps its lease: no other consumer handles the event meanwhile', async (t) => {
      await enqueue(h.db, 'slow', null, {}, clock.now());
      const slow = gate();
      const first = createOutboxConsumer({ db: h.db, clock, leaseMs: 30_000, heartbeatMs: 10, handlers: { slow: slow.handler } });
      const handling = first.runOnce();
      await slow.started;
      clock.advance(30_000);
      t.ok(await renewedPast('slow', clock.now()), 'the lease is renewed while the handler runs');
      const seen: string[] = [];
      const other = createOutboxConsumer({ db: h.db, clock, handlers: { slow: async (e) => void seen.push(e.id) } });
      t.equal(await other.runOnce(), 0, 'not taken over past the first lease');
      slow.open();
      t.equal(await handling, 1);
      clock.advance(3_600_000);
      t.equal(await other.drain(), 0, 'handled once');
      t.same(seen, []);
      t.equal(await pendingOutbox(h.db, 'slow'), 0);
    });

    t.test('renewals stop after maxHoldMs: a hung handler loses its event', async (t) => {
      await enqueue(h.db, 'hung', null, {}, clock.now());
      const hung = gate();
      const first = createOutboxConsumer({ db: h.db, clock, leaseMs: 30_000, heartbeatMs: 5, maxHoldMs: 40, handlers: { hung: hung.handler } });
      const handling = first.runOnce();
      await hung.started;
      await new Promise((r) => setTimeout(r, 120));
      // Renewals have stopped (40 ms): every lease given so far ends within two leases from now.
      clock.advance(60_000);
      const other = createOutboxConsumer({ db: h.db, clock, handlers: { hung: async () => undefined } });
      t.equal(await other.runOnce(), 1, 'taken over once the last renewed lease ends');
      hung.open();
      await handling;
    });
  });
}

const pgUrl = process.env.TEST_DATABASE_URL;
if (pgUrl) {
  t.test('two consumers on one PostgreSQL share the events without handling one twice', async (t) => {
    const { freshPostgres } = await import('../helpers/databases.ts');
    const { migrateAll } = await import('../../api/db/migrate-all.ts');
    const h = await freshPostgres(pgUrl);
    t.teardown(() => h.close());
    await migrateAll(h.db);
    const clock = new ManualClock();
    for (let i = 0; i < 200; i++) await enqueue(h.db, 'shared', null, { i }, clock.now());
    const seen = new Map<number, number>();
    const handler = async (e: { payload: Record<string, unknown> }) => {
      await new Promise((r) => setTimeout(r, 1));
      seen.set(e.payload.i as number, (seen.get(e.payload.i as number) ?? 0) + 1);
    };
    const a = createOutboxConsumer({ db: h.db, clock, batchSize: 5, handlers: { shared: handler } });
    const b = createOutboxConsumer({ db: h.db, clock, batchSize: 5, handlers: { shared: handler } });
    const [na, nb] = await Promise.all([a.drain(1000), b.drain(1000)]);
    t.equal(na + nb, 200);
    t.ok(na > 0 && nb > 0, `both consumers worked (${na} + ${nb})`);
    t.equal(seen.size, 200);
    t.ok([...seen.values()].every((n) => n === 1), 'each event once');
  });
}
