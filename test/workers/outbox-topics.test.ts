/**
 * Outbox events no consumer handles do not stay pending (issue 18: 166,632 of them at 1M dossiers,
 * walked by every lease query): they are written processed. Every dossier event is either consumed
 * (by the engine bridge) or listed as unconsumed, never both, and no worker topic is listed.
 */
import t from 'tap';
import { TRANSITIONS } from '../../api/domain/dossier/transitions.ts';
import { enqueue } from '../../api/services/outbox.ts';
import { UNCONSUMED_TOPICS } from '../../api/services/outbox-topics.ts';
import { pendingOutbox } from '../../api/workers/outbox-consumer.ts';
import { buildTestApp } from '../helpers/app.ts';
import { databaseTargets } from '../helpers/databases.ts';

for (const target of databaseTargets()) {
  t.test(`outbox topics on ${target.name}`, async (t) => {
    const ctx = await buildTestApp(target, {}, { autoStart: false });
    t.teardown(() => ctx.close());
    const db = ctx.handle.db;
    const bridge = new Set(ctx.app.taskBridge.topics);
    const workers = new Set(ctx.app.workers.outbox?.topics ?? []);
    t.ok(workers.size > 0, 'the workers consume their topics');

    t.test('each dossier event is consumed or listed as unconsumed, never both', async (t) => {
      const events = [...new Set(Object.values(TRANSITIONS).map((spec) => spec.event))].sort();
      t.same(events.filter((e) => !bridge.has(e) && !UNCONSUMED_TOPICS.has(e)), [], 'none left pending forever');
      t.same(events.filter((e) => bridge.has(e) && UNCONSUMED_TOPICS.has(e)), [], 'none consumed and skipped');
      t.same([...UNCONSUMED_TOPICS].filter((e) => workers.has(e) || bridge.has(e)), []);
      t.same([...UNCONSUMED_TOPICS].filter((e) => !events.includes(e)), [], 'only dossier events are listed');
    });

    t.test('an unconsumed event is written processed; a consumed one pending', async (t) => {
      const now = ctx.clock.now();
      await enqueue(db, 'dossier.extended', 'X-1', { dossierId: 'x' }, now);
      await enqueue(db, 'dossier.processing_started', 'X-1', { dossierId: 'x' }, now);
      await enqueue(db, 'dossier.decided', 'X-1', { dossierId: 'x' }, now);
      t.equal(await pendingOutbox(db, 'dossier.extended'), 0);
      t.equal(await pendingOutbox(db, 'dossier.processing_started'), 0);
      t.equal(await pendingOutbox(db, 'dossier.decided'), 1);
      const kept = await db.selectFrom('outbox').select(['topic', 'processed_at']).where('key', '=', 'X-1').orderBy('id').execute();
      t.same(kept.map((r) => [r.topic, r.processed_at?.toISOString() ?? null]), [
        ['dossier.extended', now.toISOString()], ['dossier.processing_started', now.toISOString()], ['dossier.decided', null],
      ], 'kept as the record of what happened');
    });
  });
}
