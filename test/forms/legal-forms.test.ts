/**
 * Issue 15 on the forms: form 01's fee line from the fee rules, form 02's deadline day and phone, forms
 * 04 and 05 as documents of the issuing agency (number, «Nơi nhận», the head's seal caption).
 */
import t, { type Test } from 'tap';
import { renderForm01, renderForm02, renderForm04, renderForm05 } from '../../api/forms/index.ts';
import { FORM_04_LATE_NOTE } from '../../api/forms/form-04.ts';
import { SEAL_CAPTION } from '../../api/forms/official-footer.ts';
import { feeStatement } from '../../api/domain/fees/index.ts';
import { catalogueEntry } from '../../api/procedures/catalogue.ts';
import { F01, F02, F04, F05, pdfText } from './fixtures.ts';

const text = async (buf: Promise<Buffer>) => (await pdfText(await buf)).text;
function has(t: Test, s: string, needles: readonly string[]): void {
  for (const n of needles) t.ok(s.includes(n.normalize('NFC')), `contains «${n}»`);
}

t.test('form 01 prints the fee the rules give', async (t) => {
  const free = feeStatement([catalogueEntry('birth-registration')!.fee]);
  const f = await text(renderForm01({ ...F01, fees: free.lines, feeText: free.text }));
  has(t, f, ['6. Phí, lệ phí: Miễn phí']);
  t.notOk(f.includes('0 đồng'), 'never «0 đồng»');
  const copy = feeStatement([catalogueEntry('copy-certification')!.fee], { documents: [{ name: 'Giấy khai sinh', pages: 4, copies: 2 }] });
  has(t, await text(renderForm01({ ...F01, fees: copy.lines })), ['6. Phí, lệ phí: 12.000 đồng', 'Chứng thực Giấy khai sinh (04 trang × 02 bản): 12.000 đồng']);
  const province = feeStatement([catalogueEntry('marital-status-confirmation')!.fee]);
  const p = await text(renderForm01({ ...F01, fees: province.lines, feeText: province.text }));
  has(t, p, ['Theo mức Hội đồng nhân dân tỉnh quy định']);
  t.notOk(p.includes('Phí, lệ phí: Không'));
});

t.test('form 02: the last day the supplement is accepted, and the officer\'s phone', async (t) => {
  // 17:00 on Wed 11 Mar 2026 (the office close of the last day), and midnight that ends it.
  for (const due of ['2026-03-11T10:00:00Z', '2026-03-11T17:00:00Z']) {
    has(t, await text(renderForm02({ ...F02, supplementDueAt: new Date(due) })), ['Thời hạn bổ sung: đến hết ngày 11 tháng 03 năm 2026']);
  }
  const blank = await text(renderForm02({ ...F02, contact: { name: 'Trần Văn Bình', phone: '' } }));
  has(t, blank, ['số điện thoại ……………………']);
  has(t, await text(renderForm02(F02)), ['số điện thoại 0269 3822 111']);
});

t.test('form 04: numbered, «Nơi nhận», signed and sealed by the head; a late letter says so', async (t) => {
  const input = {
    ...F04, number: '03/XLGH', receivingAgency: 'Trung tâm Phục vụ hành chính công xã Phước Long',
    agency: { parent: 'Ủy ban nhân dân xã Phước Long', name: 'Văn phòng HĐND và UBND xã', place: 'Phước Long' },
    recipients: ['Ông/Bà Nguyễn Thị Hồng', 'Trung tâm Phục vụ hành chính công xã Phước Long (để theo dõi)'],
    signer: { title: 'Thủ trưởng cơ quan', name: 'Lê Thị Mỹ Dung', caption: SEAL_CAPTION },
  };
  const s = await text(renderForm04(input));
  has(t, s, ['VĂN PHÒNG HĐND VÀ UBND XÃ', 'Số: 03/XLGH', 'Vào lúc 09 giờ 00 phút, ngày 24 tháng 02 năm 2026, Trung tâm Phục vụ hành chính công xã Phước Long tiếp nhận',
    'Nơi nhận:', '- Ông/Bà Nguyễn Thị Hồng', '- Trung tâm Phục vụ hành chính công xã Phước Long (để theo dõi)', '- Lưu: VT.',
    'THỦ TRƯỞNG CƠ QUAN', '(Ký, ghi rõ họ tên và đóng dấu)', 'Lê Thị Mỹ Dung']);
  t.notOk(s.includes('Văn bản gửi sau thời hạn'), 'in time: no late note');
  has(t, await text(renderForm04({ ...input, late: true })), [FORM_04_LATE_NOTE]);
});

t.test('form 05: at the applicant\'s request only on a completed withdrawal; closed for a missing supplement', async (t) => {
  const signer = { title: 'Thủ trưởng cơ quan', name: 'Lê Thị Mỹ Dung', caption: SEAL_CAPTION };
  const asked = await text(renderForm05({ ...F05, number: '04/TB-DGQ', signer }));
  has(t, asked, ['Số: 04/TB-DGQ', 'Theo đề nghị dừng giải quyết hồ sơ của Ông/Bà', 'Nơi nhận:', '(Ký, ghi rõ họ tên và đóng dấu)']);
  const stopped = await text(renderForm05({ ...F05, requestedByApplicant: false, requestedAt: undefined, reason: 'Người yêu cầu đã chết', signer }));
  t.notOk(stopped.includes('Theo đề nghị'));
  const closed = await text(renderForm05({ ...F05, requestedByApplicant: false, requestedAt: undefined, unsupplemented: true, supplementDueAt: new Date('2026-03-11T10:00:00Z'), reason: 'Quá thời hạn bổ sung, hoàn thiện hồ sơ', signer }));
  has(t, closed, ['Căn cứ khoản 5 Điều 19 Nghị định số 118/2025/NĐ-CP, do hết thời hạn bổ sung hồ sơ (đến hết ngày 11 tháng 03 năm 2026) mà Ông/Bà chưa bổ sung']);
  t.notOk(closed.includes('Theo đề nghị'));
});
