/**
 * The staff view: per officer, steps completed, the on-time share and the average time per step,
 * recounted from the raw task rows at fixed times of a manual clock (tasks made by the real engine);
 * a leader sees the officers of their agency only; roles; bad input.
 */
import t from 'tap';
import { databaseTargets } from '../helpers/databases.ts';
import { bearer, buildTestApp, type TestApp } from '../helpers/app.ts';
import { addTestProcedure, TEST_SCHEMA_DIR } from '../helpers/test-procedure.ts';
import { settle } from '../helpers/settle.ts';
import { agencySubtree } from '../../api/services/agencies.ts';

/** Per officer, recounted in plain code from every task row. */
async function recount(ctx: TestApp, scope: string[], start: Date, end: Date) {
  const out = new Map<string, { completed: number; withDue: number; onTime: number; totalMs: number }>();
  for (const r of await ctx.handle.db.selectFrom('tasks').selectAll().execute()) {
    if (r.state !== 'COMPLETED' || !r.completed_by || !r.completed_at || r.completed_at < start || r.completed_at >= end || !scope.includes(r.agency_id!)) continue;
    const o = out.get(r.completed_by) ?? { completed: 0, withDue: 0, onTime: 0, totalMs: 0 };
    o.completed += 1;
    o.totalMs += r.completed_at.getTime() - r.created_at.getTime();
    if (r.due_at) { o.withDue += 1; if (r.completed_at <= r.due_at) o.onTime += 1; }
    out.set(r.completed_by, o);
  }
  return out;
}

for (const target of databaseTargets()) {
  t.test(`staff view on ${target.name}`, async (t) => {
    const ctx = await buildTestApp(target, {}, { formSchemaDir: TEST_SCHEMA_DIR, autoStart: false });
    t.teardown(() => ctx.close());
    const { app } = ctx;
    const db = ctx.handle.db;
    await addTestProcedure(ctx);
    ctx.clock.set('2026-03-02T02:00:00Z'); // Mon 2 Mar 09:00
    const [reception, specialist, leader, supervisor] = await Promise.all(['reception', 'specialist', 'leader', 'supervisor'].map(async (u) => bearer(await ctx.token(u))));
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) {
      const formData = { applicant: { fullName: 'Phạm Văn Cường', personalId: '001203012345' }, childName: 'Bé', dateOfBirth: '2026-02-20' };
      const res = await app.inject({ method: 'POST', url: '/api/dossiers', headers: reception, payload: { procedureId: 'test-procedure', channel: 'in_person', formData } });
      t.equal(res.statusCode, 201, res.statusCode === 201 ? 'created' : res.body);
      codes.push(res.json().code as string);
    }
    await settle(app);
    const open = async (code: string) => db.selectFrom('tasks').selectAll().where('dossier_code', '=', code).where('state', '=', 'CREATED').executeTakeFirstOrThrow();
    const complete = async (code: string, headers: Record<string, string>, variables: object) => {
      const task = await open(code);
      const res = await app.inject({ method: 'POST', url: `/api/tasks/${task.key}/complete`, headers, payload: { variables } });
      t.equal(res.statusCode, 200, res.statusCode === 200 ? 'ok' : res.body);
      await settle(app);
    };
    ctx.clock.set('2026-03-02T04:00:00Z'); // 11:00: 2 hours after creation
    await complete(codes[0]!, specialist, { appraisal: { outcome: 'ok' } });
    ctx.clock.set('2026-03-03T02:00:00Z'); // Tue 09:00: late
    await complete(codes[1]!, specialist, { appraisal: { outcome: 'ok' } });
    await complete(codes[2]!, specialist, { appraisal: { outcome: 'ok' } });
    ctx.clock.set('2026-03-03T03:00:00Z');
    await complete(codes[0]!, leader, { approval: { outcome: 'approve' } });
    // The stored step due dates (the engine's are set by the SLA worker, not run here): Mon 2 Mar 17:00 for the
    // first two appraisals (one completed in time, one late), none for the third.
    for (const [i, due] of ['2026-03-02T10:00:00Z', '2026-03-02T10:00:00Z', null].entries()) {
      await db.updateTable('tasks').set({ due_at: due }).where('dossier_code', '=', codes[i]!).where('step', '=', 'appraisal').execute();
    }

    const MARCH = { start: new Date('2026-03-01T00:00:00+07:00'), end: new Date('2026-04-01T00:00:00+07:00') };
    const get = (q: string, headers = supervisor) => app.inject({ url: `/api/supervision/staff?${q}`, headers });
    const users = Object.fromEntries((await db.selectFrom('users').select(['id', 'username']).execute()).map((u) => [u.username, u.id]));

    t.test('per officer: every figure as recounted', async (t) => {
      const res = await get('from=2026-03-01&to=2026-03-31');
      t.equal(res.statusCode, 200, res.statusCode === 200 ? 'ok' : res.body);
      const r = res.json();
      const want = await recount(ctx, await agencySubtree(db, 'xa-demo'), MARCH.start, MARCH.end);
      t.equal(r.items.length, want.size);
      for (const o of r.items) {
        const w = want.get(o.userId)!;
        t.match(o, { completed: w.completed, withDue: w.withDue, onTime: w.onTime, avgMs: Math.round(w.totalMs / w.completed), onTimeShare: w.withDue ? Math.round((w.onTime / w.withDue) * 10_000) / 10_000 : null }, o.username);
        t.equal(o.steps.reduce((s: number, x: { completed: number }) => s + x.completed, 0), o.completed);
      }
      const spec = r.items.find((o: { userId: string }) => o.userId === users.specialist);
      t.match(spec, { fullName: String, completed: 3, withDue: 2, onTime: 1, onTimeShare: 0.5 });
      t.match(spec.steps, [{ step: 'appraisal', completed: 3 }]);
      const lead = r.items.find((o: { userId: string }) => o.userId === users.leader);
      t.match(lead, { completed: 1, avgMs: (await db.selectFrom('tasks').select(['created_at', 'completed_at']).where('completed_by', '=', users.leader!).executeTakeFirstOrThrow().then((x) => x.completed_at!.getTime() - x.created_at.getTime())) });
      t.equal(r.items[0].userId, users.specialist, 'most steps first');
    });

    t.test('a period without the work counts nothing', async (t) => {
      t.same((await get('from=2026-02-01&to=2026-02-28')).json().items, []);
    });

    t.test('a leader sees the officers of their agency only; roles; bad input', async (t) => {
      const mine = (await get('from=2026-03-01&to=2026-03-31', leader)).json();
      const want = await recount(ctx, await agencySubtree(db, 'xa-demo-ubnd'), MARCH.start, MARCH.end);
      t.same(mine.items.map((o: { userId: string }) => o.userId).sort(), [...want.keys()].sort());
      t.equal((await get('from=2026-03-01&to=2026-03-31&agency=xa-demo', leader)).statusCode, 404, 'the centre above is outside the leader\'s subtree');
      t.equal((await get('from=2026-03-01&to=2026-03-31&agency=ca-xa-demo')).statusCode, 404);
      t.equal((await get('from=2026-03-01&to=2026-03-31', specialist)).statusCode, 403);
      t.equal((await get('from=2026-03-01&to=2026-03-31', reception)).statusCode, 403);
      const reversed = await get('from=2026-03-31&to=2026-03-01');
      t.equal(reversed.statusCode, 400);
      t.match(reversed.json().details, [{ field: 'from' }]);
      const long = await app.inject({ url: '/api/supervision/staff?from=2020-01-01&to=2026-01-01', headers: { ...supervisor, 'accept-language': 'en' } });
      t.match(long.json(), { statusCode: 400, details: [{ field: 'to', message: /five years/ }] });
    });
  });
}
