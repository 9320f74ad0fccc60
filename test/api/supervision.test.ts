/**
 * The supervisor's live view: the counts of `GET /api/supervision/summary` recounted from the raw
 * task and dossier rows (with the domain's classifier) at fixed times of a manual clock; the overdue
 * list, most late first, with its holder; a reminder (notification + audit); scope (404 outside).
 */
import t from 'tap';
import { databaseTargets } from '../helpers/databases.ts';
import { bearer, buildTestApp } from '../helpers/app.ts';
import { addTestProcedure, TEST_SCHEMA_DIR } from '../helpers/test-procedure.ts';
import { settle } from '../helpers/settle.ts';
import { classifyOpen } from '../../api/domain/sla/index.ts';

const NAMES = ['Lê Thị Thu', 'Nguyễn Văn Ánh', 'Trần Đức Minh', 'Phạm Thị Hoa', 'Đỗ Văn Nam'];
type Counts = { in_time: number; due_soon: number; overdue: number; paused: number };

for (const target of databaseTargets()) {
  t.test(`supervision dashboard on ${target.name}`, async (t) => {
    const ctx = await buildTestApp(target, {}, { formSchemaDir: TEST_SCHEMA_DIR, autoStart: false });
    t.teardown(() => ctx.close());
    const { app } = ctx;
    const db = ctx.handle.db;
    await addTestProcedure(ctx);
    ctx.clock.set('2026-03-02T02:00:00Z'); // Monday 09:00 in Vietnam
    const [reception, specialist, supervisor, admin, leader] = await Promise.all(['reception', 'specialist', 'supervisor', 'admin', 'leader'].map(async (u) => bearer(await ctx.token(u))));
    const codes: string[] = [];
    for (const fullName of NAMES) {
      const formData = { applicant: { fullName, personalId: '001203012345' }, childName: 'Bé', dateOfBirth: '2026-02-20' };
      const res = await app.inject({ method: 'POST', url: '/api/dossiers', headers: reception, payload: { procedureId: 'test-procedure', channel: 'in_person', formData } });
      codes.push(res.json().code as string);
    }
    await settle(app);
    const keyOf = async (code: string) => (await db.selectFrom('tasks').select('key').where('dossier_code', '=', code).where('state', '=', 'CREATED').executeTakeFirstOrThrow()).key;
    t.equal((await app.inject({ method: 'POST', url: `/api/tasks/${await keyOf(codes[1]!)}/claim`, headers: specialist })).statusCode, 200);
    await settle(app);
    // Overdue by 2 days and by 1 hour, due soon, in time; the fifth waits for a supplement.
    const due = ['2026-02-27T02:00:00Z', '2026-03-02T01:00:00Z', '2026-03-03T01:30:00Z', '2026-03-06T10:00:00Z'];
    for (const [i, at] of due.entries()) await db.updateTable('tasks').set({ due_at: at }).where('key', '=', await keyOf(codes[i]!)).execute();
    await app.inject({ method: 'POST', url: `/api/dossiers/${codes[4]}/start-processing`, headers: reception });
    const asked = await app.inject({ method: 'POST', url: `/api/dossiers/${codes[4]}/request-supplement`, headers: specialist, payload: { items: ['Giấy chứng sinh'] } });
    t.equal(asked.statusCode, 200, asked.body);

    /** The counts recounted from raw rows with the domain's classifier. */
    const recount = async () => {
      const now = ctx.clock.now();
      const totals: Counts = { in_time: 0, due_soon: 0, overdue: 0, paused: 0 };
      const tasks = await db.selectFrom('tasks').innerJoin('dossiers', 'dossiers.id', 'tasks.dossier_id')
        .select(['tasks.agency_id', 'tasks.created_at', 'tasks.due_at', 'dossiers.status']).where('tasks.state', '=', 'CREATED').execute();
      for (const r of tasks) {
        if (['refused', 'stopped', 'returned', 'supplement_requested'].includes(r.status)) continue;
        totals[r.due_at ? classifyOpen(await app.calendars.forAgency(r.agency_id), r.created_at, r.due_at, now, app.slaPolicy.dueSoon) : 'in_time'] += 1;
      }
      totals.paused = (await db.selectFrom('dossiers').select('id').where('status', '=', 'supplement_requested').execute()).length;
      return totals;
    };
    const summary = async (headers = supervisor, q = '') => (await app.inject({ url: `/api/supervision/summary${q}`, headers })).json();

    t.test('counts match a recount from the raw rows, at two times', async (t) => {
      const s = await summary();
      t.same(s.totals, await recount());
      t.same(s.totals, { in_time: 1, due_soon: 1, overdue: 2, paused: 1 });
      t.same(s.byProcedure, [{ id: 'test-procedure', name: 'Thủ tục thử nghiệm', in_time: 1, due_soon: 1, overdue: 2, paused: 1 }]);
      t.match(s.byAgency, [{ id: 'xa-demo-ubnd', overdue: 2, paused: 1 }]);
      t.same(s.byStep.map((x: { id: string }) => x.id).sort(), ['appraisal', 'supplement']);
      ctx.clock.set('2026-03-03T02:00:00Z'); // Tuesday 09:00: the due-soon one is overdue now
      const later = await summary();
      t.same(later.totals, await recount());
      t.same(later.totals, { in_time: 1, due_soon: 0, overdue: 3, paused: 1 });
      ctx.clock.set('2026-03-02T02:00:00Z');
      t.same((await summary(admin)).totals, s.totals, 'an admin of the centre sees the same');
      t.same((await summary(leader)).totals, s.totals, 'the leader of the unit handling them too');
    });

    t.test('the overdue list: most late first, with the holder and since when', async (t) => {
      const res = await app.inject({ url: '/api/supervision/overdue?pageSize=1', headers: supervisor });
      t.equal(res.statusCode, 200);
      const page1 = res.json();
      t.equal(page1.total, 2);
      t.match(page1.items[0], { dossier: { code: codes[0], applicantName: NAMES[0] }, holder: null, step: 'appraisal', lateMs: 3 * 86_400_000 });
      const page2 = (await app.inject({ url: '/api/supervision/overdue?pageSize=1&page=2', headers: supervisor })).json();
      t.match(page2.items[0], { dossier: { code: codes[1] }, holder: { username: 'specialist' }, lateMs: 3_600_000 });
      t.ok(page2.items[0].since);
    });

    t.test('the dossiers waiting for the applicant, with since when', async (t) => {
      const res = (await app.inject({ url: '/api/supervision/paused', headers: supervisor })).json();
      t.match(res, { total: 1, items: [{ code: codes[4], applicantName: NAMES[4], procedureName: 'Thủ tục thử nghiệm', since: '2026-03-02T02:00:00.000Z' }] });
      t.equal((await app.inject({ url: '/api/supervision/paused?agency=ca-xa-demo', headers: supervisor })).statusCode, 404);
    });

    t.test('remind: a notification to the holder, audited', async (t) => {
      const key = await keyOf(codes[1]!);
      const res = await app.inject({ method: 'POST', url: `/api/supervision/remind/${key}`, headers: supervisor });
      t.same(res.json(), { notified: 1 });
      const note = await db.selectFrom('notifications').innerJoin('users', 'users.id', 'notifications.user_id').select(['users.username', 'notifications.kind', 'notifications.dossier_code']).where('kind', '=', 'supervisor_reminder').execute();
      t.same(note, [{ username: 'specialist', kind: 'supervisor_reminder', dossier_code: codes[1] }]);
      t.equal((await db.selectFrom('audit_log').select('id').where('action', '=', 'task.remind').where('target_id', '=', key).execute()).length, 1);
      const free = await app.inject({ method: 'POST', url: `/api/supervision/remind/${await keyOf(codes[0]!)}`, headers: supervisor });
      t.same(free.json(), { notified: 1 }, 'an unclaimed step: its group in the agency');
      t.equal((await app.inject({ method: 'POST', url: `/api/supervision/remind/${key}`, headers: admin })).statusCode, 403);
    });

    t.test('scope: a sub-agency narrows; an agency outside → 404', async (t) => {
      t.same((await summary(supervisor, '?agency=xa-demo-ubnd')).totals, { in_time: 1, due_soon: 1, overdue: 2, paused: 1 });
      t.same((await summary(supervisor, '?agency=xa-demo')).totals.overdue, 2);
      for (const url of ['/api/supervision/summary?agency=ca-xa-demo', '/api/supervision/overdue?agency=tinh-demo', '/api/supervision/summary?agency=nope']) {
        t.equal((await app.inject({ url, headers: supervisor })).statusCode, 404, url);
      }
      t.equal((await app.inject({ url: '/api/supervision/summary?agency=xa-demo', headers: leader })).statusCode, 404, 'the unit\'s leader cannot look above');
      t.equal((await app.inject({ url: '/api/supervision/summary', headers: specialist })).statusCode, 403);
    });
  });
}
