/**
 * Stopping an outbox consumer (a server's SIGTERM): the event whose handler runs is finished and
 * recorded; the events of the same claimed batch not begun yet are released at once (their lease
 * ends now) instead of being handled by a stopping process or held until the lease runs out.
 */
import t from 'tap';
import { databaseTargets } from '../helpers/databases.ts';
import { ManualClock } from '../helpers/clock.ts';
import { enqueue } from '../../api/services/outbox.ts';
import { createOutboxConsumer } from '../../api/workers/outbox-consumer.ts';

for (const target of databaseTargets()) {
  t.test(`stopping a consumer on ${target.name}`, async (t) => {
    const h = await target.openMigrated();
    t.teardown(() => h.close());
    const clock = new ManualClock('2026-03-02T02:00:00Z');
    for (const n of [1, 2, 3, 4]) await enqueue(h.db, 'slow', `k${n}`, { n }, clock.now());
    let began!: () => void;
    const running = new Promise<void>((resolve) => { began = resolve; });
    let finish!: () => void;
    const gate = new Promise<void>((resolve) => { finish = resolve; });
    const seen: number[] = [];
    const consumer = createOutboxConsumer({
      db: h.db, clock, batchSize: 10, leaseMs: 600_000, pollMs: 10,
      handlers: { slow: async (e) => { seen.push(e.payload.n as number); began(); await gate; } },
    });
    consumer.start();
    await running;
    const stopped = consumer.stop();
    finish();
    await stopped;
    t.same(seen, [1], 'only the event begun was handled');
    const rows = await h.db.selectFrom('outbox').select(['payload', 'processed_at', 'available_at']).where('topic', '=', 'slow').orderBy('id').execute();
    t.ok(rows[0]!.processed_at, 'the event begun is recorded');
    for (const r of rows.slice(1)) {
      t.equal(r.processed_at, null, `event ${(r.payload as { n: number }).n} not handled`);
      t.ok(r.available_at.getTime() <= clock.now().getTime(), `event ${(r.payload as { n: number }).n} released, not held for its 10-minute lease`);
    }
    t.equal(await consumer.drain(), 3, 'the released events are taken again at once');
  });
}
