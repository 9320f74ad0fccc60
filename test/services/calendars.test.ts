/**
 * The calendar service builds an agency's calendar once for callers asking at the same time (a page of 50
 * dossiers of one commune asked for it 50 times at once, each building its own), and a build that read
 * before an invalidation is not kept.
 */
import t from 'tap';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { CalendarService } from '../../api/services/calendars.ts';
import { databaseTargets } from '../helpers/databases.ts';

/** Counts the statements run through the handle it is plugged into. */
class Counter implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.count += 1;
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

for (const target of databaseTargets()) {
  t.test(`calendars asked for at once are built once, on ${target.name}`, async (t) => {
    const handle = await target.openMigrated();
    t.teardown(() => handle.close());
    // Agencies without office hours of their own (none stored): each build still reads the year tables and the agency.
    const counter = new Counter();
    const db = handle.db.withPlugin(counter);
    const calendars = new CalendarService(db);

    const first = await Promise.all(Array.from({ length: 50 }, (_, i) => calendars.forAgency(i % 2 ? 'xa-b' : 'xa-a')));
    t.equal(counter.count, 4, 'fifty callers at once: one build per agency (two statements each)');
    t.equal(new Set(first).size, 2, 'they share the two calendars');
    await calendars.forAgency('xa-a');
    t.equal(counter.count, 4, 'cached after');

    // An invalidation while a build is under way: that build answers its callers but is not kept.
    calendars.invalidate();
    const under = calendars.forAgency('xa-a');
    calendars.invalidate();
    await under;
    const before = counter.count;
    await calendars.forAgency('xa-a');
    t.equal(counter.count, before + 2, 'built again after the invalidation, not served from the build that read before it');
    await calendars.forAgency('xa-a');
    t.equal(counter.count, before + 2, 'and kept');

    // A caller inside a transaction reads through it, never waiting behind a build of the service's own handle.
    calendars.invalidate();
    const inTx = await handle.db.transaction().execute(async (tx) => calendars.forAgency('xa-b', tx));
    t.ok(inTx, 'built through the transaction');
    const afterTx = counter.count;
    await calendars.forAgency('xa-b');
    t.equal(counter.count, afterTx, "the transaction's build is kept for the others");
  });
}
