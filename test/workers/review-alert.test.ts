/**
 * The online review clock (Decree 118 Art. 17.2): an online dossier waiting for review alerts the
 * receiving agency's receptionists once when its 8 working hours are nearly over (2 left) and once
 * when they are over, through the alerts `/canh-bao` shows — at fixed times of the manual clock,
 * by the SLA sweep; nothing once the dossier is reviewed.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { databaseTargets } from '../helpers/databases.ts';
import { bearer, buildTestApp } from '../helpers/app.ts';

const formData = JSON.parse(readFileSync(new URL('../../schemas/procedures/examples/marital-status-confirmation.json', import.meta.url), 'utf8')) as Record<string, unknown>;

for (const target of databaseTargets()) {
  t.test(`online review alerts on ${target.name}`, async (t) => {
    const ctx = await buildTestApp(target, {}, { autoStart: false });
    t.teardown(() => ctx.close());
    const { app, clock } = ctx;
    const reception = bearer(await ctx.token('reception'));
    const register = async () => {
      const res = await app.inject({ method: 'POST', url: '/api/dossiers', headers: reception, payload: { procedureId: 'marital-status-confirmation', channel: 'online', formData } });
      if (res.statusCode !== 201) throw new Error(`not registered: ${res.body}`);
      return res.json() as { code: string; reviewDueAt: string };
    };
    const sweepAt = async (instant: string) => {
      clock.set(instant);
      await app.workers.sweep!.runOnce();
    };
    const alerts = async () => {
      const res = await app.inject({ url: '/api/alerts', headers: reception });
      return (res.json() as { items: Array<{ kind: string; dossierCode: string; title: string; body: string }> }).items
        .filter((a) => a.kind.startsWith('online-review')).map((a) => `${a.kind}:${a.dossierCode}`).sort();
    };

    clock.set('2026-03-02T09:00:00+07:00'); // Monday
    const waiting = await register();
    const reviewed = await register();
    t.equal(waiting.reviewDueAt, '2026-03-03T02:30:00.000Z', 'Mon 09:00 + 8 working hours → Tue 09:30');

    await sweepAt('2026-03-02T16:00:00+07:00');
    t.same(await alerts(), [], 'Mon 16:00: 3 working hours left, in time');
    t.equal((await app.inject({ method: 'POST', url: `/api/dossiers/${reviewed.code}/accept`, headers: reception })).statusCode, 200, 'the second one is reviewed');

    await sweepAt('2026-03-03T07:45:00+07:00');
    t.same(await alerts(), [`online-review-due-soon:${waiting.code}`], 'Tue 07:45: 1¾ working hours left → due soon, to reception');
    const [soon] = (await app.inject({ url: '/api/alerts', headers: reception })).json().items as Array<{ title: string; body: string }>;
    t.match(soon, { title: `Sắp hết hạn xem xét hồ sơ trực tuyến ${waiting.code}`, body: /03\/03\/2026 09:30.*Điều 17\.2/ });
    const en = (await app.inject({ url: '/api/alerts', headers: { ...reception, 'accept-language': 'en' } })).json().items[0] as { title: string };
    t.equal(en.title, `Online dossier ${waiting.code}: review due soon`);

    await sweepAt('2026-03-03T08:30:00+07:00');
    await sweepAt('2026-03-03T09:30:00+07:00');
    t.same(await alerts(), [`online-review-due-soon:${waiting.code}`], 'once: later sweeps in the due-soon window add nothing');

    await sweepAt('2026-03-03T09:31:00+07:00');
    t.same(await alerts(), [`online-review-due-soon:${waiting.code}`, `online-review-overdue:${waiting.code}`], 'Tue 09:31: overdue, once');
    await sweepAt('2026-03-03T10:00:00+07:00');
    await sweepAt('2026-03-04T08:00:00+07:00');
    t.equal((await alerts()).length, 2, 'never twice');

    const specialist = (await app.inject({ url: '/api/alerts', headers: bearer(await ctx.token('specialist')) })).json().items as Array<{ kind: string }>;
    t.notOk(specialist.some((a) => a.kind.startsWith('online-review')), 'only reception of the receiving agency');
  });

  t.test(`an online review turning due soon in the lunch break is alerted when the office opens, on ${target.name}`, async (t) => {
    const ctx = await buildTestApp(target, {}, { autoStart: false });
    t.teardown(() => ctx.close());
    const { app, clock } = ctx;
    const reception = bearer(await ctx.token('reception'));
    clock.set('2026-03-02T15:00:00+07:00'); // Monday: 2 working hours today, due Tue 15:30
    const res = await app.inject({ method: 'POST', url: '/api/dossiers', headers: reception, payload: { procedureId: 'marital-status-confirmation', channel: 'online', formData } });
    t.equal(res.statusCode, 201);
    const kinds = async () => ((await app.inject({ url: '/api/alerts', headers: reception })).json().items as Array<{ kind: string }>).map((a) => a.kind);
    clock.set('2026-03-03T11:29:00+07:00');
    await app.workers.sweep!.runOnce();
    t.same(await kinds(), [], 'Tue 11:29: 2 working hours and a minute left');
    clock.set('2026-03-03T11:45:00+07:00'); // lunch break: 2 working hours left, due soon — not delivered now
    await app.workers.sweep!.runOnce();
    t.same(await kinds(), [], 'nothing during the lunch break');
    clock.set('2026-03-03T13:30:00+07:00');
    await app.workers.sweep!.runOnce();
    t.same(await kinds(), ['online-review-due-soon'], 'delivered when the office opens (13:30)');
  });
}
