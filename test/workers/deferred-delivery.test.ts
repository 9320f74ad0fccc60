/**
 * Deferred notifications (held until a working instant) delivered by the SLA sweep: a backlog larger
 * than one read (a Monday morning after a weekend of reminders) goes out in one run, earliest due first;
 * what is not yet due stays held; outside working time nothing is delivered, the time is moved on.
 */
import t from 'tap';
import { recordNotification } from '../../api/services/notifications.ts';
import { databaseTargets } from '../helpers/databases.ts';
import { buildWorkersApp, userId } from './helpers.ts';

const BACKLOG = 450; // more than two reads of the sweep (200 each)

for (const target of databaseTargets()) {
  t.test(`deferred notifications: a backlog in one run, in order, on ${target.name}`, async (t) => {
    const w = await buildWorkersApp(target);
    t.teardown(() => w.close());
    const db = w.handle.db;
    const specialist = await userId(w, 'specialist');
    // Sat 7 Mar 2026 10:00 (+07:00): reminders held until Mon 9 Mar, at instants from 07:30 on.
    const saturday = new Date('2026-03-07T03:00:00Z');
    const monday = Date.parse('2026-03-09T00:30:00Z');
    for (let i = 0; i < BACKLOG; i++) {
      // Stored in reverse order of their delivery time: delivery follows `deliver_at`, not the row id.
      const deliverAt = new Date(monday + (BACKLOG - i) * 1000);
      await recordNotification(db, {
        userId: specialist, kind: 'step-overdue', dossierCode: `X-${i}`, agencyId: 'xa-demo-ubnd', dedupeKey: `deferred-test-${i}`,
        title: { vi: 'Quá hạn', en: 'Overdue' }, body: { vi: 'Bước quá hạn', en: 'Step overdue' }, deliverAt,
      }, saturday, false);
    }
    await recordNotification(db, {
      userId: specialist, kind: 'step-overdue', dossierCode: 'LATER', agencyId: 'xa-demo-ubnd', dedupeKey: 'deferred-test-later',
      title: { vi: 'Quá hạn', en: 'Overdue' }, body: { vi: 'Bước quá hạn', en: 'Step overdue' }, deliverAt: new Date('2026-03-10T02:00:00Z'),
    }, saturday, false);
    const pending = () => db.selectFrom('notifications').select(['dossier_code', 'deliver_at', 'delivered_at']).where('dedupe_key', 'like', 'deferred-test-%').execute();
    t.equal((await pending()).filter((n) => n.delivered_at).length, 0, 'nothing delivered on Saturday');

    // Sun 8 Mar 20:00: outside working time, past none of them; a run delivers nothing.
    w.clock.set('2026-03-08T20:00:00+07:00');
    t.equal((await w.app.workers.sweep!.runOnce()).delivered, 0, 'Sunday evening: nothing');

    // Mon 9 Mar 09:00 (+07:00): every held one of the backlog is due; one run delivers them all.
    w.clock.set('2026-03-09T09:00:00+07:00');
    const published: string[] = [];
    const unsubscribe = w.app.workers.bus.subscribe(specialist, (row) => published.push(row.dossier_code!));
    const run = await w.app.workers.sweep!.runOnce();
    unsubscribe();
    t.equal(run.delivered, BACKLOG, `one run delivers the whole backlog (${BACKLOG}, more than one read)`);
    const rows = await pending();
    t.equal(rows.filter((n) => n.delivered_at).length, BACKLOG, 'all stamped delivered');
    t.notOk(rows.find((n) => n.dossier_code === 'LATER')!.delivered_at, 'the one held until Tuesday is still held');
    t.same(published, Array.from({ length: BACKLOG }, (_, i) => `X-${BACKLOG - 1 - i}`), 'announced earliest due first (the reverse of their ids)');

    // Tue 10 Mar 03:00 local: the last one is due but the office is closed: moved on to the opening, not delivered.
    w.clock.set('2026-03-10T03:00:00+07:00');
    await db.updateTable('notifications').set({ deliver_at: new Date('2026-03-09T19:00:00Z') }).where('dedupe_key', '=', 'deferred-test-later').execute();
    t.equal((await w.app.workers.sweep!.runOnce()).delivered, 0, 'at night: not delivered');
    const later = await db.selectFrom('notifications').select(['deliver_at', 'delivered_at']).where('dedupe_key', '=', 'deferred-test-later').executeTakeFirstOrThrow();
    t.equal(later.delivered_at, null);
    t.ok(later.deliver_at > new Date('2026-03-09T20:00:00Z'), 'held until a working instant');
  });
}
