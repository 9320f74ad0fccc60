/**
 * The report counters (migration 2026120701) against recounts from the raw rows, over a generated set
 * of dossiers (seeded, reproducible) with every kind of fact the reports read: channels, refusals and
 * stops, supplement pauses, extensions (in time and late), several supplement requests, payments,
 * returns by mode, digitised documents, petitions, hand-offs to another agency and an agency moved in
 * the tree. After the rows are written, and again after they change:
 * - the counters equal the figures recomputed from every dossier at once;
 * - report II.06a from the counters equals the grouped query over the raw rows it replaced;
 * - the Decision 766 measures equal `measure()` over every dossier's facts, with the verdicts missing
 *   (computed by the report) and stored (by `fillVerdicts`), for several agencies, periods and moments.
 */
import t, { type Test } from 'tap';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../api/db/database.ts';
import { METRICS } from '../../api/db/migrations/2026120701_report_counters.ts';
import { agencySubtree } from '../../api/services/agencies.ts';
import { CalendarService } from '../../api/services/calendars.ts';
import { loadFacts, measure } from '../../api/services/decision766.ts';
import { measuresOfPeriod } from '../../api/services/decision766-measures.ts';
import { periodOf, reportIi06a } from '../../api/services/report-ii06a.ts';
import { fillVerdicts } from '../../api/services/report-verdicts.ts';
import { rollupReportCounters } from '../../api/services/report-counters.ts';
import { factsInChunks, factsWhere } from '../../api/services/decision766-facts.ts';
import type { Calendar } from '../../api/domain/calendar/index.ts';
import { databaseTargets } from '../helpers/databases.ts';
import { mutate, seed } from '../helpers/report-dossiers.ts';

/** The counters recomputed from every dossier at once, as sorted lines. */
async function recomputed(db: Kysely<Database>) {
  const cols = METRICS.map((m) => `sum(r.${m})::bigint as ${m}`).join(', ');
  const rows = (await sql.raw<Record<string, unknown>>(`select v.agency_id, r.procedure_id, r.day::text as day, ${cols}
    from dossier_visibility v join dossiers d on d.id = v.dossier_id cross join lateral report_rows(d) r
    group by 1, 2, 3`).execute(db)).rows;
  const stored = (await sql.raw<Record<string, unknown>>(`select agency_id, procedure_id, day::text as day, ${cols.replaceAll('r.', '')}
    from (select * from report_counters union all select * from report_counter_deltas) c group by 1, 2, 3`).execute(db)).rows;
  const line = (x: Record<string, unknown>) => [x.agency_id, x.procedure_id, x.day, ...METRICS.map((m) => Number(x[m]))].join('|');
  const nonZero = (x: Record<string, unknown>) => METRICS.some((m) => Number(x[m]) !== 0);
  return { want: rows.filter(nonZero).map(line).sort(), got: stored.filter(nonZero).map(line).sort() };
}

const deltaRows = async (db: Kysely<Database>) => (await sql<{ n: number }>`select count(*)::int as n from report_counter_deltas`.execute(db)).rows[0]!.n;

/** Report II.06a as the grouped query over the raw rows that the counters replaced. */
async function ii06aRaw(db: Kysely<Database>, scope: string[], start: Date, end: Date, now: Date) {
  const asOf = now < end ? now : end;
  const localDay = (col: string) => sql`((${sql.ref(col)} at time zone 'UTC') + interval '7 hours')::date`;
  const done = sql`d.finished_at < ${end}`;
  const open = sql`(d.finished_at is null or d.finished_at >= ${end})`;
  const rows = (await sql<Record<string, string | number>>`
    select p.field,
      count(*) filter (where d.received_at < ${start}) as carried,
      count(*) filter (where d.received_at >= ${start} and d.channel = 'online') as online,
      count(*) filter (where d.received_at >= ${start} and d.channel <> 'online') as offline,
      count(*) filter (where ${done}) as resolved,
      count(*) filter (where ${done} and d.finished_at > d.judged_due) as late,
      count(*) filter (where ${done} and d.finished_at <= d.judged_due and ${localDay('d.finished_at')} < ${localDay('d.judged_due')}) as early,
      count(*) filter (where ${done} and (d.judged_due is null or (d.finished_at <= d.judged_due and ${localDay('d.finished_at')} >= ${localDay('d.judged_due')}))) as on_time,
      count(*) filter (where ${open}) as open,
      count(*) filter (where ${open} and d.judged_due < ${asOf} and d.status <> 'supplement_requested') as open_overdue
    from (select dossiers.*, case when (dossiers.state->>'extensionLate')::boolean and dossiers.original_due_at is not null
            then dossiers.original_due_at else dossiers.due_at end as judged_due from dossiers) d
      join procedures p on p.id = d.procedure_id
    where d.received_at is not null and d.received_at < ${end} and (d.finished_at is null or d.finished_at >= ${start})
      and d.status not in ('refused', 'stopped')
      and exists (select 1 from dossier_agencies da where da.dossier_id = d.id and da.agency_id in (${sql.join(scope)}))
    group by p.field order by p.field`.execute(db)).rows;
  return rows.map((r) => {
    const n = (k: string) => Number(r[k]);
    return {
      field: r.field,
      received: { total: n('carried') + n('online') + n('offline'), online: n('online'), offline: n('offline'), carriedOver: n('carried') },
      resolved: { total: n('resolved'), early: n('early'), onTime: n('on_time'), late: n('late') },
      inProgress: { total: n('open'), withinDue: n('open') - n('open_overdue'), overdue: n('open_overdue') },
    };
  });
}

const PERIODS = [['2026-02-01', '2026-02-28'], ['2026-03-01', '2026-03-31'], ['2026-01-01', '2026-03-31'], ['2026-01-10', '2026-05-20']] as const;
const MOMENTS = ['2026-03-15T04:30:00Z', '2026-06-30T10:00:00Z'];

/** `dossier_visibility` against its definition: each agency a dossier passed through and their ancestors, with the dossier's current columns. */
async function visibilityMatches(t: Test, db: Kysely<Database>, label: string) {
  const keys = async (q: ReturnType<typeof sql<{ k: string }>>) => (await q.execute(db)).rows.map((r) => r.k);
  const want = await keys(sql<{ k: string }>`with recursive up(dossier_id, id, parent_id) as (
      select da.dossier_id, a.id, a.parent_id from dossier_agencies da join agencies a on a.id = da.agency_id
      union select up.dossier_id, a.id, a.parent_id from agencies a join up on a.id = up.parent_id)
    select distinct id || '|' || dossier_id as k from up order by 1`);
  t.same(await keys(sql<{ k: string }>`select agency_id || '|' || dossier_id as k from dossier_visibility order by 1`), want, `${label}: visibility rows = the agencies passed through and their ancestors`);
  const stale = await sql<{ n: number }>`select count(*)::int as n from dossier_visibility v join dossiers d on d.id = v.dossier_id
    where (v.status, v.procedure_id, v.code, v.due_at, v.received_at, v.submitted_at, v.finished_at)
      is distinct from (d.status, d.procedure_id, d.code, d.due_at, d.received_at, d.submitted_at, d.finished_at)`.execute(db);
  t.equal(stale.rows[0]!.n, 0, `${label}: visibility rows carry the dossier's current columns`);
}

async function compareAll(t: Test, db: Kysely<Database>, label: string) {
  await visibilityMatches(t, db, label);
  const { want, got } = await recomputed(db);
  t.ok(want.length > 50, `${label}: ${want.length} counter rows`);
  t.same(got, want, `${label}: the counters equal the figures recomputed from every dossier`);
  const calendars = new CalendarService(db);
  for (const agencyId of ['t-prov', 't-a', 't-b', 't-a1']) {
    const scope = await agencySubtree(db, agencyId);
    for (const [from, to] of PERIODS) {
      const { start, end } = periodOf(from, to, 'vi');
      for (const m of MOMENTS) {
        const now = new Date(m);
        const asOf = now < end ? now : end;
        const report = await reportIi06a(db, calendars, { agency: { id: agencyId, name: agencyId }, from, to, start, end, now });
        t.same(report.rows, await ii06aRaw(db, scope, start, end, now), `${label}: II.06a of ${agencyId} ${from}..${to} at ${m}`);
        const facts = await loadFacts(db, scope, start, end);
        const cal = new Map<string, Calendar>();
        for (const id of new Set(facts.map((f) => f.calendarAgencyId))) cal.set(id, await calendars.forAgency(id));
        const got766 = await measuresOfPeriod(db, calendars, { agencyId, scope, from, to, start, end, asOf });
        const [p] = (await sql<{ active: number; full: number }>`select count(*)::int as active, count(*) filter (where online_level = 'full')::int as full from procedures where active and id <> 'feedback-petition'`.execute(db)).rows;
        const want766 = measure({ facts, calendars: cal, start, end, asOf, procedures: { active: p!.active, fullyOnline: p!.full }, ratings: { total: 0, dissatisfied: 0 } });
        t.same(got766, want766, `${label}: Decision 766 of ${agencyId} ${from}..${to} at ${m}`);
      }
    }
  }
}

for (const target of databaseTargets()) {
  t.test(`report counters on ${target.name}`, async (t) => {
    const handle = await target.openMigrated();
    t.teardown(() => handle.close());
    const db = handle.db;
    await seed(db, 220);
    const counted = await sql<{ n: number }>`select count(*)::int as n from dossiers where report_on_time is null and finished_at is not null`.execute(db);
    t.ok(counted.rows[0]!.n > 20, 'verdicts start missing');
    await compareAll(t, db, 'as written, verdicts missing');
    // The reports read facts in chunks (bounded memory): the chunks together are the facts of the whole set.
    const where = sql`d.received_at is not null`;
    const chunks: string[][] = [];
    for await (const chunk of factsInChunks(db, where, 7)) chunks.push(chunk.map((f) => f.id));
    t.ok(chunks.length > 10 && chunks.every((c) => c.length <= 7), `${chunks.length} chunks of at most 7`);
    t.same(chunks.flat().sort(), (await factsWhere(db, where)).map((f) => f.id).sort(), 'the chunks hold every dossier\'s facts once');
    // The triggers only append deltas (no counter row is locked by a write); the sweep's rollup folds them in.
    t.ok(await deltaRows(db) > 100, 'the writes left deltas');
    t.ok(await rollupReportCounters(db) > 50, 'the rollup wrote counter rows');
    t.equal(await deltaRows(db), 0, 'no delta left after the rollup');
    await compareAll(t, db, 'rolled up');
    const filled = await fillVerdicts(db, new CalendarService(db), 1000);
    t.ok(filled > 10, `${filled} verdicts stored`);
    t.equal(await fillVerdicts(db, new CalendarService(db), 1000), 0, 'nothing left to fill');
    await compareAll(t, db, 'verdicts stored');
    await mutate(db);
    const reset = await sql<{ n: number }>`select count(*)::int as n from dossiers where report_on_time is null and finished_at is not null
      and (procedure_id = 'feedback-petition' or original_due_at is not null or state->'pauses' @> '[{"kind":"supplement"}]')`.execute(db);
    t.ok(reset.rows[0]!.n > 0, 'a changed finish forgets its verdict');
    await compareAll(t, db, 'after changes');
    await fillVerdicts(db, new CalendarService(db), 1000);
    await compareAll(t, db, 'after changes, verdicts stored again');
    await rollupReportCounters(db);
    await compareAll(t, db, 'after changes, rolled up');
  });
}
