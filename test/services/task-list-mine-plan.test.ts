/**
 * "My tasks" reads its page in the index's order and stops (migration 2026121302): the officer's open
 * tasks through `tasks_assignee_open_key_idx (assignee_id, due_at, key) include (agency_id)`, with no sort
 * of every open task of the officer, and its capped count from that index alone. Without the extended
 * statistics telling the planner that an officer's tasks are in the officer's agency, it took the agency
 * filter for 1 row in 50 and fetched and sorted them all (446 heap pages for a specialist at 1M dossiers).
 * The statements are the ones `listTasks` sends, caught on their way to the database and explained.
 */
import t from 'tap';
import { sql, type Kysely } from 'kysely';
import { databaseTargets } from '../helpers/databases.ts';
import { planNodes, recorder } from '../helpers/plans.ts';
import type { Database } from '../../api/db/database.ts';
import { listTasks } from '../../api/services/task-list.ts';
import { CalendarService } from '../../api/services/calendars.ts';
import { DEFAULT_SLA_POLICY } from '../../api/domain/sla/policy.ts';

const AGENCIES = 50;
const OFFICERS_PER_AGENCY = 20;
const OPEN_PER_OFFICER = 30;
const MINE = 450;

/** The plan's nodes, depth first, as "type" or "type index". */
const nodes = (plan: unknown): string[] => planNodes(plan).map((n) => (n['Index Name'] ? `${n['Node Type']} ${n['Index Name']}` : n['Node Type']));

for (const target of databaseTargets()) {
  t.test(`"my tasks" reads its page in index order on ${target.name}`, async (t) => {
    const h = await target.openMigrated();
    t.teardown(() => h.close());
    const db = h.db as Kysely<Database>;
    // A province's open tasks: 50 communes, 20 officers each with 30 open tasks, and one officer with 450.
    await sql`insert into agencies (id, code, name, type) select 'mp-' || a, 'MP' || a, 'Xã ' || a, 'commune' from generate_series(1, ${AGENCIES}) as a`.execute(db);
    await sql`insert into users (username, full_name, password_hash, roles, agency_id)
      select 'mp-' || a || '-' || u, 'Cán bộ ' || u, 'x', '{specialist}', 'mp-' || a
      from generate_series(1, ${AGENCIES}) as a, generate_series(1, ${OFFICERS_PER_AGENCY}) as u`.execute(db);
    await sql`insert into tasks (key, process_instance_key, bpmn_process_id, element_id, agency_id, assignee_id, candidate_groups, state, due_at, created_at)
      select 'mp-' || u.username || '-' || i, '1', 'p', 'e', u.agency_id, u.id, '{specialist}', 'CREATED',
        now() + (i * 37 % 500) * interval '1 hour', now()
      from users u, generate_series(1, ${OPEN_PER_OFFICER}) as i where u.username like 'mp-%' and u.username <> 'mp-7-3'`.execute(db);
    await sql`insert into tasks (key, process_instance_key, bpmn_process_id, element_id, agency_id, assignee_id, candidate_groups, state, due_at, created_at)
      select 'mp-mine-' || i, '1', 'p', 'e', u.agency_id, u.id, '{specialist}', 'CREATED', now() + (i * 37 % 900) * interval '1 hour', now()
      from users u, generate_series(1, ${MINE}) as i where u.username = 'mp-7-3'`.execute(db);
    await sql`vacuum analyze tasks`.execute(db); // as autovacuum leaves a table: statistics, and pages all visible
    const officer = (await sql<{ id: string }>`select id from users where username = 'mp-7-3'`.execute(db)).rows[0]!;
    const user = { id: officer.id, username: 'mp-7-3', fullName: 'Cán bộ 3', roles: ['specialist' as const], agencyId: 'mp-7' };

    const rec = recorder();
    const deps = { db: db.withPlugin(rec), calendars: new CalendarService(db), policy: DEFAULT_SLA_POLICY, now: new Date() };
    const page = await listTasks(deps, user, { page: 1, pageSize: 50, view: 'mine', state: 'CREATED', sort: 'due' });
    t.equal(page.items.length, 50, 'a page of 50');
    t.equal(page.total, MINE, 'all the officer\'s open tasks counted');
    t.ok(page.items.every((i, n) => n === 0 || i.dueAt! >= page.items[n - 1]!.dueAt!), 'oldest due first');

    const explain = async (text: string) => {
      const found = rec.sent.map((s) => db.getExecutor().compileQuery(s.node, s.queryId)).filter((c) => c.sql.includes(text));
      t.equal(found.length, 1, `one statement ${text}: ${found.map((c) => c.sql).join(' | ')}`);
      return nodes((await db.executeQuery<{ 'QUERY PLAN': unknown }>({ ...found[0]!, sql: `explain (format json) ${found[0]!.sql}` })).rows[0]!['QUERY PLAN']);
    };
    // (The page's subquery reaches the plugin on its own too; the statement sent is the one that joins it.)
    const pagePlan = await explain('left join "dossiers"');
    const counted = await explain('count(');
    t.ok(pagePlan.includes('Index Scan tasks_assignee_open_key_idx'), `the page is read through tasks_assignee_open_key_idx: ${pagePlan.join(' > ')}`);
    // The page's 50 rows are joined and sorted again above the limit; below it, nothing sorts the officer's tasks.
    const limit = pagePlan.lastIndexOf('Limit');
    t.notOk(pagePlan.slice(limit).some((n) => n === 'Sort' || n === 'Incremental Sort'), `no sort of the officer's open tasks below the page's limit: ${pagePlan.join(' > ')}`);
    t.ok(counted.includes('Index Only Scan tasks_assignee_open_key_idx'), `the count reads the index alone: ${counted.join(' > ')}`);
  });
}
