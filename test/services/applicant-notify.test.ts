/**
 * The pure parts of the applicant's notifications: where the form says the applicant can be
 * reached, how addresses are masked, and the Vietnamese texts of each message (e-mail and SMS).
 */
import t from 'tap';
import { applicantContacts, maskContact, maskEmail } from '../../api/services/applicant-notify/contacts.ts';
import { renderApplicantMessage, unaccented } from '../../api/services/applicant-notify/templates.ts';

t.test('contacts come from formData.applicant, then the dossier summary; unusable ones are dropped', async (t) => {
  t.same(applicantContacts({ applicant: { email: ' an@example.vn ', phone: '0912 345 678' } }, null), { email: 'an@example.vn', phone: '0912 345 678' });
  t.same(applicantContacts({ applicant: { fullName: 'A' } }, { phone: '+84912345678' }), { email: null, phone: '+84912345678' });
  t.same(applicantContacts({ applicant: { email: 'not-an-address', phone: '12' } }, null), { email: null, phone: null });
  t.same(applicantContacts({}, null), { email: null, phone: null });
});

t.test('masking', async (t) => {
  t.equal(maskEmail('an.nguyen@example.vn'), 'a***n@example.vn');
  t.equal(maskEmail('ab@example.vn'), 'a***@example.vn');
  t.equal(maskContact('sms', '0912345678'), '091****678');
  t.equal(maskContact('sms', '+84912345678'), '091****678');
  t.equal(maskContact('none', null), null);
});

const base = { dossierCode: 'XADEMO-260302-0001', procedureName: 'Cấp Giấy xác nhận tình trạng hôn nhân', agencyName: 'Trung tâm Phục vụ hành chính công xã Demo', pin: '042917', lookupUrl: 'https://motcua.example.vn/tra-cuu?ma=XADEMO-260302-0001' };

t.test('receipt: code, due date, PIN and lookup link', async (t) => {
  const m = renderApplicantMessage({ ...base, kind: 'receipt', facts: { dueAt: '2026-03-05T10:00:00.000Z' } });
  t.equal(m.subject, 'Biên nhận hồ sơ XADEMO-260302-0001');
  t.match(m.text, 'Mã hồ sơ: XADEMO-260302-0001');
  t.match(m.text, 'Ngày hẹn trả kết quả: 05/03/2026 17:00', 'in Vietnam time');
  t.match(m.text, 'Mã tra cứu (PIN): 042917');
  t.match(m.text, base.lookupUrl);
  t.equal(m.sms, 'Ho so XADEMO-260302-0001 da duoc tiep nhan. Hen tra: 05/03/2026. Ma tra cuu: 042917. https://motcua.example.vn/tra-cuu?ma=XADEMO-260302-0001');
  t.ok(/^[\x20-\x7e]*$/.test(m.sms), 'SMS in 7-bit characters');
});

t.test('supplement, result and extension', async (t) => {
  const s = renderApplicantMessage({ ...base, kind: 'supplement', facts: { items: ['Bản sao giấy khai sinh', 'Tờ khai'], reason: 'Thiếu chữ ký', supplementDueAt: '2026-03-17T10:00:00.000Z' } });
  t.match(s.text, '- Bản sao giấy khai sinh\n- Tờ khai');
  t.match(s.text, 'Lý do: Thiếu chữ ký');
  t.match(s.text, 'Hạn bổ sung: 17/03/2026');
  t.match(s.sms, 'can bo sung, han 17/03/2026');
  const r = renderApplicantMessage({ ...base, kind: 'result', facts: {} });
  t.equal(r.subject, 'Hồ sơ XADEMO-260302-0001 đã có kết quả');
  t.match(r.text, '042917');
  const e = renderApplicantMessage({ ...base, kind: 'extension', facts: { reason: 'Cần xác minh', previousDueAt: '2026-03-05T10:00:00.000Z', newDueAt: '2026-03-10T10:00:00.000Z' } });
  t.match(e.text, 'chưa giải quyết được đúng hạn (05/03/2026 17:00)');
  t.match(e.text, 'Thời hạn trả kết quả mới: 10/03/2026 17:00');
  t.match(e.text, 'mẫu 04');
  t.match(e.sms, 'Hen tra moi: 10/03/2026');
  t.equal(unaccented('Đơn đề nghị — hồ sơ'), 'Don de nghi — ho so');
});
