/**
 * Report II.06a: every figure recounted from the raw dossier rows (with the domain's classifier)
 * at fixed times of a manual clock, dossiers brought to their states through the API; the XLSX and
 * PDF downloads; bad input (from > to, more than five years → 400 naming the field; agency outside → 404).
 */
import t from 'tap';
import ExcelJS from 'exceljs';
import { extractText, getDocumentProxy } from 'unpdf';
import { databaseTargets } from '../helpers/databases.ts';
import { bearer, buildTestApp, type TestApp } from '../helpers/app.ts';
import { classifyFinished } from '../../api/domain/sla/index.ts';

const schemaDir = new URL('../fixtures/schemas', import.meta.url).pathname;
const PERIOD = 'from=2026-03-01&to=2026-03-31';
const START = new Date('2026-03-01T00:00:00+07:00');
const END = new Date('2026-04-01T00:00:00+07:00');

/** The report recounted in plain code from every dossier row. */
async function recount(ctx: TestApp) {
  const rows = await ctx.handle.db.selectFrom('dossiers').innerJoin('procedures', 'procedures.id', 'dossiers.procedure_id')
    .select(['procedures.field', 'dossiers.status', 'dossiers.channel', 'dossiers.received_at', 'dossiers.finished_at', 'dossiers.due_at']).execute();
  const now = ctx.clock.now();
  const asOf = now < END ? now : END;
  const out = new Map<string, { received: Record<string, number>; resolved: Record<string, number>; inProgress: Record<string, number> }>();
  for (const r of rows) {
    if (!r.received_at || r.received_at >= END || ['refused', 'stopped'].includes(r.status)) continue;
    if (r.finished_at && r.finished_at < START) continue;
    const f = out.get(r.field) ?? { received: { total: 0, online: 0, offline: 0, carriedOver: 0 }, resolved: { total: 0, early: 0, onTime: 0, late: 0 }, inProgress: { total: 0, withinDue: 0, overdue: 0 } };
    out.set(r.field, f);
    f.received.total! += 1;
    if (r.received_at < START) f.received.carriedOver! += 1;
    else if (r.channel === 'online') f.received.online! += 1;
    else f.received.offline! += 1;
    if (r.finished_at && r.finished_at < END) {
      f.resolved.total! += 1;
      const outcome = classifyFinished(r.due_at!, r.finished_at);
      f.resolved[outcome === 'on_time' ? 'onTime' : outcome]! += 1;
    } else {
      f.inProgress.total! += 1;
      f.inProgress[r.due_at! < asOf && r.status !== 'supplement_requested' ? 'overdue' : 'withinDue']! += 1;
    }
  }
  return [...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([field, f]) => ({ field, ...f }));
}

for (const target of databaseTargets()) {
  t.test(`report II.06a on ${target.name}`, async (t) => {
    const ctx = await buildTestApp(target, {}, { formSchemaDir: schemaDir, autoStart: false });
    t.teardown(() => ctx.close());
    const { app } = ctx;
    for (const [id, field] of [['test-procedure', 'Hộ tịch'], ['test-procedure-b', 'Chứng thực']]) {
      await ctx.handle.db.insertInto('procedures').values({
        id: id!, national_code: null, name_vi: `Thủ tục ${field}`, name_en: 'Test', field: field!, legal_limit: JSON.stringify({ kind: 'workingDays', days: 3 }),
        online_level: 'full', process_id: 'motcua-test', form_schema_id: 'test-procedure',
      }).execute();
    }
    const [reception, specialist, leader, supervisor] = await Promise.all(['reception', 'specialist', 'leader', 'supervisor'].map(async (u) => bearer(await ctx.token(u))));
    const post = async (url: string, headers: Record<string, string>, payload: object = {}) => {
      const res = await app.inject({ method: 'POST', url, headers, payload });
      t.ok(res.statusCode < 300, `${url}: ${res.body}`);
      return res.json();
    };
    const at = (iso: string) => ctx.clock.set(iso);
    const receive = async (procedureId: string, channel: string, extra: object = {}) => {
      const formData = { applicant: { fullName: 'Nguyễn Văn An', personalId: '001203012345' }, childName: 'Bé', dateOfBirth: '2026-02-20' };
      const d = await post('/api/dossiers', reception, { procedureId, channel, formData, ...extra });
      if (channel === 'online') await post(`/api/dossiers/${d.code}/accept`, reception);
      return d.code as string;
    };
    const decide = async (code: string) => {
      await post(`/api/dossiers/${code}/start-processing`, reception);
      await post(`/api/dossiers/${code}/decide`, leader, { outcome: 'approved' });
    };
    const report = async (q = PERIOD) => (await app.inject({ url: `/api/reports/ii06a?${q}`, headers: supervisor })).json();
    const figures = (r: { rows: unknown[] }) => r.rows.map((x) => { const { field, received, resolved, inProgress } = x as Record<string, unknown>; return { field, received, resolved, inProgress }; });

    at('2026-02-23T02:00:00Z'); // Mon 23 Feb 09:00
    const open = await receive('test-procedure', 'in_person'); // due Thu 26 Feb: carried over, overdue
    const before = await receive('test-procedure-b', 'post');
    at('2026-02-25T02:00:00Z');
    await decide(before); // finished before the period: not counted
    at('2026-02-26T02:00:00Z');
    const onTime = await receive('test-procedure', 'in_person'); // due Tue 3 Mar 17:00
    at('2026-03-02T02:00:00Z'); // Mon 2 Mar 09:00
    const early = await receive('test-procedure', 'online'); // due Thu 5 Mar
    const late = await receive('test-procedure-b', 'in_person');
    const paused = await receive('test-procedure-b', 'in_person');
    await receive('test-procedure', 'in_person', { refusalReasons: ['Thiếu giấy tờ'] });
    at('2026-03-03T08:00:00Z'); // Tue 3 Mar 15:00: the due day
    await decide(onTime);
    await post(`/api/dossiers/${paused}/start-processing`, reception);
    await post(`/api/dossiers/${paused}/request-supplement`, specialist, { items: ['Giấy chứng sinh'] });
    at('2026-03-04T02:00:00Z');
    await decide(early);

    t.test('mid-period (Wed 4 Mar): every figure as recounted', async (t) => {
      const r = await report();
      t.same(figures(r), await recount(ctx));
      t.equal(r.asOf, '2026-03-04T02:00:00.000Z');
      t.match(r.total, { received: { total: 5, online: 1, offline: 2, carriedOver: 2 }, resolved: { total: 2, early: 1, onTime: 1, late: 0 }, inProgress: { total: 3, withinDue: 2, overdue: 1 } });
    });

    t.test('after the period (2 Apr): every figure as recounted', async (t) => {
      at('2026-03-06T03:00:00Z');
      await decide(late); // due Thu 5 Mar 17:00
      at('2026-04-01T02:00:00Z');
      await receive('test-procedure', 'post'); // after the period
      at('2026-04-02T02:00:00Z');
      const r = await report();
      t.same(figures(r), await recount(ctx));
      t.same(figures(r), [
        { field: 'Chứng thực', received: { total: 2, online: 0, offline: 2, carriedOver: 0 }, resolved: { total: 1, early: 0, onTime: 0, late: 1 }, inProgress: { total: 1, withinDue: 1, overdue: 0 } },
        { field: 'Hộ tịch', received: { total: 3, online: 1, offline: 0, carriedOver: 2 }, resolved: { total: 2, early: 1, onTime: 1, late: 0 }, inProgress: { total: 1, withinDue: 0, overdue: 1 } },
      ]);
      t.same(r.total, { received: { total: 5, online: 1, offline: 2, carriedOver: 2 }, resolved: { total: 3, early: 1, onTime: 1, late: 1 }, inProgress: { total: 2, withinDue: 1, overdue: 1 } });
      t.match(r, { period: { from: '2026-03-01', to: '2026-03-31' }, agency: { id: 'xa-demo' }, asOf: '2026-03-31T17:00:00.000Z' });
      t.notOk(open === late);
      const unit = await report(`${PERIOD}&agency=xa-demo-ubnd`);
      t.same(unit.total, r.total, 'the handling unit sees the same dossiers');
    });

    t.test('downloads: XLSX with the legal header and the same figures; a landscape PDF', async (t) => {
      const x = await app.inject({ url: `/api/reports/ii06a.xlsx?${PERIOD}`, headers: supervisor });
      t.equal(x.statusCode, 200);
      t.match(x.headers['content-disposition'], /bao-cao-ii06a-2026-03-01-2026-03-31\.xlsx/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(x.rawPayload as never);
      const ws = wb.worksheets[0]!;
      t.equal(ws.getCell('G1').value, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
      t.equal(ws.getCell('A5').value, 'Biểu số II.06a/VPCP/KSTT');
      t.match(String(ws.getCell('A7').value), /từ ngày 01\/03\/2026 đến ngày 31\/03\/2026/);
      const last = ws.getRow(ws.rowCount).values as unknown[];
      t.same(last.slice(2), ['Tổng cộng', 5, 1, 2, 2, 3, 1, 1, 1, 2, 1, 1]);
      const p = await app.inject({ url: `/api/reports/ii06a.pdf?${PERIOD}`, headers: supervisor });
      t.equal(p.statusCode, 200);
      t.equal(p.headers['content-type'], 'application/pdf');
      t.equal(p.rawPayload.subarray(0, 5).toString(), '%PDF-');
      const pdf = await getDocumentProxy(new Uint8Array(p.rawPayload));
      const { width, height } = (await pdf.getPage(1)).getViewport({ scale: 1 });
      t.ok(width > height, 'landscape');
      const text = (await extractText(pdf, { mergePages: true })).text;
      for (const line of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Biểu số II.06a/VPCP/KSTT', 'Kỳ báo cáo: từ ngày 01/03/2026 đến ngày 31/03/2026', 'Tổng cộng 5 1 2 2 3 1 1 1 2 1 1', 'tính đến 31/03/2026']) t.ok(text.includes(line), line);
    });

    t.test('bad input: 400 naming the field; an agency outside → 404', async (t) => {
      const bad = async (q: string) => app.inject({ url: `/api/reports/ii06a?${q}`, headers: supervisor });
      const reversed = await bad('from=2026-03-31&to=2026-03-01');
      t.equal(reversed.statusCode, 400);
      t.match(reversed.json().details, [{ field: 'from' }]);
      const long = await bad('from=2020-01-01&to=2026-01-01');
      t.equal(long.statusCode, 400);
      t.match(long.json().details, [{ field: 'to' }]);
      t.equal((await bad('from=2021-03-01&to=2026-02-28')).statusCode, 200, 'five years is allowed');
      t.equal((await bad('from=2026-02-30&to=2026-03-01')).statusCode, 400);
      t.equal((await bad('to=2026-03-01')).statusCode, 400);
      t.equal((await bad(`${PERIOD}&agency=ca-xa-demo`)).statusCode, 404);
      t.equal((await app.inject({ url: `/api/reports/ii06a.xlsx?${PERIOD}&agency=tinh-demo`, headers: supervisor })).statusCode, 404);
      t.equal((await app.inject({ url: `/api/reports/ii06a?${PERIOD}`, headers: reception })).statusCode, 403);
    });
  });
}
