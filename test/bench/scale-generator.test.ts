/**
 * The scale generator (`bench/scale/generate.ts`) at a tiny size on a fresh PostgreSQL database: a tenth
 * of the dossiers open, each open one with its active process instance and its open task (most within their
 * deadlines, some overdue), codes unique,
 * engine keys below the sequence; the real app, listening, serves a generated officer its commune's
 * tasks and dossiers only, and runs a cloned dossier's next step.
 */
import t from 'tap';
import { sql } from 'kysely';
import { buildApp } from '../../api/app.ts';
import { loadConfig } from '../../api/config.ts';
import { generateProvince } from '../../bench/scale/generate.ts';
import { BENCH_PASSWORD } from '../../bench/scale/province.ts';
import { freshPostgres } from '../helpers/databases.ts';

const url = process.env.TEST_DATABASE_URL;
const OUTCOMES: Record<string, Record<string, unknown>> = {
  appraisal: { appraisal: { outcome: 'ok', note: 'Đủ điều kiện' } },
  verification: { verification: { outcome: 'confirmed' } },
  triage: { triage: { outcome: 'accept' } },
  approval: { approval: { outcome: 'approve' } },
  reception: { reception: { outcome: 'accept' } },
  delivery: { result: { outcome: 'returned', channel: 'truc_tiep' } },
};

if (!url) {
  t.fail('TEST_DATABASE_URL is not set: the scale generator needs a real PostgreSQL server');
} else {
  t.test('300 dossiers in 5 communes', async (t) => {
    const handle = await freshPostgres(url);
    const running: { app?: Awaited<ReturnType<typeof buildApp>> } = {};
    // The app first (its engine and workers use the database), then the database dropped.
    t.teardown(async () => {
      await running.app?.close();
      await handle.close();
    });
    const db = handle.db;
    const result = await generateProvince({ databaseUrl: handle.url, dossiers: 300, communes: 5, log: () => undefined });
    t.equal(result.dossiers, 300);

    const count = async (q: ReturnType<typeof sql<{ n: number }>>) => Number((await q.execute(db)).rows[0]!.n);
    t.equal(await count(sql`select count(*) as n from dossiers`), 300);
    // Open: waiting at a step (a decided dossier has its finish time but still waits for the result's return).
    const open = await count(sql`select count(*) as n from dossiers where status not in ('returned', 'refused', 'stopped')`);
    t.ok(open >= 27 && open <= 33, `about a tenth open: ${open}`);
    t.equal(await count(sql`select count(distinct code) as n from dossiers where code ~ '^XA0[1-5]-[0-9]{6}-[0-9]{4}$'`), 300, 'codes unique, in the configured format');
    t.equal(await count(sql`select count(*) as n from dossiers d where status not in ('returned', 'refused', 'stopped') and not exists (
      select 1 from engine_process_instance p where p.key::text = d.process_instance_key and p.state = 'ACTIVE')`), 0, 'every open dossier has its active process instance');
    t.equal(await count(sql`select count(*) as n from dossiers d where status not in ('returned', 'refused', 'stopped') and not exists (
      select 1 from tasks k where k.dossier_id = d.id and k.state = 'CREATED')`), 0, 'and an open task');
    t.equal(await count(sql`select count(*) as n from tasks k where k.state = 'CREATED' and k.kind = 'user_task' and not exists (
      select 1 from engine_user_task u where u.key::text = k.key and u.state = 'CREATED' and u.process_instance_key::text = k.process_instance_key)`), 0, 'every open task is the engine\'s open user task');
    t.equal(await count(sql`select count(*) as n from tasks k join dossiers d on d.id = k.dossier_id where k.state = 'CREATED' and k.agency_id not in (d.receiving_agency_id, d.handling_agency_id) and k.kind = 'user_task'`), 0, 'tasks sit in their dossier\'s agencies');
    t.equal(await count(sql`select count(*) as n from dossiers where received_at > now() or created_at > now()`), 0, 'nothing received after now');
    // A commune decides most dossiers within their deadlines: the open steps are mostly recent, some weeks old.
    const overdue = await count(sql`select count(*) as n from tasks where state = 'CREATED' and due_at <= now()`);
    const ahead = await count(sql`select count(*) as n from tasks where state = 'CREATED' and due_at > now()`);
    t.ok(ahead > overdue, `most open steps within their deadline: ${ahead} against ${overdue} overdue`);
    const seq = await count(sql`select last_value as n from engine_key_seq`);
    const maxKey = await count(sql`select max(k) as n from (select max(key) as k from engine_process_instance union all select max(key) from engine_user_task union all select max(element_instance_key) from engine_element_history) m`);
    t.ok(maxKey < seq, 'the engine allocates new keys above every generated one');
    t.ok(await count(sql`select count(*) as n from dossier_history`) >= 4 * 270, 'history for every finished dossier');
    t.ok(await count(sql`select count(*) as n from audit_log where target_type = 'dossier'`) >= 2 * 270, 'audit rows');

    // The real app on the generated database.
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: handle.url, DEMO_DATA: 'false', RATE_LIMIT_PUBLIC_PER_MINUTE: '100000' });
    const app = await buildApp({ config, database: { ...handle, close: async () => undefined } });
    running.app = app;
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const login = async (username: string) => {
      const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: BENCH_PASSWORD }) });
      t.equal(res.status, 200, `login ${username}`);
      return { authorization: `Bearer ${((await res.json()) as { accessToken: string }).accessToken}` };
    };
    const getJson = async (path: string, headers: Record<string, string>) => {
      const res = await fetch(`${base}${path}`, { headers });
      t.equal(res.status, 200, path);
      return (await res.json()) as { items: Array<Record<string, unknown>>; total: number };
    };

    // A cloned dossier outside the templates' commune.
    const task = await db.selectFrom('tasks').innerJoin('dossiers', 'dossiers.id', 'tasks.dossier_id')
      .select(['tasks.key', 'tasks.step', 'tasks.candidate_groups', 'tasks.assignee_id', 'tasks.process_instance_key', 'tasks.agency_id', 'dossiers.code', 'dossiers.receiving_agency_id'])
      .where('tasks.state', '=', 'CREATED').where('tasks.kind', '=', 'user_task').where('dossiers.receiving_agency_id', '=', 'xa-02')
      .orderBy('tasks.key').executeTakeFirstOrThrow();
    const prefix = 'xa02';
    const supervisor = await login(`${prefix}-supervisor`);
    const dossiers = await getJson('/api/dossiers?pageSize=100', supervisor);
    t.ok(dossiers.total > 0, 'the commune supervisor sees dossiers');
    t.ok(dossiers.items.every((d) => String(d.code).startsWith('XA02-')), 'only the commune\'s own');
    t.ok(dossiers.items.some((d) => d.code === task.code), 'including the open cloned one');

    const group = String(task.candidate_groups[0]);
    const assignee = task.assignee_id ? (await db.selectFrom('users').select('username').where('id', '=', task.assignee_id).executeTakeFirstOrThrow()).username : null;
    const username = assignee ?? `${prefix}-${group === 'receptionist' ? 'reception' : group === 'leader' ? 'leader' : 'specialist1'}`;
    const officer = await login(username);
    const tasks = await getJson('/api/tasks?view=all&pageSize=100', officer);
    t.ok(tasks.items.some((k) => k.key === task.key), `${username} sees the cloned task`);
    t.ok(tasks.items.every((k) => String(k.agencyId).startsWith('xa-02')), 'and only the commune\'s tasks');

    if (!assignee) t.equal((await fetch(`${base}/api/tasks/${task.key}/claim`, { method: 'POST', headers: officer })).status, 200, 'claim');
    const done = await fetch(`${base}/api/tasks/${task.key}/complete`, { method: 'POST', headers: { ...officer, 'content-type': 'application/json' }, body: JSON.stringify({ variables: OUTCOMES[task.step!] }) });
    t.equal(done.status, 200, `complete ${task.step}: ${done.status === 200 ? '' : await done.text()}`);
    // The engine runs the cloned instance on: its completed step leaves it (a next task, or the end).
    let moved = false;
    for (let i = 0; i < 100 && !moved; i++) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from engine_user_task where process_instance_key::text = ${task.process_instance_key} and key::text <> ${task.key} and state = 'CREATED'`.execute(db);
      const instance = await sql<{ state: string }>`select state from engine_process_instance where key::text = ${task.process_instance_key}`.execute(db);
      moved = rows[0]!.n > 0 || instance.rows[0]?.state !== 'ACTIVE';
      if (!moved) await new Promise((r) => setTimeout(r, 100));
    }
    t.ok(moved, 'the cloned process instance moved on to its next step');
    const incidents = await count(sql`select count(*) as n from engine_incident where process_instance_key::text = ${task.process_instance_key}`);
    t.equal(incidents, 0, 'without incident');
  });
}
