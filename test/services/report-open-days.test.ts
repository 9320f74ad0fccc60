/**
 * The stored figures of the dossiers open at a day's end (migration 2026121501, services/report-open.ts),
 * over the generated dossiers of test/helpers/report-dossiers.ts:
 * - a day is taken once; its rows for every agency equal the live figures of each agency's subtree;
 * - a report of a period that ended that day reads them: a payment made afterwards to a dossier open at
 *   the end changes the live figures, not the report;
 * - a dossier stopped afterwards changes the counters' open dossiers: the stored day is no longer used,
 *   and the report adds up (carried over + received − resolved = in progress);
 * - the worker's call takes the last local day that has ended (UTC+7), once.
 */
import t from 'tap';
import { sql } from 'kysely';
import { CalendarService } from '../../api/services/calendars.ts';
import { agencySubtree } from '../../api/services/agencies.ts';
import { measuresOfPeriod } from '../../api/services/decision766-measures.ts';
import { counterSums, rollupReportCounters } from '../../api/services/report-counters.ts';
import { periodOf, reportIi06a } from '../../api/services/report-ii06a.ts';
import { endOfDay, openAtEndOf, openTallies, takeLastEndedDay, takeOpenDay } from '../../api/services/report-open.ts';
import { fillVerdicts } from '../../api/services/report-verdicts.ts';
import { createReportVerdicts } from '../../api/workers/report-verdicts.ts';
import { databaseTargets } from '../helpers/databases.ts';
import { seed } from '../helpers/report-dossiers.ts';

const AGENCIES = ['t-prov', 't-a', 't-b', 't-a1'];
const PERIODS = [['2026-02-01', '2026-02-28'], ['2026-03-01', '2026-03-31'], ['2026-01-10', '2026-05-20']] as const;
const LATER = new Date('2026-06-30T10:00:00Z');

for (const target of databaseTargets()) {
  t.test(`stored open days on ${target.name}`, async (t) => {
    const handle = await target.openMigrated();
    t.teardown(() => handle.close());
    const db = handle.db;
    const calendars = new CalendarService(db);
    await seed(db, 220);
    await rollupReportCounters(db);
    await fillVerdicts(db, calendars, 1000);

    for (const [, to] of PERIODS) t.ok((await takeOpenDay(db, calendars, to))! > 0, `${to} taken`);
    t.equal(await takeOpenDay(db, calendars, '2026-03-31'), null, 'a day is taken once');

    const byProcedure = async (agencyId: string, end: Date) => {
      const live = await openTallies(db, calendars, { end, asOf: end, agencyId });
      return new Map([...live].map(([k, v]) => [k.slice(k.indexOf('|') + 1), v]));
    };
    for (const agencyId of AGENCIES) {
      for (const [from, to] of PERIODS) {
        const { end } = periodOf(from, to, 'vi');
        const sums = await counterSums(db, agencyId, from, to);
        const got = await openAtEndOf(db, calendars, { agencyId, to, end, asOf: end, sums });
        t.ok(got.stored, `${agencyId} ${to}: the stored day is read`);
        t.same(got.tallies, await byProcedure(agencyId, end), `${agencyId} ${to}: stored = live at the end`);
        // Before the day has ended (the moment inside the period), always live.
        const early = await openAtEndOf(db, calendars, { agencyId, to, end, asOf: new Date(end.getTime() - 3_600_000), sums });
        t.notOk(early.stored, `${agencyId} ${to}: live when judged before the end`);
      }
    }

    // A payment made after the end to a dossier open at it: the live figures move, the stored ones do not.
    const { start, end } = periodOf('2026-03-01', '2026-03-31', 'vi');
    const scope = await agencySubtree(db, 't-prov');
    const args = { agencyId: 't-prov', scope, from: '2026-03-01', to: '2026-03-31', start, end, asOf: end };
    const before = await measuresOfPeriod(db, calendars, args);
    const [unpaid] = (await sql<{ id: string }>`select id from dossiers where received_at < ${end} and (finished_at is null or finished_at >= ${end})
      and status not in ('refused', 'stopped') and procedure_id <> 'feedback-petition'
      and coalesce(jsonb_array_length(state->'payments'), 0) = 0 order by code limit 1`.execute(db)).rows;
    t.ok(unpaid, 'a dossier open at the end without payment');
    const livePaying = async () => [...(await byProcedure('t-prov', end)).values()].reduce((n, x) => n + x.paying, 0);
    const paying0 = await livePaying();
    await sql`update dossiers set state = jsonb_set(state, '{payments}', '[{"method":"online","amount":1}]') where id = ${unpaid!.id}`.execute(db);
    t.equal(await livePaying(), paying0 + 1, 'the live figures count the later payment');
    t.same(await measuresOfPeriod(db, calendars, args), before, 'the report of the ended period does not');

    // A dossier open at the end stopped afterwards: the counters no longer count it, nor does the report.
    await sql`update dossiers set status = 'stopped' where id = ${unpaid!.id}`.execute(db);
    await rollupReportCounters(db);
    const sums = await counterSums(db, 't-prov', '2026-03-01', '2026-03-31');
    const after = await openAtEndOf(db, calendars, { agencyId: 't-prov', to: '2026-03-31', end, asOf: end, sums });
    t.notOk(after.stored, 'the stored day no longer matches the counters: read live');
    t.same(after.tallies, await byProcedure('t-prov', end), 'the live figures');
    const report = await reportIi06a(db, calendars, { agency: { id: 't-prov', name: 't-prov' }, from: '2026-03-01', to: '2026-03-31', start, end, now: LATER });
    t.equal(report.total.received.total - report.total.resolved.total, report.total.inProgress.total, 'II.06a adds up');
    t.ok(report.total.inProgress.overdue <= report.total.inProgress.total && report.total.inProgress.withinDue >= 0, 'overdue within the open dossiers');
    const stopped = await measuresOfPeriod(db, calendars, args);
    t.equal(stopped['progress.onTime']!.denominator, before['progress.onTime']!.denominator - 1, 'the stopped dossier left the 766 measures');
    t.equal(stopped['payment.online']!.denominator, before['payment.online']!.denominator, 'its later payment was never counted');

    // The worker's call: the last local day that has ended, once.
    t.ok((await takeLastEndedDay(db, calendars, new Date('2026-06-30T16:59:59Z')))! > 0, '23:59:59 on 30 June (UTC+7): 29 June taken');
    t.equal(await takeLastEndedDay(db, calendars, new Date('2026-06-30T10:00:00Z')), null, '29 June is not taken twice');
    t.ok((await takeLastEndedDay(db, calendars, new Date('2026-06-30T17:00:00Z')))! > 0, 'midnight: 30 June taken');
    const days = (await sql<{ day: string }>`select day::text as day from report_open_days_taken order by day`.execute(db)).rows.map((r) => r.day);
    t.same(days, ['2026-02-28', '2026-03-31', '2026-05-20', '2026-06-29', '2026-06-30'], 'the days taken');
    // The report-verdicts worker takes it on its run.
    const logged: string[] = [];
    const log = { info: (_: unknown, msg: string) => logged.push(msg), error: (_: unknown, msg: string) => logged.push(msg) } as unknown as Parameters<typeof createReportVerdicts>[0]['log'];
    const worker = createReportVerdicts({ db, calendars, log, clock: { now: () => new Date('2026-07-01T17:30:00Z') }, intervalMs: 60_000 });
    await worker.runOnce();
    await worker.runOnce();
    t.same((await sql<{ day: string }>`select day::text as day from report_open_days_taken where day > '2026-06-30'`.execute(db)).rows.map((r) => r.day), ['2026-07-01'], 'the worker took 1 July');
    t.equal(logged.filter((m) => m.startsWith('open dossiers')).length, 1, 'once');
    t.equal(endOfDay('2026-06-30').toISOString(), '2026-06-30T17:00:00.000Z', 'a local day ends at midnight UTC+7');
  });
}
