/**
 * The open-step counters (migrations 2026120801, 2026121801) and the supervisor's summary read from them,
 * against recounts from the raw task rows, on a seeded set of open tasks around a manual clock:
 * - the counters plus their deltas equal a `group by` over the running open tasks by SLA class (with deltas
 *   only, after a rollup, and with both), and `dossier_open_steps` the open tasks per dossier;
 * - `supervisionSummary` (counters) equals `supervisionSummaryFromTasks` (the query over every open task
 *   it replaced) for four agency subtrees, at fixed moments (on an hour, inside an hour with tasks on both
 *   sides, the next morning), with both due-soon policies, whatever the classes stored: seeded at random
 *   (none, in time, due soon, overdue: most of them wrong), then as the sweep writes them at one moment and
 *   read at the others (earlier: a clock set back; later: steps crossed a line since); classified at the
 *   moment it answers for, the summary takes in no task row;
 * after tasks are created, assigned, completed, canceled, deleted, moved to another dossier, their due
 * date, agency (hand-off), name (one step under two names) and SLA flag changed, dossiers asked for a supplement and back, stopped,
 * dossiers given a second open step in the same group and in another, parallel steps at other agencies
 * (due at the same instant or not), and an agency moved in the tree; each dossier counted once per group
 * (at its nearest step there), the totals adding up to the open dossiers.
 */
import t, { type Test } from 'tap';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../api/db/database.ts';
import { DEFAULT_SLA_POLICY, type SlaPolicy } from '../../api/domain/sla/index.ts';
import { agencySubtree } from '../../api/services/agencies.ts';
import { CalendarService } from '../../api/services/calendars.ts';
import { bucketOf, dueSoonBounds } from '../../api/services/supervision-buckets.ts';
import { rollupOpenStepCounts } from '../../api/services/supervision-counts.ts';
import { supervisionSummary, supervisionSummaryFromTasks } from '../../api/services/supervision-summary.ts';
import { databaseTargets } from '../helpers/databases.ts';
import { countersMatch } from '../helpers/open-step-counts.ts';
import { planNodes } from '../helpers/plans.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
/** Monday 2026-03-02 09:00 in Vietnam. */
const BASE = Date.parse('2026-03-02T02:00:00Z');
const AGENCIES = ['o-prov', 'o-a', 'o-b', 'o-a1'];
const STEPS = [['appraisal', 'Thẩm định'], ['approval', 'Phê duyệt'], [null, 'Xem xét']] as const;
const POLICIES: Array<[string, SlaPolicy]> = [
  ['working hours', DEFAULT_SLA_POLICY],
  ['fraction', { ...DEFAULT_SLA_POLICY, dueSoon: { kind: 'fraction', fraction: 0.25 } }],
];
/** On a slot boundary; inside a slot (tasks due 10 and 50 minutes into it); the next morning. */
const MOMENTS = [BASE, BASE + 30 * MIN, BASE + 23 * HOUR + 17 * MIN];

function rng(seed: number) {
  let a = seed;
  const next = () => { a = (a + 0x6d2b79f5) | 0; let x = Math.imul(a ^ (a >>> 15), 1 | a); x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x; return ((x ^ (x >>> 14)) >>> 0) / 4294967296; };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}
const iso = (ms: number) => new Date(ms).toISOString();

async function seed(db: Kysely<Database>) {
  await sql`insert into agencies (id, code, name, type, parent_id) values ('o-prov', 'OPROV', 'Tỉnh O', 'province', null),
    ('o-a', 'OA', 'Xã A', 'commune', 'o-prov'), ('o-b', 'OB', 'Xã B', 'commune', 'o-prov'), ('o-a1', 'OA1', 'UBND xã A', 'unit', 'o-a')`.execute(db);
  for (const id of ['o-x', 'o-y']) await sql`insert into procedures (id, name_vi, name_en, field, legal_limit, online_level, process_id, form_schema_id)
    values (${id}, ${`Thủ tục ${id}`}, ${id}, 'F', '{}', 'full', 'x', 'x')`.execute(db);
  await sql`insert into users (username, full_name, password_hash, roles, agency_id) values ('o-officer', 'Cán bộ O', 'x', '{specialist}', 'o-a1')`.execute(db);
  const r = rng(13);
  for (let i = 0; i < 40; i++) {
    const agency = r.pick(['o-a', 'o-b', 'o-a1'] as const);
    await sql`insert into dossiers (code, procedure_id, receiving_agency_id, handling_agency_id, status, channel, applicant, applicant_name, form_data, state, submitted_at)
      values (${`O-${i}`}, ${r.pick(['o-x', 'o-y'] as const)}, ${agency === 'o-a1' ? 'o-a' : agency}, ${agency === 'o-a1' ? 'o-a1' : null}, 'processing', 'in_person', '{}', 'A', '{}', '{}', ${iso(BASE - 9 * 24 * HOUR)})`.execute(db);
  }
  const dossiers = (await sql<{ id: string; agency: string }>`select id, coalesce(handling_agency_id, receiving_agency_id) as agency from dossiers where code like 'O-%' order by code`.execute(db)).rows;
  let k = 0;
  const task = async (d: { id: string; agency: string }, due: number | null, step = r.pick(STEPS), state = 'CREATED', agency = d.agency) => {
    await sql`insert into tasks (key, process_instance_key, bpmn_process_id, element_id, name, step, dossier_id, agency_id, state, due_at, sla_state, created_at)
      values (${`o-${k++}`}, '1', 'p', ${`e-${step[0] ?? 'review'}`}, ${step[1]}, ${step[0]}, ${d.id}, ${agency}, ${state}, ${due === null ? null : iso(due)},
        ${r.pick([null, null, 'in_time', 'due_soon', 'overdue'] as const)}, ${iso(BASE - 5 * 24 * HOUR)})`.execute(db);
  };
  for (const [i, d] of dossiers.entries()) {
    // Due from three days before to four days after, to the minute; a few without a due date.
    await task(d, r.next() < 0.08 ? null : BASE - 3 * 24 * HOUR + r.int(7 * 24 * 60) * MIN);
    if (i % 5 === 0) await task(d, BASE + r.int(48 * 60) * MIN, STEPS[0]); // a second open step, maybe in the same group
    if (i % 7 === 0) await task(d, BASE - HOUR + r.int(3 * 60) * MIN, STEPS[1]);
    if (i % 9 === 0) await task(d, BASE - 48 * HOUR, STEPS[0], 'COMPLETED');
    // Parallel steps at other agencies (a liên thông bundle): due at the same instant, or later.
    if (i % 6 === 1) {
      const first = (await sql<{ due_at: Date | null }>`select due_at from tasks where dossier_id = ${d.id} order by key limit 1`.execute(db)).rows[0]!.due_at;
      await task(d, first ? first.getTime() : null, STEPS[1], 'CREATED', d.agency === 'o-b' ? 'o-a1' : 'o-b');
    }
    if (i % 11 === 2) await task(d, BASE + r.int(30 * 60) * MIN, STEPS[2], 'CREATED', 'o-prov');
  }
  // Inside the slot of BASE+30m on both sides of it, and on both sides of the due-soon bound of
  // BASE+30m (Tuesday 09:30, i.e. 02:30Z, with 8 working hours).
  for (const [j, due] of [BASE + 10 * MIN, BASE + 50 * MIN, BASE + 30 * MIN, BASE, BASE + 24 * HOUR + 10 * MIN, BASE + 24 * HOUR + 30 * MIN, BASE + 24 * HOUR + 50 * MIN].entries()) {
    await task(dossiers[j]!, due);
  }
}

/** The summary from the counters against the reference, for every scope, moment and policy. */
async function summariesMatch(t: Test, db: Kysely<Database>, label: string) {
  const calendars = new CalendarService(db);
  const sorted = (s: Awaited<ReturnType<typeof supervisionSummary>>) => ({
    ...s, byAgency: [...s.byAgency].sort((a, b) => a.id.localeCompare(b.id)),
    byProcedure: [...s.byProcedure].sort((a, b) => a.id.localeCompare(b.id)), byStep: [...s.byStep].sort((a, b) => a.id.localeCompare(b.id)),
  });
  const buckets = new Set<string>();
  for (const [name, policy] of POLICIES) {
    for (const at of MOMENTS) {
      for (const agencyId of AGENCIES) {
        const scope = await agencySubtree(db, agencyId);
        const deps = { db, calendars, policy, now: new Date(at) };
        const want = await supervisionSummaryFromTasks(deps, agencyId, scope);
        t.same(sorted(await supervisionSummary(deps, agencyId, scope)), sorted(want), `${label}: ${agencyId} at ${iso(at)}, ${name}`);
        for (const [b, n] of Object.entries(want.totals)) if (n > 0) buckets.add(b);
        if (at === BASE && name === 'working hours') {
          const open = (await sql<{ n: number }>`select count(*)::int as n from dossiers d where exists (select 1 from tasks t where t.dossier_id = d.id
              and t.state = 'CREATED' and t.procedure_id is not null and t.dossier_status not in ('refused', 'stopped', 'returned', 'supplement_requested') and t.agency_id in (${sql.join(scope)}))
            or (d.status = 'supplement_requested' and coalesce(d.handling_agency_id, d.receiving_agency_id) in (${sql.join(scope)}))`.execute(db)).rows[0]!.n;
          t.equal(Object.values(want.totals).reduce((a, b) => a + b, 0), open, `${label}: ${agencyId}'s totals add up to its ${open} open dossiers`);
        }
      }
    }
  }
  t.same([...buckets].sort(), ['seeded', 'rolled up', 'classified'].includes(label) ? ['due_soon', 'in_time', 'overdue'] : ['due_soon', 'in_time', 'overdue', 'paused'], `${label}: every bucket seen`);
}

for (const target of databaseTargets()) {
  t.test(`open-step counters on ${target.name}`, async (t) => {
    const handle = await target.openMigrated();
    t.teardown(() => handle.close());
    const db = handle.db;
    await seed(db);
    t.ok((await countersMatch(t, db, 'seeded')).multi > 0, 'seeded: some dossiers have several open steps');
    await summariesMatch(t, db, 'seeded');
    t.ok(await rollupOpenStepCounts(db) > 0, 'the rollup folds the deltas in');
    t.equal((await countersMatch(t, db, 'rolled up')).deltas, 0, 'rolled up: no delta left');
    await summariesMatch(t, db, 'rolled up');

    // Classified as the sweep does at BASE + 30 minutes: read then, no task row; read at the other moments, right.
    const at = { db, calendars: new CalendarService(db), policy: DEFAULT_SLA_POLICY, now: new Date(MOMENTS[1]!) };
    const classified = await sql`update tasks u set sla_state = x.bucket from (select t.key, ${bucketOf(at)} as bucket from tasks t
      left join ${await dueSoonBounds(at, AGENCIES)} on b.agency_id = t.agency_id where t.state = 'CREATED' and t.due_at is not null) x
      where u.key = x.key and u.sla_state is distinct from x.bucket`.execute(db);
    t.ok(Number(classified.numAffectedRows) > 20, `${classified.numAffectedRows} open steps moved to their class`);
    await countersMatch(t, db, 'classified');
    await summariesMatch(t, db, 'classified');
    // The steps the summary takes in (`open_steps_maybe_stale`, with the bounds the summary uses), and how it reads them:
    // among a few thousand open steps (an agency outside the tree, in time, due in a month) and with statistics, as
    // autovacuum leaves the table (over a few dozen rows every index costs about the same to the planner).
    await sql`insert into agencies (id, code, name, type, parent_id) values ('o-far', 'OFAR', 'Xã xa', 'commune', null)`.execute(db);
    await sql`insert into tasks (key, process_instance_key, bpmn_process_id, element_id, name, step, dossier_id, agency_id, state, due_at, sla_state, created_at)
      select 'o-far-' || i, '1', 'p', 'e-review', 'Xem xét', 'review', null, 'o-far', 'CREATED', ${iso(BASE + 30 * 24 * HOUR)}::timestamptz + i * interval '1 minute', 'in_time', ${iso(BASE)}
      from generate_series(1, 3000) as i`.execute(db);
    await sql`analyze tasks`.execute(db);
    const tasksRead = async (now: number) => {
      const deps = { ...at, now: new Date(now) };
      const [lim] = (await sql<{ lo: Date; hi: Date }>`select min(bound) as lo, max(bound) as hi from ${await dueSoonBounds(deps, AGENCIES)}`.execute(db)).rows;
      const taken = (await sql<{ n: number }>`select count(*)::int as n from open_steps_maybe_stale(${iso(now)}::timestamptz, ${lim!.lo}, ${lim!.hi})`.execute(db)).rows[0]!.n;
      // Its body with these values, explained under its own settings: each range by its partial index, a plain index scan.
      const src = (await sql<{ src: string }>`select prosrc as src from pg_proc where proname = 'open_steps_maybe_stale'`.execute(db)).rows[0]!.src;
      const body = src.slice(src.indexOf('return query') + 'return query'.length, src.lastIndexOf(';'))
        .replaceAll('p_now', `'${iso(now)}'::timestamptz`).replaceAll('p_lo', `'${lim!.lo.toISOString()}'::timestamptz`).replaceAll('p_hi', `'${lim!.hi.toISOString()}'::timestamptz`);
      const plan = await db.transaction().execute(async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx);
        await sql`set local enable_bitmapscan = off`.execute(trx);
        return planNodes((await sql<{ 'QUERY PLAN': unknown }>`explain (format json) ${sql.raw(body)}`.execute(trx)).rows[0]!['QUERY PLAN']);
      });
      const scans = plan.filter((n) => n['Relation Name'] === 'tasks').map((n) => `${n['Node Type']} ${n['Index Name']}`);
      t.same(scans, ['Index Scan tasks_sla_pending_idx', 'Index Scan tasks_sla_unset_idx', 'Index Scan tasks_sla_in_time_idx', 'Index Scan tasks_sla_due_soon_idx',
        'Index Scan tasks_sla_overdue_idx'], 'each range by its partial index');
      return taken;
    };
    t.equal(await tasksRead(MOMENTS[1]!), 0, 'classified at the moment it answers for: no task row taken in');
    const open = (await sql<{ n: number }>`select count(*)::int as n from tasks where state = 'CREATED'`.execute(db)).rows[0]!.n;
    const later = await tasksRead(MOMENTS[1]! + 40 * MIN);
    t.ok(later > 0 && later < open / 4, `40 minutes later: ${later} of ${open} open steps taken in (those that crossed a line)`);
    await rollupOpenStepCounts(db);

    const keys = (await sql<{ key: string; dossier_id: string }>`select key, dossier_id from tasks where state = 'CREATED' order by key`.execute(db)).rows;
    const key = (i: number) => keys[i % keys.length]!.key;
    await sql`update tasks set assignee_id = (select id from users where username = 'o-officer') where key in (${key(1)}, ${key(2)})`.execute(db);
    await sql`update tasks set state = 'COMPLETED', completed_at = ${iso(BASE)} where key in (${key(3)}, ${key(4)})`.execute(db);
    await sql`update tasks set state = 'CANCELED' where key = ${key(5)}`.execute(db);
    await sql`delete from tasks where key = ${key(6)}`.execute(db);
    await sql`update tasks set due_at = due_at + interval '7 minutes' where key = ${key(7)}`.execute(db);
    await sql`update tasks set due_at = ${iso(BASE + 20 * MIN)} where key = ${key(8)}`.execute(db);
    await sql`update tasks set due_at = null where key = ${key(9)}`.execute(db);
    await sql`update tasks set agency_id = 'o-b' where key in (${key(10)}, ${key(11)})`.execute(db);
    await sql`update tasks set sla_state = 'due_soon' where key in (${key(12)}, ${key(13)})`.execute(db);
    await sql`update tasks set name = 'Thẩm định', step = 'appraisal', element_id = 'e-appraisal' where key = ${key(14)}`.execute(db);
    await sql`update tasks set dossier_id = ${keys[20]!.dossier_id} where key = ${key(15)}`.execute(db);
    // One step key under two names (as when two procedures name it differently), in several buckets.
    await sql`update tasks set name = 'Thẩm định hồ sơ' where key in (select key from tasks where step = 'appraisal' and state = 'CREATED' order by key limit 6)`.execute(db);
    const ids = (await sql<{ id: string }>`select id from dossiers where code like 'O-%' order by code`.execute(db)).rows.map((r) => r.id);
    await sql`update dossiers set status = 'supplement_requested' where id in (${ids[1]!}, ${ids[2]!}, ${ids[3]!})`.execute(db);
    await sql`update dossiers set status = 'stopped' where id = ${ids[4]!}`.execute(db);
    t.ok((await countersMatch(t, db, 'changed')).multi > 0, 'changed: some dossiers have several open steps');
    await summariesMatch(t, db, 'changed');
    await rollupOpenStepCounts(db); // some counter rows reach 0 and go
    await countersMatch(t, db, 'changed, rolled up');
    await summariesMatch(t, db, 'changed, rolled up');

    await sql`update dossiers set status = 'processing' where id in (${ids[1]!}, ${ids[2]!})`.execute(db);
    await sql`update tasks set state = 'COMPLETED' where dossier_id = ${ids[0]!} and state = 'CREATED'`.execute(db);
    await sql`insert into tasks (key, process_instance_key, bpmn_process_id, element_id, name, step, dossier_id, agency_id, state, due_at, created_at)
      select 'o-extra-' || d.code, '1', 'p', 'e-approval', 'Phê duyệt', 'approval', d.id, 'o-a1', 'CREATED', ${iso(BASE + 25 * MIN)}, ${iso(BASE)}
      from dossiers d where d.code in ('O-5', 'O-6', 'O-7')`.execute(db);
    await sql`delete from tasks where dossier_id = ${ids[8]!}`.execute(db);
    t.ok((await countersMatch(t, db, 'changed again')).multi > 0, 'changed again: some dossiers have several open steps');
    await summariesMatch(t, db, 'changed again');
    // A step of a dossier with several moved to the start of its hour (the counted key unchanged): it becomes the dossier's first.
    const moved = await sql`update tasks set due_at = date_trunc('hour', due_at, 'UTC') where key = (select task_key from open_step_excess
      where kind = 'dossier' and due_at <> date_trunc('hour', due_at, 'UTC') order by task_key limit 1)`.execute(db);
    t.equal(Number(moved.numAffectedRows), 1, 'a step moved inside its hour');
    await countersMatch(t, db, 'moved inside its hour');
    await summariesMatch(t, db, 'moved inside its hour');
    // An agency moved in the tree: every subtree's excess rows follow.
    await sql`update agencies set parent_id = 'o-b' where id = 'o-a1'`.execute(db);
    await countersMatch(t, db, 'agency moved');
    await summariesMatch(t, db, 'agency moved');
  });
}
