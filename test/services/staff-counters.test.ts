/**
 * The staff view from its counters (migration 2026121703) equals the view read from the task rows (the
 * query it replaced, kept here as the reference): three months of completed steps over four agencies and
 * eight officers (late ones, ones without a due instant, steps named two ways and unnamed), for periods of a
 * day, a whole month, partial months at either end, across months, ending today and past today; after steps
 * are completed, un-completed, deleted, moved to another agency, another officer and another day (across a
 * month's end), renamed, and their due instant moved; for the province and for one commune.
 */
import t from 'tap';
import { sql, type Kysely } from 'kysely';
import { databaseTargets } from '../helpers/databases.ts';
import type { Database } from '../../api/db/database.ts';
import { staffStats } from '../../api/services/staff-stats.ts';
import { localDay } from '../../api/services/report-counters.ts';

const NOW = new Date('2026-03-10T05:00:00Z'); // Tue 10 Mar 2026, 12:00 in Vietnam
const PERIODS: Array<[string, string]> = [
  ['2026-02-01', '2026-02-28'], ['2026-02-11', '2026-02-11'], ['2026-01-15', '2026-02-20'], ['2026-01-01', '2026-03-31'],
  ['2026-02-03', '2026-03-10'], ['2026-03-01', '2026-03-09'], ['2025-12-31', '2026-01-01'],
];

/** The staff view over the task rows (the query of the view before its counters), in the same shape. */
async function fromTasks(db: Kysely<Database>, scope: string[], from: string, to: string) {
  const start = new Date(`${from}T00:00:00+07:00`);
  const end = new Date(Date.parse(`${to}T00:00:00+07:00`) + 86_400_000);
  const rows = (await sql<{ user_id: string; step: string; name: string | null; n: number; with_due: number; on_time: number; total_ms: string }>`
    select t.completed_by as user_id, coalesce(t.step, t.element_id) as step, case when min(t.name) = max(t.name) then max(t.name) end as name,
      count(*)::int as n, (count(*) filter (where t.due_at is not null))::int as with_due,
      (count(*) filter (where t.due_at is not null and t.completed_at <= t.due_at))::int as on_time,
      coalesce(sum(extract(epoch from (t.completed_at - t.created_at)) * 1000), 0)::text as total_ms
    from tasks t join users u on u.id = t.completed_by
    where t.state = 'COMPLETED' and t.completed_at >= ${start} and t.completed_at < ${end} and t.agency_id in (${sql.join(scope)})
    group by 1, 2 order by 1, 2`.execute(db)).rows;
  return rows.map((r) => ({ ...r, total_ms: Number(r.total_ms) }));
}

/** The counters' answer flattened to the same rows. */
async function fromCounters(db: Kysely<Database>, scope: string[], from: string, to: string) {
  const view = await staffStats(db, { scope, from, to, now: NOW });
  return view.items.flatMap((o) => o.steps.map((s) => ({ user_id: o.userId, step: s.step, name: s.name, n: s.completed, with_due: s.withDue, on_time: s.onTime, avg: s.avgMs })))
    .sort((a, b) => (a.user_id + a.step < b.user_id + b.step ? -1 : 1));
}

for (const target of databaseTargets()) {
  t.test(`staff counters on ${target.name}`, async (t) => {
    const h = await target.openMigrated();
    t.teardown(() => h.close());
    const db = h.db as Kysely<Database>;
    await sql`insert into agencies (id, code, name, type, parent_id) values ('sc-prov', 'SCP', 'Tỉnh', 'province', null),
      ('sc-1', 'SC1', 'Xã 1', 'commune', 'sc-prov'), ('sc-2', 'SC2', 'Xã 2', 'commune', 'sc-prov'), ('sc-3', 'SC3', 'Xã 3', 'commune', 'sc-prov')`.execute(db);
    await sql`insert into users (username, full_name, password_hash, roles, agency_id)
      select 'sc-' || a || '-' || u, 'Cán bộ ' || a || '-' || u, 'x', '{specialist}', 'sc-' || a from generate_series(1, 3) a, generate_series(1, 3) u`.execute(db);
    // Ten weeks of steps to two days before now (no step is completed in the future), every 97 minutes at one
    // agency or another; names in two spellings or none.
    await sql`insert into tasks (key, process_instance_key, bpmn_process_id, element_id, step, name, agency_id, completed_by, state, due_at, created_at, completed_at)
      select 'sc-' || i, '1', 'p', 'e' || (i % 2), case when i % 5 = 0 then null else 'appraisal' || (i % 3) end,
        case when i % 11 = 0 then null when i % 13 = 0 then 'Thẩm định lại' else 'Thẩm định' end,
        'sc-' || (1 + i % 3), (select id from users where username = 'sc-' || (1 + i % 3) || '-' || (1 + (i / 3) % 3)),
        'COMPLETED', case when i % 9 = 0 then null else c + case when i % 7 = 0 then interval '-90 minutes' else interval '3 hours' end end,
        c - (i % 17) * interval '37 minutes' - interval '1 second' * (i % 59), c
      from generate_series(1, 1000) as i, lateral (select timestamptz '2025-12-31T10:00:00Z' + i * interval '97 minutes' as c) x`.execute(db);
    await sql`insert into tasks (key, process_instance_key, bpmn_process_id, element_id, agency_id, state, due_at, created_at)
      select 'sc-open-' || i, '1', 'p', 'e', 'sc-1', 'CREATED', now(), now() from generate_series(1, 30) as i`.execute(db);

    const scopes: Array<[string, string[]]> = [['province', ['sc-prov', 'sc-1', 'sc-2', 'sc-3']], ['commune 2', ['sc-2']]];
    const compare = async (label: string) => {
      for (const [name, scope] of scopes) {
        for (const [from, to] of PERIODS) {
          const want = await fromTasks(db, scope, from, to);
          const got = await fromCounters(db, scope, from, to);
          t.same(got, want.map(({ total_ms, ...r }) => ({ ...r, avg: Math.round(total_ms / r.n) })), `${label}: ${name} ${from}..${to} (${want.reduce((a, r) => a + r.n, 0)} steps)`);
        }
      }
    };
    t.equal(localDay(NOW), '2026-03-10');
    await compare('seeded');

    await sql`update tasks set state = 'COMPLETED', completed_at = ${NOW}, completed_by = (select id from users where username = 'sc-1-1') where key in ('sc-open-1', 'sc-open-2')`.execute(db);
    await sql`update tasks set state = 'CREATED', completed_at = null, completed_by = null where key in ('sc-100', 'sc-101')`.execute(db);
    await sql`delete from tasks where key in ('sc-200', 'sc-333')`.execute(db);
    await sql`update tasks set agency_id = 'sc-3' where key in ('sc-400', 'sc-401')`.execute(db);
    await sql`update tasks set completed_by = (select id from users where username = 'sc-2-2') where key = 'sc-500'`.execute(db);
    // Completed on 31 Jan in Vietnam, moved to 1 Feb: another day and another month.
    await sql`update tasks set completed_at = completed_at + interval '1 day' where key in (select key from tasks where completed_at between '2026-01-30T17:00:00Z' and '2026-01-31T16:59:59Z' limit 3)`.execute(db);
    await sql`update tasks set name = 'Phê duyệt' where key = 'sc-600'`.execute(db);
    await sql`update tasks set due_at = completed_at - interval '1 minute' where key in ('sc-701', 'sc-702')`.execute(db);
    await sql`update tasks set due_at = null where key = 'sc-703'`.execute(db);
    await compare('changed');

    const rows = (await sql<{ n: number }>`select count(*)::int as n from staff_counter_months where n > 0`.execute(db)).rows[0]!.n;
    const groups = (await sql<{ n: number }>`select count(*)::int as n from (select distinct agency_id, completed_by, coalesce(step, element_id), name,
      date_trunc('month', (completed_at at time zone 'UTC') + interval '7 hours') from tasks where state = 'COMPLETED') g`.execute(db)).rows[0]!.n;
    t.equal(rows, groups, `a month row per agency, officer, step, name and month: ${rows}`);
  });
}
