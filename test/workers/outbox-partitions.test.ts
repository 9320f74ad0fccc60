/**
 * A consumer that names partitions (the engine bridge: one per dossier) handles a batch's partitions
 * at once and each partition's events in order: a burst of receptions does not wait dossier after
 * dossier (issue 18: 2,858 processes started in 260 s).
 */
import t from 'tap';
import { databaseTargets } from '../helpers/databases.ts';
import { ManualClock } from '../helpers/clock.ts';
import { enqueue } from '../../api/services/outbox.ts';
import { createOutboxConsumer, pendingOutbox } from '../../api/workers/outbox-consumer.ts';

for (const target of databaseTargets()) {
  t.test(`outbox partitions on ${target.name}`, async (t) => {
    const h = await target.openMigrated();
    t.teardown(() => h.close());
    const clock = new ManualClock('2026-03-02T02:00:00Z');
    for (const [d, n] of [['A', 1], ['A', 2], ['B', 1], ['A', 3], ['B', 2]] as const) await enqueue(h.db, 'p', `${d}${n}`, { dossierId: d, n }, clock.now());
    const seen: string[] = [];
    // A's first event finishes only once B's first has started: handled one after the other, this would never end.
    let bStarted!: () => void;
    const bStart = new Promise<void>((resolve) => { bStarted = resolve; });
    const consumer = createOutboxConsumer({
      db: h.db, clock, concurrency: 2, partitionOf: (e) => String(e.payload.dossierId),
      handlers: {
        p: async (e) => {
          const name = `${String(e.payload.dossierId)}${String(e.payload.n)}`;
          if (name === 'B1') bStarted();
          if (name === 'A1') await bStart;
          seen.push(name);
        },
      },
    });
    t.equal(await consumer.runOnce(), 5);
    t.same(seen.filter((s) => s.startsWith('A')), ['A1', 'A2', 'A3'], 'one dossier\'s events in order');
    t.same(seen.filter((s) => s.startsWith('B')), ['B1', 'B2']);
    t.equal(seen.indexOf('B1') < seen.indexOf('A1'), true, 'the other dossier did not wait');
    t.equal(await pendingOutbox(h.db, 'p'), 0);
  });
}
