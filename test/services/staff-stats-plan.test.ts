/**
 * The staff view reads the steps completed in its period, not every task (migration 2026121702): the
 * statement `staffStats` sends, explained on two years of completed steps, reads `tasks` through
 * `tasks_completed_idx` only. Without the index it scanned the whole table (at 1M dossiers 1.9M tasks for a
 * month's 18,668 steps). Its answer is checked against a count made here from the rows.
 */
import t from 'tap';
import { sql, type Kysely } from 'kysely';
import { databaseTargets } from '../helpers/databases.ts';
import { planNodes, recorder } from '../helpers/plans.ts';
import type { Database } from '../../api/db/database.ts';
import { staffStats } from '../../api/services/staff-stats.ts';

const AGENCIES = 10;
const OFFICERS = 4;
const DAYS = 730;
const PER_DAY = 20;

for (const target of databaseTargets()) {
  t.test(`the staff view reads its period's completed steps by index on ${target.name}`, async (t) => {
    const h = await target.openMigrated();
    t.teardown(() => h.close());
    const db = h.db as Kysely<Database>;
    await sql`insert into agencies (id, code, name, type) select 'sp-' || a, 'SP' || a, 'Xã ' || a, 'commune' from generate_series(1, ${AGENCIES}) as a`.execute(db);
    await sql`insert into users (username, full_name, password_hash, roles, agency_id)
      select 'sp-' || a || '-' || u, 'Cán bộ ' || a || '-' || u, 'x', '{specialist}', 'sp-' || a
      from generate_series(1, ${AGENCIES}) as a, generate_series(1, ${OFFICERS}) as u`.execute(db);
    // Two years of completed steps, each officer's in its agency; every seventh one late; a few open ones.
    await sql`insert into tasks (key, process_instance_key, bpmn_process_id, element_id, step, agency_id, completed_by, state, due_at, created_at, completed_at)
      select 'sp-' || d || '-' || i, '1', 'p', 'e', case when i % 3 = 0 then 'approval' else 'appraisal' end, u.agency_id, u.id, 'COMPLETED',
        c + case when i % 7 = 0 then interval '-1 hour' else interval '2 hours' end, c - interval '5 hours', c
      from generate_series(0, ${DAYS - 1}) as d, generate_series(1, ${PER_DAY}) as i,
        lateral (select timestamptz '2025-01-01T02:00:00Z' + d * interval '1 day' + i * interval '7 minutes' as c) x,
        lateral (select id, agency_id from users where username = 'sp-' || (1 + (d + i) % ${AGENCIES}) || '-' || (1 + i % ${OFFICERS})) u`.execute(db);
    await sql`insert into tasks (key, process_instance_key, bpmn_process_id, element_id, agency_id, state, due_at, created_at)
      select 'sp-open-' || i, '1', 'p', 'e', 'sp-1', 'CREATED', now() + interval '1 day', now() from generate_series(1, 50) as i`.execute(db);
    await sql`vacuum analyze tasks`.execute(db);

    const scope = Array.from({ length: AGENCIES }, (_, i) => `sp-${i + 1}`);
    const from = '2026-11-01'; const to = '2026-11-30';
    const args = { scope, from, to, start: new Date('2026-10-31T17:00:00Z'), end: new Date('2026-11-30T17:00:00Z') };
    const rec = recorder();
    const got = await staffStats(db.withPlugin(rec), args);

    const expected = (await sql<{ n: number; late: number }>`select count(*)::int as n, count(*) filter (where completed_at > due_at)::int as late
      from tasks where state = 'COMPLETED' and completed_at >= ${args.start} and completed_at < ${args.end}`.execute(db)).rows[0]!;
    t.ok(expected.n > 500, `the month holds ${expected.n} completed steps`);
    t.equal(got.items.reduce((a, o) => a + o.completed, 0), expected.n, 'every step of the month, once');
    t.equal(got.items.reduce((a, o) => a + o.withDue - o.onTime, 0), expected.late, 'the late ones');
    t.equal(got.items.length, AGENCIES * OFFICERS, 'every officer who completed a step');

    t.equal(rec.sent.length, 1, 'one statement');
    const compiled = db.getExecutor().compileQuery(rec.sent[0]!.node, rec.sent[0]!.queryId);
    const plan = planNodes((await db.executeQuery<{ 'QUERY PLAN': unknown }>({ ...compiled, sql: `explain (format json) ${compiled.sql}` })).rows[0]!['QUERY PLAN']);
    const onTasks = plan.filter((n) => n['Relation Name'] === 'tasks');
    t.ok(onTasks.length > 0 && onTasks.every((n) => n['Index Name'] === 'tasks_completed_idx'),
      `tasks read through tasks_completed_idx only: ${onTasks.map((n) => `${n['Node Type']} ${n['Index Name'] ?? ''}`).join(', ')}`);
  });
}
