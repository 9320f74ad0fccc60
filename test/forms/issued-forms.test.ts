/**
 * Forms 02, 04 and 05 of stored dossiers, through the API and read back from the PDF (issue 15, items
 * 5, 6 and 8): forms 04 and 05 issued by the responsible / deciding agency, numbered gap-free from its
 * register in the action's transaction, signed by its head; an extension keeps both due dates and a late
 * one is still recorded; «at your request» only on a completed withdrawal; form 05 for a dossier closed
 * for a missing supplement; form 02's last day and the receiving officer's phone. Dates across Tết 2026.
 */
import t from 'tap';
import { databaseTargets } from '../helpers/databases.ts';
import { bearer, buildTestApp } from '../helpers/app.ts';
import { TEST_SCHEMA_DIR } from '../helpers/test-procedure.ts';
import { closeExpiredSupplements } from '../../api/services/supplement-closer.ts';
import { pdfText } from './fixtures.ts';

for (const target of databaseTargets()) {
  t.test(`issued forms on ${target.name}`, async (t) => {
    const ctx = await buildTestApp(target, {}, { formSchemaDir: TEST_SCHEMA_DIR, autoStart: false });
    t.teardown(() => ctx.close());
    const { app } = ctx;
    const db = ctx.handle.db;
    await db.insertInto('procedures').values({
      id: 'test-procedure', national_code: null, name_vi: 'Thủ tục thử nghiệm', name_en: 'Test', field: 'Hộ tịch',
      legal_limit: JSON.stringify({ kind: 'workingDays', days: 3 }), online_level: 'full', process_id: 'motcua-test', form_schema_id: 'test-procedure',
    }).execute();
    const [reception, specialist, leader, admin] = await Promise.all(['reception', 'specialist', 'leader', 'admin'].map(async (u) => bearer(await ctx.token(u))));
    const receptionId = (await db.selectFrom('users').select('id').where('username', '=', 'reception').executeTakeFirstOrThrow()).id;
    const badPhone = await app.inject({ method: 'PATCH', url: `/api/users/${receptionId}`, headers: admin, payload: { phone: 'gọi tôi' } });
    t.equal(badPhone.statusCode, 400);
    t.match(JSON.stringify(badPhone.json().details), /phone/, 'the field is named');
    const phone = await app.inject({ method: 'PATCH', url: `/api/users/${receptionId}`, headers: admin, payload: { phone: '0912 000 111' } });
    t.equal(phone.statusCode, 200, phone.body);
    t.equal(phone.json().phone, '0912 000 111');
    const leaderName = (await db.selectFrom('users').select('full_name').where('username', '=', 'leader').executeTakeFirstOrThrow()).full_name;
    const receptionName = (await db.selectFrom('users').select('full_name').where('username', '=', 'reception').executeTakeFirstOrThrow()).full_name;

    const receive = async (at: string, name: string) => {
      ctx.clock.set(at);
      const res = await app.inject({ method: 'POST', url: '/api/dossiers', headers: reception, payload: {
        procedureId: 'test-procedure', channel: 'in_person', formData: { applicant: { fullName: name, personalId: '001203012345', address: 'Thôn Đông' }, childName: 'Bé Na', dateOfBirth: '2026-01-20' },
      } });
      t.equal(res.statusCode, 201, res.body);
      return res.json() as { code: string; dueAt: string };
    };
    const act = async (code: string, path: string, headers: Record<string, string>, payload: object, at: string, status = 200) => {
      ctx.clock.set(at);
      const res = await app.inject({ method: 'POST', url: `/api/dossiers/${code}/${path}`, headers, payload });
      t.equal(res.statusCode, status, `${path}: ${res.body}`);
      return res;
    };
    const form = async (code: string, no: string) => {
      const res = await app.inject({ url: `/api/dossiers/${code}/forms/${no}.pdf`, headers: reception });
      // The body only when it is an error: a PDF's bytes in the test log break the CI summary's grep.
      t.equal(res.statusCode, 200, res.statusCode === 200 ? `form ${no}` : `form ${no}: ${res.body}`);
      return (await pdfText(res.rawPayload)).text;
    };
    const row = (code: string) => db.selectFrom('dossiers').select(['due_at', 'original_due_at']).where('code', '=', code).executeTakeFirstOrThrow();

    t.test('an extension in time: both due dates kept; form 04 from the deciding unit, numbered, signed by its head', async (t) => {
      const a = await receive('2026-02-13T02:00:00Z', 'Trần Thị A'); // Fri 13/2 09:00, on the eve of Tết
      t.equal(a.dueAt, '2026-02-25T10:00:00.000Z', 'Mon 23, Tue 24, Wed 25 after Tết');
      await act(a.code, 'extend', specialist, { newDueAt: '2026-03-04T10:00:00Z', reason: 'Cần xác minh thêm với Công an xã' }, '2026-02-23T02:00:00Z');
      const r = await row(a.code);
      t.same([r.due_at?.toISOString(), r.original_due_at?.toISOString()], ['2026-03-04T10:00:00.000Z', '2026-02-25T10:00:00.000Z']);
      const text = await form(a.code, '04');
      for (const s of [
        'VĂN PHÒNG HĐND VÀ UBND XÃ DEMO', 'Số: 01/XLGH', 'Vào lúc 09 giờ 00 phút, ngày 13 tháng 02 năm 2026, Trung tâm Phục vụ hành chính công xã Demo tiếp nhận',
        'Thời gian hẹn trả kết quả: 17 giờ 00 phút, ngày 25 tháng 02 năm 2026', 'Thời gian hẹn trả kết quả mới: 17 giờ 00 phút, ngày 04 tháng 03 năm 2026',
        'Nơi nhận:', '- Ông/Bà Trần Thị A', '- Trung tâm Phục vụ hành chính công xã Demo (để theo dõi)', '- Lưu: VT.',
        'THỦ TRƯỞNG CƠ QUAN', '(Ký, ghi rõ họ tên và đóng dấu)', leaderName, 'ngày 23 tháng 02 năm 2026',
      ]) t.ok(text.includes(s), s);
      t.notOk(text.includes('Văn bản gửi sau thời hạn'), 'not late');
      const again = await act(a.code, 'extend', specialist, { newDueAt: '2026-03-10T10:00:00Z', reason: 'Lần hai' }, '2026-02-24T02:00:00Z', 409);
      t.equal(again.json().code, 'EXTENSION_ALREADY_USED', 'refused: and its number is not used');
      const audit = await db.selectFrom('audit_log').select('after').where('action', '=', 'document.issue').where('target_id', '=', a.code).execute();
      t.same(audit.map((x) => (x.after as { number: string }).number), ['01/XLGH'], 'the issue is audited');
    });

    t.test('past the notice deadline the apology is still recorded, marked late', async (t) => {
      const b = await receive('2026-03-02T02:00:00Z', 'Lê Văn B'); // Mon 2/3 → due Thu 5/3 17:00
      await act(b.code, 'extend', specialist, { newDueAt: '2026-03-10T10:00:00Z', reason: 'Chờ kết quả xác minh' }, '2026-03-05T02:00:00Z'); // the due day itself
      const r = await row(b.code);
      t.same([r.due_at?.toISOString(), r.original_due_at?.toISOString()], ['2026-03-10T10:00:00.000Z', '2026-03-05T10:00:00.000Z']);
      const history = await db.selectFrom('dossier_history').innerJoin('dossiers', 'dossiers.id', 'dossier_history.dossier_id').select('details').where('code', '=', b.code).where('action', '=', 'extend').executeTakeFirstOrThrow();
      t.equal((history.details as { late: boolean }).late, true);
      const text = await form(b.code, '04');
      t.ok(text.includes('Số: 02/XLGH'), 'the next number, no gap after the refused extension');
      t.ok(text.includes('Văn bản gửi sau thời hạn quy định tại khoản 6 Điều 19'), 'marked late');
    });

    t.test('form 05: «at your request» only on a completed withdrawal', async (t) => {
      const c = await receive('2026-03-02T03:00:00Z', 'Phạm Thị C');
      await act(c.code, 'request-withdrawal', reception, { reason: 'Muốn rút' }, '2026-03-03T02:00:00Z');
      await act(c.code, 'cancel-withdrawal', reception, {}, '2026-03-03T03:00:00Z');
      await act(c.code, 'stop', leader, { reason: 'Người yêu cầu không còn quyền yêu cầu' }, '2026-03-04T02:00:00Z');
      const cancelled = await form(c.code, '05');
      t.ok(cancelled.includes('Số: 03/TB-DGQ'), 'same register, next number');
      t.ok(cancelled.includes('Căn cứ quy định của pháp luật, Văn phòng HĐND và UBND xã Demo thông báo dừng'));
      t.notOk(cancelled.includes('Theo đề nghị'), 'the cancelled request is not the cause');
      t.ok(cancelled.includes(leaderName) && cancelled.includes('(Ký, ghi rõ họ tên và đóng dấu)'));

      const d = await receive('2026-03-02T04:00:00Z', 'Võ Văn D');
      await act(d.code, 'request-withdrawal', reception, { reason: 'Muốn rút' }, '2026-03-03T04:00:00Z');
      await act(d.code, 'stop', reception, { reason: 'Công dân rút hồ sơ' }, '2026-03-03T05:00:00Z');
      const withdrawn = await form(d.code, '05');
      t.ok(withdrawn.includes('Số: 04/TB-DGQ'));
      t.ok(withdrawn.includes('Theo đề nghị dừng giải quyết hồ sơ của Ông/Bà lúc 11 giờ 00 phút, ngày 03 tháng 03 năm 2026'));
      t.ok(withdrawn.includes(leaderName), 'signed by the head even when the receptionist stopped it');
    });

    t.test('a dossier closed for a missing supplement gets form 05; form 02 gives the last day and the officer\'s phone', async (t) => {
      const e = await receive('2026-03-02T05:00:00Z', 'Đặng Thị E');
      await act(e.code, 'request-supplement', specialist, { items: ['Bản sao giấy đăng ký kết hôn của cha mẹ'] }, '2026-03-02T06:00:00Z');
      const f02 = await form(e.code, '02');
      t.ok(f02.includes('Thời hạn bổ sung: đến hết ngày 17 tháng 03 năm 2026'), '15 days: accepted through Tue 17/3');
      t.ok(f02.includes(`liên hệ ${receptionName}, số điện thoại 0912 000 111`), 'the receiving officer and their phone');
      ctx.clock.set('2026-03-17T09:59:00Z');
      t.same(await closeExpiredSupplements(db, app.calendars, ctx.clock), [], 'still accepted on the last day');
      ctx.clock.set('2026-03-18T01:00:00Z');
      t.same(await closeExpiredSupplements(db, app.calendars, ctx.clock), [e.code]);
      const f05 = await form(e.code, '05');
      t.ok(f05.includes('Số: 05/TB-DGQ'));
      t.ok(f05.includes('Căn cứ khoản 5 Điều 19 Nghị định số 118/2025/NĐ-CP, do hết thời hạn bổ sung hồ sơ (đến hết ngày 17 tháng 03 năm 2026)'));
      t.ok(f05.includes('Lý do: Quá thời hạn bổ sung, hoàn thiện hồ sơ'));
      t.ok(f05.includes(leaderName));
    });

    t.test('the register: one gap-free sequence per agency and year', async (t) => {
      const rows = await db.selectFrom('issued_documents').select(['agency_id', 'year', 'number', 'form']).orderBy('number').execute();
      t.same(rows.map((r) => [r.agency_id, r.year, r.number, r.form]), [
        ['xa-demo-ubnd', 2026, 1, '04'], ['xa-demo-ubnd', 2026, 2, '04'], ['xa-demo-ubnd', 2026, 3, '05'], ['xa-demo-ubnd', 2026, 4, '05'], ['xa-demo-ubnd', 2026, 5, '05'],
      ]);
    });
  });
}
