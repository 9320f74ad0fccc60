/**
 * Trends: received, resolved early, on time and late per week and per month, recounted from the raw
 * dossier rows with the domain's classifier at a fixed time of a manual clock; by procedure and agency;
 * the procedure filter; bad input (400 naming the field); scope (404 outside; another agency's dossier
 * never counted); roles.
 */
import t from 'tap';
import { databaseTargets } from '../helpers/databases.ts';
import { bearer, buildTestApp, type TestApp } from '../helpers/app.ts';
import { classifyFinished } from '../../api/domain/sla/index.ts';
import { agencySubtree } from '../../api/services/agencies.ts';

const schemaDir = new URL('../fixtures/schemas', import.meta.url).pathname;
type Counts = { received: number; early: number; onTime: number; late: number };

/** The local (UTC+7) day starting the week (Monday) or month of an instant. */
function bucketOf(at: Date, granularity: 'week' | 'month'): string {
  const local = new Date(at.getTime() + 7 * 3_600_000);
  if (granularity === 'month') return `${local.toISOString().slice(0, 7)}-01`;
  const back = (local.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - back)).toISOString().slice(0, 10);
}

/** The series recounted in plain code from every dossier row of the scope. */
async function recount(ctx: TestApp, scope: string[], start: Date, end: Date, granularity: 'week' | 'month', procedureId?: string) {
  const db = ctx.handle.db;
  const inScope = new Set((await db.selectFrom('dossier_agencies').select(['dossier_id', 'agency_id']).execute()).filter((r) => scope.includes(r.agency_id)).map((r) => r.dossier_id));
  const out = new Map<string, Counts>();
  const add = (b: string, k: keyof Counts) => { const c = out.get(b) ?? { received: 0, early: 0, onTime: 0, late: 0 }; c[k] += 1; out.set(b, c); };
  for (const d of await db.selectFrom('dossiers').selectAll().execute()) {
    if (!inScope.has(d.id) || ['refused', 'stopped'].includes(d.status) || (procedureId && d.procedure_id !== procedureId)) continue;
    if (d.received_at && d.received_at >= start && d.received_at < end) add(bucketOf(d.received_at, granularity), 'received');
    if (d.finished_at && d.finished_at >= start && d.finished_at < end) {
      const o = classifyFinished(d.due_at!, d.finished_at);
      add(bucketOf(d.finished_at, granularity), o === 'on_time' ? 'onTime' : o);
    }
  }
  return out;
}

for (const target of databaseTargets()) {
  t.test(`trends on ${target.name}`, async (t) => {
    const ctx = await buildTestApp(target, {}, { formSchemaDir: schemaDir, autoStart: false });
    t.teardown(() => ctx.close());
    const { app } = ctx;
    const db = ctx.handle.db;
    for (const id of ['test-procedure', 'test-procedure-b']) {
      await db.insertInto('procedures').values({
        id, national_code: null, name_vi: `Thủ tục ${id}`, name_en: 'Test', field: 'Hộ tịch', legal_limit: JSON.stringify({ kind: 'workingDays', days: 3 }),
        online_level: 'full', process_id: 'motcua-test', form_schema_id: 'test-procedure',
      }).execute();
    }
    const [reception, specialist, leader, supervisor, provinceAdmin] = await Promise.all(['reception', 'specialist', 'leader', 'supervisor', 'province-admin'].map(async (u) => bearer(await ctx.token(u))));
    const post = async (url: string, headers: Record<string, string>, payload: object = {}) => {
      const res = await app.inject({ method: 'POST', url, headers, payload });
      t.ok(res.statusCode < 300, res.statusCode < 300 ? url : `${url}: ${res.body}`);
      return res.json();
    };
    const at = (iso: string) => ctx.clock.set(iso);
    const receive = async (procedureId: string) => {
      const formData = { applicant: { fullName: 'Trần Thị Bình', personalId: '001203012345' }, childName: 'Bé', dateOfBirth: '2026-02-20' };
      return (await post('/api/dossiers', reception, { procedureId, channel: 'in_person', formData })).code as string;
    };
    const decide = async (code: string) => {
      await post(`/api/dossiers/${code}/start-processing`, reception);
      await post(`/api/dossiers/${code}/decide`, leader, { outcome: 'approved' });
    };

    at('2026-02-23T02:00:00Z'); // Mon 23 Feb
    const late = await receive('test-procedure'); // due Thu 26 Feb 17:00
    const early = await receive('test-procedure-b');
    at('2026-02-24T02:00:00Z');
    await decide(early); // early, week of 23 Feb, February
    at('2026-03-02T02:00:00Z'); // Mon 2 Mar
    await decide(late); // late, week of 2 Mar, March
    const onTime = await receive('test-procedure'); // due Thu 5 Mar 17:00
    const open = await receive('test-procedure-b');
    await receive('test-procedure', ); // open
    const hidden = await receive('test-procedure');
    const hid = (await db.selectFrom('dossiers').select('id').where('code', '=', hidden).executeTakeFirstOrThrow()).id;
    await db.deleteFrom('dossier_agencies').where('dossier_id', '=', hid).execute();
    await db.insertInto('dossier_agencies').values({ dossier_id: hid, agency_id: 'ca-xa-demo', role: 'receiving', since: ctx.clock.now() }).execute();
    await db.updateTable('dossiers').set({ receiving_agency_id: 'ca-xa-demo', handling_agency_id: 'ca-xa-demo' }).where('id', '=', hid).execute();
    at('2026-03-05T08:00:00Z'); // Thu 5 Mar 15:00, the due day
    await decide(onTime);
    at('2026-03-12T02:00:00Z');
    await receive('test-procedure'); // week of 9 Mar
    t.ok(open);

    const scope = await agencySubtree(db, 'xa-demo');
    const START = new Date('2026-02-01T00:00:00+07:00');
    const END = new Date('2026-04-01T00:00:00+07:00');
    const get = (q: string, headers = supervisor) => app.inject({ url: `/api/supervision/trends?${q}`, headers });

    t.test('per month and per week: every bucket as recounted', async (t) => {
      for (const granularity of ['month', 'week'] as const) {
        const res = await get(`from=2026-02-01&to=2026-03-31&granularity=${granularity}`);
        t.equal(res.statusCode, 200, res.statusCode === 200 ? 'ok' : res.body);
        const r = res.json();
        const want = await recount(ctx, scope, START, END, granularity);
        for (const b of r.buckets) t.same({ received: b.received, early: b.early, onTime: b.onTime, late: b.late }, want.get(b.start) ?? { received: 0, early: 0, onTime: 0, late: 0 }, `${granularity} ${b.start}`);
        t.same([...want.keys()].filter((k) => !r.buckets.some((b: { start: string }) => b.start === k)), [], 'no recounted bucket missing');
        t.same(r.total, { received: 6, early: 1, onTime: 1, late: 1 });
      }
      const months = (await get('from=2026-02-01&to=2026-03-31')).json();
      t.same(months.buckets.map((b: { start: string }) => b.start), ['2026-02-01', '2026-03-01']);
      t.match(months.buckets, [{ received: 2, early: 1, late: 0 }, { received: 4, onTime: 1, late: 1 }]);
      const weeks = (await get('from=2026-02-01&to=2026-03-31&granularity=week')).json();
      t.equal(weeks.buckets[0].start, '2026-01-26', 'the week holding 1 Feb starts on Monday 26 Jan');
      t.equal(weeks.buckets.length, 10);
      t.match(weeks.buckets.find((b: { start: string }) => b.start === '2026-03-02'), { received: 3, onTime: 1, late: 1 });
    });

    t.test('by procedure and agency; the procedure filter', async (t) => {
      const r = (await get('from=2026-02-01&to=2026-03-31')).json();
      t.match(r.byProcedure, [{ id: 'test-procedure', received: 4, onTime: 1, late: 1 }, { id: 'test-procedure-b', received: 2, early: 1 }]);
      t.match(r.byAgency, [{ id: 'xa-demo-ubnd', received: 6 }]);
      const one = (await get('from=2026-02-01&to=2026-03-31&procedure=test-procedure-b')).json();
      const want = await recount(ctx, scope, START, END, 'month', 'test-procedure-b');
      for (const b of one.buckets) t.same({ received: b.received, early: b.early, onTime: b.onTime, late: b.late }, want.get(b.start) ?? { received: 0, early: 0, onTime: 0, late: 0 });
      t.same(one.total, { received: 2, early: 1, onTime: 0, late: 0 });
    });

    t.test('scope, roles and bad input', async (t) => {
      const province = (await get('from=2026-02-01&to=2026-03-31', provinceAdmin)).json();
      t.equal(province.total.received, 7, 'the province sees the other agency\'s dossier');
      t.equal((await get('from=2026-02-01&to=2026-03-31&agency=ca-xa-demo')).statusCode, 404);
      t.equal((await get('from=2026-02-01&to=2026-03-31', reception)).statusCode, 403);
      t.equal((await get('from=2026-02-01&to=2026-03-31', specialist)).statusCode, 403);
      const reversed = await get('from=2026-03-31&to=2026-02-01');
      t.equal(reversed.statusCode, 400);
      t.match(reversed.json().details, [{ field: 'from' }]);
      t.match((await get('from=2020-01-01&to=2026-01-01')).json().details, [{ field: 'to' }]);
      const proc = await app.inject({ url: '/api/supervision/trends?from=2026-02-01&to=2026-03-31&procedure=none', headers: { ...supervisor, 'accept-language': 'en' } });
      t.equal(proc.statusCode, 400);
      t.match(proc.json().details, [{ field: 'procedure', message: 'no such procedure' }]);
      t.equal((await get('from=2026-02-01&to=2026-03-31&granularity=day')).statusCode, 400);
    });
  });
}
