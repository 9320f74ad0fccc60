/**
 * Fees as data (issue 15, item 4): the province's fee table edited by its admins (audited, bad input
 * refused with each field named), and form 01 printing each procedure's fee from its rule: «Miễn phí»,
 * copy certification per page and copy, a province-set fee from the table.
 */
import t from 'tap';
import { databaseTargets } from '../helpers/databases.ts';
import { bearer, buildTestApp } from '../helpers/app.ts';
import { pdfText } from '../forms/fixtures.ts';
import { PROVINCE_FEE_MISSING } from '../../api/domain/fees/index.ts';

const applicant = { fullName: 'Nguyễn Văn An', personalId: '001203012345', phone: '0912345678', address: { province: 'Tỉnh Demo', commune: 'Xã Demo', detail: 'Thôn 1' } };
const FORMS: Record<string, Record<string, unknown>> = {
  'marital-status-confirmation': { applicant, subject: { fullName: 'Nguyễn Văn An' }, currentStatus: 'chua_ket_hon', purpose: 'Kết hôn', resultDelivery: 'truc_tiep' },
  'copy-certification': { applicant, resultDelivery: 'truc_tiep', documents: [{ documentName: 'Sổ hộ khẩu', pages: 5, copies: 3 }, { documentName: 'Bằng tốt nghiệp', pages: 1, copies: 2 }, { documentName: 'Hồ sơ thiết kế', pages: 300, copies: 1 }] },
  'feedback-petition': { applicant, kind: 'kien_nghi', subject: 'Đèn đường', content: 'Đề nghị sửa đèn đường ở thôn 1.', resultDelivery: 'truc_tiep' },
};

for (const target of databaseTargets()) {
  t.test(`fees on ${target.name}`, async (t) => {
    const ctx = await buildTestApp(target, {}, { autoStart: false });
    t.teardown(() => ctx.close());
    const { app } = ctx;
    ctx.clock.set('2026-03-02T02:00:00Z');
    const [reception, admin, provinceAdmin] = await Promise.all(['reception', 'admin', 'province-admin'].map(async (u) => bearer(await ctx.token(u))));
    const form01 = async (procedureId: string) => {
      const res = await app.inject({ method: 'POST', url: '/api/dossiers', headers: reception, payload: { procedureId, channel: 'in_person', formData: FORMS[procedureId] } });
      t.equal(res.statusCode, 201, res.body);
      const pdf = await app.inject({ url: `/api/dossiers/${res.json().code}/forms/01.pdf`, headers: reception });
      t.equal(pdf.statusCode, 200);
      return (await pdfText(pdf.rawPayload)).text;
    };
    const put = (headers: Record<string, string>, payload: object, lang?: string) =>
      app.inject({ method: 'PUT', url: '/api/fees', headers: { ...headers, ...(lang ? { 'accept-language': lang } : {}) }, payload });

    t.test('a free procedure says «Miễn phí»; copy certification is priced per page and copy', async (t) => {
      const free = await form01('feedback-petition');
      t.ok(free.includes('6. Phí, lệ phí: Miễn phí'), 'Miễn phí');
      t.notOk(free.includes('0 đồng'));
      const copy = await form01('copy-certification');
      // 5 pages: 2×2,000 + 3×1,000 = 7,000 × 3 copies; 1 page: 2,000 × 2; 300 pages: capped at 200,000.
      t.ok(copy.includes('6. Phí, lệ phí: 225.000 đồng'), 'the total');
      for (const line of ['Chứng thực Sổ hộ khẩu (05 trang × 03 bản): 21.000 đồng', 'Chứng thực Bằng tốt nghiệp (01 trang × 02 bản): 4.000 đồng', 'Chứng thực Hồ sơ thiết kế (300 trang × 01 bản): 200.000 đồng']) {
        t.ok(copy.includes(line), line);
      }
    });

    t.test('a province-set fee before the province set it: said so, not «Không»', async (t) => {
      const text = await form01('marital-status-confirmation');
      t.ok(text.includes(PROVINCE_FEE_MISSING));
      t.notOk(text.includes('Phí, lệ phí: Không'));
    });

    t.test('only the province\'s admin edits the table; bad rows are refused, each field named', async (t) => {
      t.same((await app.inject({ url: '/api/fees', headers: reception })).json(), { provinceId: 'tinh-demo', items: [] });
      const commune = await put(admin, { items: [] });
      t.equal(commune.statusCode, 403);
      t.equal(commune.json().code, 'PROVINCE_ADMIN_ONLY');
      const bad = { items: [
        { procedureId: 'marital-status-confirmation', amountVnd: -1000 },
        { procedureId: 'household-business-registration' },
        { procedureId: 'copy-certification', amountVnd: 5000 },
        { procedureId: 'khong-co', amountVnd: 5000 },
      ] };
      const vi = await put(provinceAdmin, bad);
      t.equal(vi.statusCode, 400);
      t.same(vi.json().details.map((e: { field: string }) => e.field), ['items[0].amountVnd', 'items[1].amountVnd', 'items[2].procedureId', 'items[3].procedureId']);
      t.match(vi.json().details[0].message, /Số tiền/, 'Vietnamese by default');
      const en = await put(provinceAdmin, bad, 'en');
      t.match(en.json().details[2].message, /not set by the province/, 'English on request');
      t.equal((await put(provinceAdmin, { rows: [] })).json().details[0].field, 'items');
      const nul = await put(provinceAdmin, { items: [{ procedureId: 'marital-status-confirmation', amountVnd: 1000, note: 'a\u0000b' }] });
      t.equal(nul.statusCode, 400, 'text the database cannot store is refused, not a 500');
      t.same((await app.inject({ url: '/api/fees', headers: reception })).json().items, [], 'nothing written');
    });

    t.test('the province sets a fee: audited, and form 01 prints it', async (t) => {
      const items = [{ procedureId: 'marital-status-confirmation', amountVnd: 15000, note: 'Lệ phí xác nhận tình trạng hôn nhân', legalBasis: 'Nghị quyết số 05/2025/NQ-HĐND' }];
      const res = await put(provinceAdmin, { items });
      t.equal(res.statusCode, 200, res.body);
      t.same(res.json().items, items);
      const audit = await ctx.handle.db.selectFrom('audit_log').select(['actor_username', 'target_id', 'after']).where('action', '=', 'fees.province').execute();
      t.same(audit.map((a) => [a.actor_username, a.target_id, a.after]), [['province-admin', 'tinh-demo', { 'marital-status-confirmation': 15000 }]]);
      const text = await form01('marital-status-confirmation');
      t.ok(text.includes('6. Phí, lệ phí: 15.000 đồng'));
      t.ok(text.includes('Lệ phí xác nhận tình trạng hôn nhân (Nghị quyết số 05/2025/NQ-HĐND): 15.000 đồng'));
      t.same((await app.inject({ url: '/api/fees', headers: admin })).json().items, items, 'a commune officer reads the province\'s table');
    });
  });
}
