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

  t.test('form 06: reception due at forwarding (15:00 rule), each step on its own deadline, hand-overs named', async (t) => {
    const leader = bearer(await ctx.token('leader'));
    ctx.clock.set('2026-02-13T08:30:00Z'); // Fri 13/2 15:30, after the cut-off, on the eve of Tết
    const late = await app.inject({ method: 'POST', url: '/api/dossiers', headers: reception, payload: {
      procedureId: 'test-procedure', channel: 'in_person', formData: { applicant: { fullName: 'Lê Thị Thu', personalId: '001203012346', address: 'Thôn Tây' }, childName: 'Bé Bo', dateOfBirth: '2026-02-01' },
    } });
    t.equal(late.statusCode, 201, late.body);
    const lateCode = late.json().code as string;
    t.equal(late.json().dueAt, '2026-02-25T10:00:00.000Z', '3 working days counted from Fri 13/2 (not counted): Mon 23, Tue 24, Wed 25');
    const act = async (path: string, headers: Record<string, string>, payload: object, at: string) => {
      ctx.clock.set(at);
      const res = await app.inject({ method: 'POST', url: `/api/dossiers/${lateCode}/${path}`, headers, payload });
      t.equal(res.statusCode, 200, `${path}: ${res.body}`);
    };
    await act('start-processing', reception, { assignee: 'specialist' }, '2026-02-23T02:00:00Z'); // Mon 23/2 09:00
    await act('decide', leader, { outcome: 'approved' }, '2026-02-26T02:00:00Z'); // Thu 26/2 09:00: a day late
    await act('return-result', reception, { mode: 'paper' }, '2026-02-26T03:00:00Z');
    const slip = await app.inject({ url: `/api/dossiers/${lateCode}/forms/06.pdf`, headers: specialist });
    t.equal(slip.statusCode, 200);
    const text = (await pdfText(slip.rawPayload)).text;
    const names = Object.fromEntries(await Promise.all(['reception', 'specialist', 'leader'].map(async (u) => [u, (await ctx.handle.db.selectFrom('users').select('full_name').where('username', '=', u).executeTakeFirstOrThrow()).full_name])));
    const centre = 'Trung tâm Phục vụ hành chính công xã Demo';
    for (const s of [
      `${centre} Tiếp nhận, chuyển hồ sơ 13/02/2026 15:30 Người giao: Lê Thị Thu Người nhận: ${names.reception} 23/02/2026 09:00 23/02/2026 11:30 Trước hạn`,
      `Thẩm định, trình ký 23/02/2026 09:00 Người giao: ${names.reception} Người nhận: ${names.specialist} 26/02/2026 09:00 25/02/2026 17:00 Quá hạn`,
      `Trả kết quả 26/02/2026 09:00 Người giao: ${names.leader} Người nhận: ${names.reception} 26/02/2026 10:00 26/02/2026 17:00 Trước hạn`,
      'Bước, cơ quan làm quá hạn: ',
    ]) t.ok(text.includes(s), `form 06 shows «${s}»`);
    t.notOk(text.includes(`${centre} (Tiếp nhận`), 'the centre is not named late for reception');
    t.notOk(text.includes(`${centre} (Trả kết quả`), 'nor for the return of a result that reached it late');
  });

  t.test('form 06 from the process steps: each judged at its own allocation, the late step and agency named', async (t) => {
    ctx.clock.set('2026-08-21T08:30:00Z'); // Fri 21/8 15:30, after the cut-off; Sat 22/8 is a make-up working day
    const res = await app.inject({ method: 'POST', url: '/api/dossiers', headers: reception, payload: {
      procedureId: 'test-procedure', channel: 'in_person', formData: { applicant: { fullName: 'Đỗ Văn Nam', personalId: '001203012347', address: 'Thôn Bắc' }, childName: 'Bé Mít', dateOfBirth: '2026-08-01' },
    } });
    t.equal(res.statusCode, 201, res.body);
    const d = res.json() as { id: string; code: string };
    const db = ctx.handle.db;
    const user = async (u: string) => db.selectFrom('users').select(['id', 'full_name']).where('username', '=', u).executeTakeFirstOrThrow();
    const [rec, spec, lead] = await Promise.all(['reception', 'specialist', 'leader'].map(user));
    const dossierId = (await db.selectFrom('dossiers').select('id').where('code', '=', d.code).executeTakeFirstOrThrow()).id;
    const task = (key: string, step: string, name: string, agency: string, who: string, created: string, due: string, done: string | null, state: 'COMPLETED' | 'CANCELED' = 'COMPLETED') => ({
      key, kind: 'user_task' as const, process_instance_key: 'pi-form06', bpmn_process_id: 'motcua-test', element_id: `Task_${step}`, name, step,
      dossier_id: dossierId, dossier_code: d.code, agency_id: agency, candidate_groups: ['specialist'], assignee_id: who, state,
      due_at: new Date(due), created_at: new Date(created), completed_at: done ? new Date(done) : null, completed_by: done ? who : null,
    });
    await db.insertInto('tasks').values([
      task('t-form06-1', 'reception', 'Tiếp nhận, kiểm tra hồ sơ', 'xa-demo', rec.id, '2026-08-21T08:30:00Z', '2026-08-21T09:30:00Z', '2026-08-22T01:00:00Z'),
      task('t-form06-2', 'appraisal', 'Thẩm định hồ sơ', 'xa-demo-ubnd', spec.id, '2026-08-22T01:00:00Z', '2026-08-24T06:00:00Z', '2026-08-25T02:00:00Z'),
      task('t-form06-x', 'appraisal', 'Thẩm định (hủy)', 'xa-demo-ubnd', spec.id, '2026-08-22T01:30:00Z', '2026-08-24T06:00:00Z', null, 'CANCELED'),
      task('t-form06-3', 'approval', 'Phê duyệt', 'xa-demo-ubnd', lead.id, '2026-08-25T02:00:00Z', '2026-08-25T10:00:00Z', '2026-08-25T03:00:00Z'),
    ]).execute();
    ctx.clock.set('2026-08-25T04:00:00Z');
    const text = (await pdfText((await app.inject({ url: `/api/dossiers/${d.code}/forms/06.pdf`, headers: specialist })).rawPayload)).text;
    for (const s of [
      `Tiếp nhận, kiểm tra hồ sơ 21/08/2026 15:30 Người giao: Đỗ Văn Nam Người nhận: ${rec.full_name} 22/08/2026 08:00 22/08/2026 11:30 Trước hạn`,
      `Thẩm định hồ sơ 22/08/2026 08:00 Người giao: ${rec.full_name} Người nhận: ${spec.full_name} 25/08/2026 09:00 24/08/2026 13:00 Quá hạn`,
      `Phê duyệt 25/08/2026 09:00 Người giao: ${spec.full_name} Người nhận: ${lead.full_name} 25/08/2026 10:00 25/08/2026 17:00 Trước hạn`,
      'Bước, cơ quan làm quá hạn: Văn phòng HĐND và UBND xã Demo (Thẩm định hồ sơ).',
    ]) t.ok(text.includes(s), `form 06 shows «${s}»`);
    t.notOk(text.includes('Thẩm định (hủy)'), 'a cancelled task is not a step');
  });
});
