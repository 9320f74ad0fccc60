import t from 'tap';
import ExcelJS from 'exceljs';
import { databaseTargets } from '../helpers/databases.ts';
import { bearer, buildTestApp } from '../helpers/app.ts';
import { pdfText } from '../forms/fixtures.ts';

const [target] = databaseTargets();
t.test('forms of a dossier and the register, from the database', async (t) => {
  const ctx = await buildTestApp(target!, {}, { formSchemaDir: new URL('../fixtures/schemas', import.meta.url).pathname });
  t.teardown(() => ctx.close());
  const { app } = ctx;
  await ctx.handle.db.insertInto('procedures').values({
    id: 'test-procedure', national_code: '9.999999', name_vi: 'Đăng ký khai sinh thử nghiệm', name_en: 'Test', field: 'Hộ tịch',
    legal_limit: JSON.stringify({ kind: 'workingDays', days: 3 }), online_level: 'full', process_id: 'motcua-test', form_schema_id: 'test-procedure',
    required_documents: JSON.stringify([{ nameVi: 'Tờ khai đăng ký khai sinh', kind: 'form', required: true }, { nameVi: 'Giấy chứng sinh', kind: 'original', required: true }]),
  }).execute();
  ctx.clock.set('2026-03-02T02:00:00Z');
  const reception = bearer(await ctx.token('reception'));
  const specialist = bearer(await ctx.token('specialist'));
  const created = await app.inject({ method: 'POST', url: '/api/dossiers', headers: reception, payload: {
    procedureId: 'test-procedure', channel: 'in_person', formData: { applicant: { fullName: 'Trần Thị Hồng Nhung', personalId: '001203012345', address: 'Thôn Đông' }, childName: 'Bé Na', dateOfBirth: '2026-02-20' },
  } });
  const code = created.json().code as string;
  await app.inject({ method: 'POST', url: `/api/dossiers/${code}/request-supplement`, headers: specialist, payload: { items: ['Bản sao giấy đăng ký kết hôn của cha mẹ'] } });

  const form = (no: string) => app.inject({ url: `/api/dossiers/${code}/forms/${no}.pdf`, headers: specialist });
  const f01 = await form('01');
  t.equal(f01.statusCode, 200);
  t.equal(f01.headers['content-type'], 'application/pdf');
  const text01 = (await pdfText(f01.rawPayload)).text;
  for (const s of [code, 'Trần Thị Hồng Nhung', 'Đăng ký khai sinh thử nghiệm', 'Giấy chứng sinh', 'Ủy ban nhân dân xã Demo'.toUpperCase()]) t.ok(text01.includes(s), `form 01 shows ${s}`);
  const text02 = (await pdfText((await form('02')).rawPayload)).text;
  t.ok(text02.includes('Bản sao giấy đăng ký kết hôn của cha mẹ'), 'form 02 lists what is missing');
  const text06 = (await pdfText((await form('06')).rawPayload)).text;
  t.ok(text06.includes('Trung tâm Phục vụ hành chính công xã Demo'), 'form 06 names the receiving agency');
  const f03 = await form('03');
  t.equal(f03.statusCode, 409, 'no refusal form for a dossier that was not refused');
  t.equal((await form('07')).statusCode, 400);

  const csv = await app.inject({ url: '/api/registers/form-07.csv?from=2026-03-01&to=2026-03-31', headers: reception });
  t.equal(csv.statusCode, 200);
  t.ok(csv.body.includes(code) && csv.body.includes('Trần Thị Hồng Nhung'));
  const none = await app.inject({ url: '/api/registers/form-07.csv?from=2026-04-01&to=2026-04-30', headers: reception });
  t.notOk(none.body.includes(code), 'outside the period');
  const xlsx = await app.inject({ url: '/api/registers/form-07.xlsx?from=2026-03-01&to=2026-03-31', headers: reception });
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(xlsx.rawPayload as never);
  const cells: string[] = [];
  book.worksheets[0]!.eachRow((row) => row.eachCell((c) => cells.push(String(c.value))));
  t.ok(cells.includes(code), 'the XLSX has the dossier');
  const pdf = await app.inject({ url: '/api/registers/form-07.pdf?from=2026-03-01&to=2026-03-31', headers: reception });
  t.ok((await pdfText(pdf.rawPayload)).text.includes(code));
  t.equal((await app.inject({ url: '/api/registers/form-07.pdf?from=2026-03-31&to=2026-03-01', headers: reception })).statusCode, 400);
  t.equal((await app.inject({ url: '/api/registers/form-07.pdf?from=2026-03-01&to=2026-03-31', headers: specialist })).statusCode, 403);
});
