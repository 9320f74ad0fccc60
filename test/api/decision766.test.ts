/**
 * The Decision 766 index: every measured criterion's inputs recounted from the raw rows (dossiers,
 * their history, documents, ratings, procedures) with the domain's rule, at fixed times of a manual
 * clock, dossiers brought to their states through the API; the subtraction rule differing from
 * Decree 118's restart; criteria not captured shown as not measured; the month-on-month change;
 * bad input (400 naming the field), scope (404 outside; another agency's dossier never counted), roles.
 */
import t from 'tap';
import { databaseTargets } from '../helpers/databases.ts';
import { bearer, buildTestApp, type TestApp } from '../helpers/app.ts';
import { multipartBody } from '../helpers/fuzz.ts';
import { decision766, decision766InputOf } from '../../api/domain/sla/index.ts';
import { agencySubtree } from '../../api/services/agencies.ts';
import { dueAt } from '../../api/domain/calendar/index.ts';
import { CRITERIA, checkCriteria, pointsFor, previousPeriod } from '../../api/domain/sla/decision766-index.ts';

const schemaDir = new URL('../fixtures/schemas', import.meta.url).pathname;
const MARCH = { from: '2026-03-01', to: '2026-03-31', start: new Date('2026-03-01T00:00:00+07:00'), end: new Date('2026-04-01T00:00:00+07:00') };

/** The inputs of every measured criterion, recounted in plain code from the raw rows of the agencies `scope`. */
async function recount(ctx: TestApp, scope: string[], start: Date, end: Date) {
  const db = ctx.handle.db;
  const now = ctx.clock.now();
  const asOf = now < end ? now : end;
  const inScope = new Set((await db.selectFrom('dossier_agencies').select(['dossier_id', 'agency_id']).execute()).filter((r) => scope.includes(r.agency_id)).map((r) => r.dossier_id));
  const history = await db.selectFrom('dossier_history').select(['dossier_id', 'action', 'details', 'at']).orderBy('at').orderBy('id').execute();
  const docs = await db.selectFrom('documents').select(['dossier_id', 'kind']).execute();
  const within = (at: Date | null) => at !== null && at >= start && at < end;
  const all = (await db.selectFrom('dossiers').selectAll().execute())
    .filter((d) => inScope.has(d.id) && d.received_at && d.received_at < end && !(d.finished_at && d.finished_at < start) && !['refused', 'stopped'].includes(d.status));
  const c = { dossiers: 0, onTime: 0, received: 0, online: 0, withPayments: 0, paidOnline: 0, returned: 0, electronic: 0, finished: 0, digitised: 0, petitions: 0, petitionsOnTime: 0 };
  for (const d of all) {
    const calendar = await ctx.app.calendars.forAgency(d.handling_agency_id ?? d.receiving_agency_id);
    const s = d.state as { pauses: Array<{ kind: string; from: string; to: string | null }>; supplementRequests: number; payments: Array<{ method: string }>; returnedAt: string | null; returnMode: string | null };
    const finishedAt = within(d.finished_at) ? d.finished_at : null;
    if (d.procedure_id === 'feedback-petition') {
      c.petitions += 1;
      if ((finishedAt ?? asOf) <= dueAt(calendar, d.received_at!, { kind: 'workingDays', days: 15 })) c.petitionsOnTime += 1;
      continue;
    }
    const own = history.filter((h) => h.dossier_id === d.id);
    const receipt = own.find((h) => ['receive', 'accept'].includes(h.action) && h.details.dueAt);
    const ext = own.find((h) => h.action === 'extend');
    const r = decision766(calendar, decision766InputOf({
      receivedAt: d.received_at!, receiptDueAt: receipt ? new Date(receipt.details.dueAt as string) : null, originalOrCurrentDueAt: d.original_due_at ?? d.due_at!,
      extension: ext ? { previousDueAt: new Date(ext.details.previousDueAt as string), newDueAt: new Date(ext.details.newDueAt as string) } : null,
      pauses: s.pauses.map((p) => ({ kind: p.kind, from: new Date(p.from), to: p.to ? new Date(p.to) : null })), supplementRequests: s.supplementRequests, finishedAt,
    }), asOf);
    c.dossiers += 1;
    if (r.onTime) c.onTime += 1;
    if (d.received_at! >= start) { c.received += 1; if (d.channel === 'online') c.online += 1; }
    if (s.payments.length) { c.withPayments += 1; if (s.payments.some((p) => p.method === 'online')) c.paidOnline += 1; }
    if (within(s.returnedAt ? new Date(s.returnedAt) : null)) { c.returned += 1; if (s.returnMode !== 'paper') c.electronic += 1; }
    if (finishedAt) {
      c.finished += 1;
      const kinds = docs.filter((x) => x.dossier_id === d.id).map((x) => x.kind);
      if (kinds.some((k) => k !== 'result') && kinds.includes('result')) c.digitised += 1;
    }
  }
  const ratings = (await db.selectFrom('dossier_ratings').selectAll().execute()).filter((r) => scope.includes(r.agency_id) && within(r.rated_at));
  const procedures = (await db.selectFrom('procedures').selectAll().execute()).filter((p) => p.active && p.id !== 'feedback-petition');
  const dissatisfied = ratings.filter((r) => r.dissatisfied).length;
  return {
    'progress.onTime': { dossiers: c.dossiers, onTime: c.onTime, late: c.dossiers - c.onTime },
    'online.proceduresOnline': { activeProcedures: procedures.length, fullyOnline: procedures.filter((p) => p.online_level === 'full').length },
    'online.dossiersOnline': { received: c.received, online: c.online },
    'payment.online': { withPayments: c.withPayments, paidOnline: c.paidOnline },
    'digitisation.electronicResults': { returned: c.returned, electronic: c.electronic },
    'digitisation.digitised': { finished: c.finished, digitisedInputsAndResults: c.digitised },
    'satisfaction.petitions': { petitions: c.petitions, within15WorkingDays: c.petitionsOnTime },
    'satisfaction.rate': { dossiers: c.dossiers, late: c.dossiers - c.onTime, ratings: ratings.length, dissatisfied },
    satisfactionShare: 1 - ((c.dossiers ? (c.dossiers - c.onTime) / c.dossiers : 0) + (ratings.length ? dissatisfied / ratings.length : 0)),
  };
}

t.test('the criteria: weights add up to each group, 100 in all; previous periods', async (t) => {
  t.same(checkCriteria(), []);
  t.equal(CRITERIA.reduce((s, c) => s + c.maxPoints, 0), 100);
  t.same(previousPeriod('2026-03-01', '2026-03-31'), { from: '2026-02-01', to: '2026-02-28' });
  t.same(previousPeriod('2026-01-01', '2026-01-31'), { from: '2025-12-01', to: '2025-12-31' });
  t.same(previousPeriod('2026-03-10', '2026-03-19'), { from: '2026-02-28', to: '2026-03-09' });
  t.equal(pointsFor({ maxPoints: 6, fullAt: 0.5 }, 0.75), 6);
  t.equal(pointsFor({ maxPoints: 10, fullAt: 0.8 }, 0.4), 5);
});

for (const target of databaseTargets()) {
  t.test(`Decision 766 index on ${target.name}`, async (t) => {
    const ctx = await buildTestApp(target, {}, { formSchemaDir: schemaDir, autoStart: false });
    t.teardown(() => ctx.close());
    const { app } = ctx;
    const db = ctx.handle.db;
    for (const [id, level] of [['test-procedure', 'full'], ['test-procedure-b', 'partial'], ['feedback-petition', 'full']] as const) {
      const exists = await db.selectFrom('procedures').select('id').where('id', '=', id).executeTakeFirst();
      // The catalogue's petition procedure takes the test form here (its own schema is not in the fixtures).
      if (exists) { await db.updateTable('procedures').set({ form_schema_id: 'test-procedure' }).where('id', '=', id).execute(); continue; }
      await db.insertInto('procedures').values({
        id, national_code: null, name_vi: `Thủ tục ${id}`, name_en: 'Test', field: 'Hộ tịch', legal_limit: JSON.stringify({ kind: 'workingDays', days: 3 }),
        online_level: level, process_id: 'motcua-test', form_schema_id: 'test-procedure',
      }).execute();
    }
    const [reception, specialist, leader, supervisor, provinceAdmin] = await Promise.all(['reception', 'specialist', 'leader', 'supervisor', 'province-admin'].map(async (u) => bearer(await ctx.token(u))));
    const post = async (url: string, headers: Record<string, string>, payload: object = {}) => {
      const res = await app.inject({ method: 'POST', url, headers, payload });
      t.ok(res.statusCode < 300, res.statusCode < 300 ? url : `${url}: ${res.body}`);
      return res.json();
    };
    const at = (iso: string) => ctx.clock.set(iso);
    const receive = async (procedureId: string, channel: string) => {
      const formData = { applicant: { fullName: 'Nguyễn Văn An', personalId: '001203012345' }, childName: 'Bé', dateOfBirth: '2026-02-20' };
      const d = await post('/api/dossiers', reception, { procedureId, channel, formData });
      if (channel === 'online') await post(`/api/dossiers/${d.code}/accept`, reception);
      return d.code as string;
    };
    const decide = async (code: string, started = false) => {
      if (!started) await post(`/api/dossiers/${code}/start-processing`, reception);
      await post(`/api/dossiers/${code}/decide`, leader, { outcome: 'approved' });
    };
    const upload = async (code: string, kind: string) => {
      const boundary = 'b0undary766';
      const payload = multipartBody(boundary, [
        { name: 'kind', value: kind }, { name: 'typeCode', value: 'GCN' }, { name: 'title', value: 'Giấy tờ số hóa' },
        { name: 'metadata', value: JSON.stringify({ idNumber: '001203012345', holderName: 'Nguyễn Văn An', summary: 'Bản chụp', validUntil: 'indefinite', scope: 'Toàn quốc' }) },
        { name: 'file', value: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'), filename: 'a.pdf', type: 'application/pdf' },
      ]);
      const res = await app.inject({ method: 'POST', url: `/api/dossiers/${code}/documents`, headers: { ...reception, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
      t.equal(res.statusCode, 201, res.statusCode === 201 ? 'created' : res.body);
    };
    const rate = async (code: string, dissatisfied: boolean, ratedAt: string) => {
      const d = await db.selectFrom('dossiers').select(['id', 'procedure_id', 'receiving_agency_id']).where('code', '=', code).executeTakeFirstOrThrow();
      await db.insertInto('dossier_ratings').values({ dossier_id: d.id, agency_id: d.receiving_agency_id, procedure_id: d.procedure_id, channel: 'kiosk', scores: JSON.stringify({ time: dissatisfied ? 'not_satisfied' : 'satisfied' }), dissatisfied, comment: null, rated_at: ratedAt }).execute();
    };
    const index = async (q = `from=${MARCH.from}&to=${MARCH.to}`, headers = supervisor) => app.inject({ url: `/api/reports/decision-766?${q}`, headers });
    const byKey = (r: { criteria: Array<{ key: string }> }) => Object.fromEntries(r.criteria.map((c) => [c.key, c])) as unknown as Record<string, { points: number | null; measured: boolean; share: number | null; inputs: Record<string, number>; maxPoints: number }>;

    at('2026-02-23T02:00:00Z'); // Mon 23 Feb 09:00
    const a = await receive('test-procedure', 'in_person'); // due Thu 26 Feb 17:00
    const b = await receive('test-procedure-b', 'in_person'); // due Thu 26 Feb: decided late, 6 Mar
    at('2026-02-25T02:00:00Z');
    await decide(a);
    await rate(a, false, '2026-02-26T03:00:00Z');
    at('2026-03-02T02:00:00Z'); // Mon 2 Mar 09:00
    const c = await receive('test-procedure', 'online'); // due Thu 5 Mar 17:00
    const d = await receive('test-procedure', 'in_person');
    const e = await receive('test-procedure-b', 'in_person');
    const p = await receive('feedback-petition', 'in_person'); // 15 working days: Mon 23 Mar 17:00
    t.match(p, /^XADEMO-/, 'a petition received');
    const hidden = await receive('test-procedure', 'online');
    // Another agency's dossier (the police's, outside the commune centre's subtree): never counted by its supervisor.
    const hid = (await db.selectFrom('dossiers').select('id').where('code', '=', hidden).executeTakeFirstOrThrow()).id;
    await db.deleteFrom('dossier_agencies').where('dossier_id', '=', hid).execute();
    await db.insertInto('dossier_agencies').values({ dossier_id: hid, agency_id: 'ca-xa-demo', role: 'receiving', since: ctx.clock.now() }).execute();
    await db.updateTable('dossiers').set({ receiving_agency_id: 'ca-xa-demo', handling_agency_id: 'ca-xa-demo' }).where('id', '=', hid).execute();
    await post(`/api/dossiers/${c}/start-processing`, reception);
    await post(`/api/dossiers/${d}/start-processing`, reception);
    await post(`/api/dossiers/${d}/require-fee`, reception, { amount: 50_000, description: 'Lệ phí' });
    await post(`/api/dossiers/${d}/payments`, reception, { method: 'online', amount: 50_000, reference: 'VNPAY-1' });
    await post(`/api/dossiers/${e}/start-processing`, reception);
    await post(`/api/dossiers/${e}/require-fee`, reception, { amount: 20_000, description: 'Lệ phí' });
    await post(`/api/dossiers/${e}/payments`, reception, { method: 'cash', amount: 20_000 });
    at('2026-03-03T02:00:00Z'); // Tue 3 Mar 09:00
    await post(`/api/dossiers/${c}/request-supplement`, specialist, { items: ['Giấy chứng sinh'] });
    await post(`/api/dossiers/${e}/extend`, specialist, { newDueAt: '2026-03-11T10:00:00Z', reason: 'Cần xác minh thêm' });
    await upload(d, 'input');
    await decide(d, true);
    await upload(d, 'result');
    await post(`/api/dossiers/${d}/return-result`, reception, { mode: 'electronic' });
    await rate(d, false, '2026-03-03T04:00:00Z');
    at('2026-03-04T02:00:00Z'); // Wed 4 Mar 09:00: one working day paused; Decree 118 restarts: due Mon 9 Mar 17:00
    await post(`/api/dossiers/${c}/receive-supplement`, reception);
    at('2026-03-06T03:00:00Z');
    await decide(b);
    at('2026-03-09T03:00:00Z'); // Mon 9 Mar 10:00: on time under Decree 118, late under Decision 766 (Fri 6 Mar 17:00)
    await decide(c, true);
    at('2026-03-10T03:00:00Z');
    await decide(e, true); // within the extension
    await post(`/api/dossiers/${e}/return-result`, reception, { mode: 'paper' });
    await rate(e, true, '2026-03-10T04:00:00Z');

    t.test('mid-period (Wed 11 Mar): every input as recounted; Decree 118 and Decision 766 differ on the supplemented dossier', async (t) => {
      at('2026-03-11T02:00:00Z');
      const res = await index();
      t.equal(res.statusCode, 200, res.statusCode === 200 ? 'ok' : res.body);
      const r = res.json();
      const k = byKey(r);
      const want = await recount(ctx, await agencySubtree(db, 'xa-demo'), MARCH.start, MARCH.end);
      for (const [key, inputs] of Object.entries(want)) if (key !== 'satisfactionShare') t.match(k[key]!.inputs, inputs as object, key);
      t.match(k['progress.onTime']!.inputs, { dossiers: 4, onTime: 2, late: 2 });
      const cRow = await db.selectFrom('dossiers').select(['due_at', 'finished_at']).where('code', '=', c).executeTakeFirstOrThrow();
      t.ok(cRow.finished_at! <= cRow.due_at!, 'Decree 118: the supplemented dossier is on time');
      t.equal(k['progress.onTime']!.points, 10);
      t.equal(k['satisfaction.petitions']!.points, 4, 'the open petition is within 15 working days');
      t.equal(r.asOf, '2026-03-11T02:00:00.000Z');
    });

    t.test('after the period (2 Apr): points from the recount; not measured criteria; change against February', async (t) => {
      at('2026-04-02T02:00:00Z');
      const r = (await index()).json();
      const k = byKey(r);
      const want = await recount(ctx, await agencySubtree(db, 'xa-demo'), MARCH.start, MARCH.end);
      for (const [key, inputs] of Object.entries(want)) if (key !== 'satisfactionShare') t.match(k[key]!.inputs, inputs as object, key);
      t.same(want['online.dossiersOnline'], { received: 3, online: 1 });
      t.same(want['payment.online'], { withPayments: 2, paidOnline: 1 });
      t.same(want['digitisation.electronicResults'], { returned: 2, electronic: 1 });
      t.same(want['digitisation.digitised'], { finished: 4, digitisedInputsAndResults: 1 });
      t.same(want['satisfaction.petitions'], { petitions: 1, within15WorkingDays: 0 });
      t.same(want['satisfaction.rate'], { dossiers: 4, late: 2, ratings: 2, dissatisfied: 1 });
      const share = (x: Record<string, number>, n: string, dd: string) => x[n]! / x[dd]!;
      const def = (key: string) => CRITERIA.find((x) => x.key === key)!;
      t.equal(k['online.dossiersOnline']!.points, pointsFor(def('online.dossiersOnline'), share(want['online.dossiersOnline'], 'online', 'received')));
      t.equal(k['online.dossiersOnline']!.points, 4);
      t.equal(k['payment.online']!.points, 6.25);
      t.equal(k['digitisation.electronicResults']!.points, 3.75);
      t.equal(k['digitisation.digitised']!.points, pointsFor(def('digitisation.digitised'), 0.25));
      t.equal(k['satisfaction.petitions']!.points, 0, 'the petition is now past 15 working days');
      t.equal(k['satisfaction.rate']!.points, pointsFor(def('satisfaction.rate'), want.satisfactionShare));
      const procs = want['online.proceduresOnline'];
      t.equal(k['online.proceduresOnline']!.points, pointsFor(def('online.proceduresOnline'), procs.fullyOnline / procs.activeProcedures));
      for (const key of ['transparency.publication', 'digitisation.reuse', 'digitisation.vneid']) t.match(k[key], { measured: false, points: null }, `${key}: not measured, never invented`);
      const measured = r.criteria.filter((x: { points: number | null }) => x.points !== null);
      t.equal(r.total.points, Math.round(measured.reduce((s: number, x: { points: number }) => s + x.points, 0) * 100) / 100);
      t.equal(r.total.measuredMaxPoints, 100 - 18 - 5 - 5);
      t.equal(r.groups.length, 6);
      // February: a (on time) and b (open at the end of February, overdue) → 10 progress points.
      t.same(r.previous.period, { from: '2026-02-01', to: '2026-02-28' });
      const prev = Object.fromEntries(r.previous.criteria.map((x: { key: string; points: number | null }) => [x.key, x.points]));
      t.equal(prev['progress.onTime'], 10);
      t.equal(prev['payment.online'], null, 'no payment in February: nothing to count');
      t.equal(r.change.total, Math.round((r.total.points - r.previous.total.points) * 100) / 100);
      t.match(r.change.criteria.find((x: { key: string }) => x.key === 'progress.onTime'), { points: 0 });
      const april = byKey((await index('from=2026-04-01&to=2026-04-30')).json());
      t.match(april['satisfaction.rate'], { measured: true, points: null, inputs: { ratings: 0 } }, 'no rating in the period: no points rather than a guess');
    });

    t.test('scope: another agency\'s dossier is never counted; the province sees it', async (t) => {
      at('2026-04-02T02:00:00Z');
      const mine = byKey((await index()).json());
      const province = byKey((await index(`from=${MARCH.from}&to=${MARCH.to}`, provinceAdmin)).json());
      t.equal(mine['online.dossiersOnline']!.inputs.online, 1);
      t.match(mine['digitisation.reuse'], { rule: /chưa đo/, label: { vi: 'Tỷ lệ khai thác, tái sử dụng dữ liệu số hóa', en: 'Digitised data reused' } }, 'the rule in Vietnamese by default');
      const en = byKey((await app.inject({ url: `/api/reports/decision-766?from=${MARCH.from}&to=${MARCH.to}`, headers: { ...supervisor, 'accept-language': 'en' } })).json());
      t.match(en['digitisation.reuse'], { rule: /not measured/ }, 'and in English');
      t.equal(province['online.dossiersOnline']!.inputs.online, 2);
      t.equal(province['progress.onTime']!.inputs.dossiers, 5);
      t.equal((await index(`from=${MARCH.from}&to=${MARCH.to}&agency=ca-xa-demo`)).statusCode, 404);
      t.equal((await index(`from=${MARCH.from}&to=${MARCH.to}&agency=tinh-demo`)).statusCode, 404);
      t.equal((await index(`from=${MARCH.from}&to=${MARCH.to}&agency=ca-xa-demo`, provinceAdmin)).statusCode, 200);
    });

    t.test('bad input: 400 naming the field (Vietnamese, English); roles', async (t) => {
      const reversed = await index('from=2026-03-31&to=2026-03-01');
      t.equal(reversed.statusCode, 400);
      t.match(reversed.json(), { code: 'VALIDATION_FAILED', details: [{ field: 'from' }] });
      const en = await app.inject({ url: '/api/reports/decision-766?from=2020-01-01&to=2026-01-01', headers: { ...supervisor, 'accept-language': 'en' } });
      t.equal(en.statusCode, 400);
      t.match(en.json().details, [{ field: 'to', message: /five years/ }]);
      t.equal((await index('to=2026-03-01')).statusCode, 400);
      t.equal((await index('from=2026-02-30&to=2026-03-01')).statusCode, 400);
      t.equal((await index(`from=${MARCH.from}&to=${MARCH.to}`, reception)).statusCode, 403);
      t.equal((await index(`from=${MARCH.from}&to=${MARCH.to}`, specialist)).statusCode, 403);
      t.equal((await index(`from=${MARCH.from}&to=${MARCH.to}`, leader)).statusCode, 200);
    });
  });
}
