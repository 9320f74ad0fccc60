/**
 * The live task list (server-sent events) over real HTTP: a change reaches an open stream within a
 * second — written by this process (claim) or by another one (found by polling the change stamps) —
 * only for users who may see the task; a write that changes nothing sends nothing; a stamp whose
 * transaction commits after a later one is still delivered (PostgreSQL); closing the app ends the streams.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import t from 'tap';
import { sql } from 'kysely';
import { BURST } from '../../api/services/task-feed.ts';
import { databaseTargets } from '../helpers/databases.ts';
import { buildTestApp, bearer, DEMO_PASSWORD } from '../helpers/app.ts';
import { addTestProcedure, TEST_SCHEMA_DIR } from '../helpers/test-procedure.ts';
import { settle } from '../helpers/settle.ts';
import { hashPassword } from '../../api/services/passwords.ts';

const formData = { applicant: { fullName: 'Lê Thị Thu', personalId: '001203012345' }, childName: 'Lê Minh', dateOfBirth: '2026-02-20' };

interface TaskEvent { id: string; event: string; data: { key: string; change: string; state: string; assigneeId: string | null; step: string | null; dossierCode: string | null; agencyId: string | null }; at: number }

/** Opens a stream and collects its events; `wait` resolves with the first matching one (or null after `ms`). */
function openStream(url: string) {
  return new Promise<{ res: IncomingMessage; events: TaskEvent[]; ended: Promise<void>; wait(match: (e: TaskEvent) => boolean, ms?: number): Promise<TaskEvent | null>; close(): void }>((resolve, reject) => {
    const req = httpRequest(url, (res) => {
      const events: TaskEvent[] = [];
      let listeners: Array<() => void> = [];
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const lines = buffer.slice(0, cut).split('\n').filter((l) => l && !l.startsWith(':'));
          buffer = buffer.slice(cut + 2);
          if (!lines.length) continue;
          const f = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]));
          events.push({ id: f.id!, event: f.event!, data: JSON.parse(f.data!), at: Date.now() });
          for (const l of listeners) l();
        }
      });
      const ended = new Promise<void>((r) => res.on('close', () => r()));
      const wait = (match: (e: TaskEvent) => boolean, ms = 5000) => new Promise<TaskEvent | null>((r) => {
        const check = () => {
          const found = events.find(match);
          if (!found) return;
          clearTimeout(timer);
          listeners = listeners.filter((l) => l !== check);
          r(found);
        };
        const timer = setTimeout(() => {
          listeners = listeners.filter((l) => l !== check);
          r(null);
        }, ms);
        listeners.push(check);
        check();
      });
      resolve({ res, events, ended, wait, close: () => req.destroy() });
    });
    req.on('error', reject);
    req.end();
  });
}

for (const target of databaseTargets()) {
  t.test(`live task stream on ${target.name}`, async (t) => {
    const ctx = await buildTestApp(target, {}, { formSchemaDir: TEST_SCHEMA_DIR, autoStart: false });
    let closed = false;
    t.teardown(async () => {
      if (!closed) await ctx.close();
    });
    const { app } = ctx;
    const db = ctx.handle.db;
    await addTestProcedure(ctx);
    const hash = await hashPassword(DEMO_PASSWORD);
    await db.insertInto('users').values([
      { username: 'specialist2', full_name: 'Võ Văn Hai', email: null, roles: ['specialist'], agency_id: 'xa-demo-ubnd', password_hash: hash },
      { username: 'police', full_name: 'Cán bộ Công an', email: null, roles: ['specialist'], agency_id: 'ca-xa-demo', password_hash: hash },
    ]).execute();
    ctx.clock.set('2026-03-02T02:00:00Z');
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const [reception, specialist, specialist2, police, supervisor] = await Promise.all(['reception', 'specialist', 'specialist2', 'police', 'supervisor'].map((u) => ctx.token(u)));
    const specialistId = (await db.selectFrom('users').select('id').where('username', '=', 'specialist').executeTakeFirstOrThrow()).id;

    const refused = await fetch(`${base}/api/tasks/stream`);
    t.equal(refused.status, 401, 'no token');
    await refused.body?.cancel();
    const s2 = await openStream(`${base}/api/tasks/stream?access_token=${specialist2}`);
    const other = await openStream(`${base}/api/tasks/stream?access_token=${police}`);
    const watcher = await openStream(`${base}/api/tasks/stream?access_token=${supervisor}`);
    t.teardown(() => [s2, other, watcher].forEach((s) => s.close()));
    t.equal(s2.res.statusCode, 200);
    t.match(s2.res.headers['content-type'], /^text\/event-stream/);
    await app.taskFeed.settled();

    const receive = () => app.inject({ method: 'POST', url: '/api/dossiers', headers: bearer(reception), payload: { procedureId: 'test-procedure', channel: 'in_person', formData } });
    const dossier = (await receive()).json();
    const second = (await receive()).json();
    await settle(app);
    const created = await s2.wait((e) => e.data.dossierCode === dossier.code && e.data.change === 'created');
    t.match(created, { event: 'task', data: { change: 'created', state: 'CREATED', assigneeId: null, step: 'appraisal', agencyId: 'xa-demo-ubnd' } }, 'a new task of the group');
    t.match(created!.id, /^\d+$/, 'id: the change sequence number');
    const key = created!.data.key;
    t.ok(await watcher.wait((e) => e.data.key === key), 'the supervisor of the centre watches the units below it');
    const reception1 = await watcher.wait((e) => e.data.dossierCode === dossier.code && e.data.step === 'reception' && e.data.change === 'completed');
    t.ok(reception1, 'the centre\'s reception task, completed by itself');
    t.notOk(s2.events.some((e) => e.data.step === 'reception'), 'not to the unit\'s specialist: another agency\'s task');

    t.test('a claim by a colleague reaches the group', async (t) => {
      const start = Date.now();
      const claimed = await app.inject({ method: 'POST', url: `/api/tasks/${key}/claim`, headers: bearer(specialist) });
      t.equal(claimed.statusCode, 200, claimed.body);
      const event = await s2.wait((e) => e.data.key === key && e.data.change === 'claimed');
      t.ok(event, 'claimed event');
      t.match(event?.data, { key, change: 'claimed', state: 'CREATED', assigneeId: specialistId, step: 'appraisal', dossierCode: dossier.code, agencyId: 'xa-demo-ubnd' });
      // The latency is reported, not asserted (no timed assertions): the stream polls every 400 ms.
      t.comment(`arrived after ${event ? event.at - start : '-'} ms`);
    });

    t.test('reconciling with the engine rewrites the rows but changes nothing: no event', async (t) => {
      const before = s2.events.length;
      await app.taskProjector.reconcile();
      await app.taskProjector.idle();
      t.equal(await s2.wait((e) => s2.events.indexOf(e) >= before, 900), null);
    });

    t.test('a change written by another process is found by polling', async (t) => {
      const start = Date.now();
      await db.updateTable('tasks').set({ assignee_id: null }).where('key', '=', key).execute();
      const event = await s2.wait((e) => e.data.key === key && e.data.change === 'unclaimed');
      t.ok(event, 'unclaimed event');
      // The latency is reported, not asserted (no timed assertions): the stream polls every 400 ms.
      t.comment(`arrived after ${event ? event.at - start : '-'} ms`);
    });

    t.test('a burst of changes (a bulk import) arrives as one resync, not an event per task', async (t) => {
      const before = s2.events.length;
      await sql`insert into tasks (key, kind, process_instance_key, bpmn_process_id, element_id, step, agency_id, candidate_groups, state, created_at)
        select 'burst-' || g, 'user_task', 'burst-' || g, 'motcua-test-procedure', 'Task_appraisal', 'appraisal', 'xa-demo-ubnd', '{specialist}', 'CREATED', now()
        from generate_series(1, ${BURST + 50}) g`.execute(db);
      t.ok(await s2.wait((e) => s2.events.indexOf(e) >= before && e.event === 'resync'), 'a resync');
      t.equal(s2.events.slice(before).filter((e) => e.event === 'task').length, 0, 'no event per task');
      await db.deleteFrom('tasks').where('key', 'like', 'burst-%').execute();
    });

    if (target.name === 'postgres') {
      t.test('a stamp committed after a later one is still delivered, once', async (t) => {
        const [otherTask] = await db.selectFrom('tasks').select('key').where('dossier_code', '=', second.code).where('step', '=', 'appraisal').execute();
        let release!: () => void;
        const gate = new Promise<void>((r) => { release = r; });
        const slow = db.transaction().execute(async (tx) => {
          await tx.updateTable('tasks').set({ priority: 10 }).where('key', '=', key).execute();
          await gate;
        });
        await new Promise((r) => setTimeout(r, 100));
        await db.updateTable('tasks').set({ priority: 20 }).where('key', '=', otherTask!.key).execute();
        t.ok(await s2.wait((e) => e.data.key === otherTask!.key && e.data.change === 'updated'), 'the later stamp, committed first');
        await new Promise((r) => setTimeout(r, 500));
        release();
        await slow;
        t.ok(await s2.wait((e) => e.data.key === key && e.data.change === 'updated'), 'the earlier stamp, committed later');
        await new Promise((r) => setTimeout(r, 900));
        t.equal(s2.events.filter((e) => e.data.key === key && e.data.change === 'updated').length, 1, 'delivered once');
      });
    }

    t.test('another agency hears nothing; closing the app ends the streams', async (t) => {
      t.same(other.events, [], 'the police unit got no event');
      closed = true;
      await ctx.close();
      const ended = await Promise.race([Promise.all([s2.ended, other.ended, watcher.ended]).then(() => true), new Promise((r) => setTimeout(() => r(false), 3000))]);
      t.ok(ended, 'every stream ended');
      t.notOk(ctx.logs.join('').includes(specialist2), 'the token in the URL is never logged');
    });
  });
}
