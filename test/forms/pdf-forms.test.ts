import t, { type Test } from 'tap';
import {
  FORM_NUMBERS, hopIsLate, hopResult, isFormNumber, renderForm, renderForm01, renderForm02, renderForm03,
  renderForm04, renderForm05, renderForm06, renderForm07,
} from '../../api/forms/index.ts';
import { F01, F02, F03, F04, F05, F06, F07, pdfText } from './fixtures.ts';

const NAME = 'Nguyễn Thị Hồng';
const COMMON = [
  'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'ỦY BAN NHÂN DÂN XÃ PHƯỚC LONG',
  'TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG',
];

function hasAll(t: Test, text: string, needles: readonly string[]): void {
  for (const n of needles) t.ok(text.includes(n.normalize('NFC')), `contains «${n}»`);
}

/** The text must be NFC: the NFD applicant name must not survive into the PDF. */
function isNfc(t: Test, text: string): void {
  t.equal(text, text.normalize('NFC'), 'extracted text is NFC');
  t.notOk(text.includes(NAME.normalize('NFD')), 'no decomposed diacritics');
}

t.test('form 01: receipt and appointment', async (t) => {
  const buf = await renderForm01(F01);
  t.equal(buf.subarray(0, 5).toString(), '%PDF-');
  const { text, sizes } = await pdfText(buf);
  hasAll(t, text, [...COMMON,
    'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ', 'Mã hồ sơ: XAPHUOCLONG-260224-0007', 'Số: 15/GTN',
    'Phước Long, ngày 24 tháng 02 năm 2026', `Tiếp nhận hồ sơ của: ${NAME}`, '064303012345',
    'Giấy chứng sinh (bản chính: 01; bản sao: 02)', 'Số lượng hồ sơ: 01 (bộ)', '03 ngày làm việc',
    'Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 24 tháng 02 năm 2026',
    'hẹn trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 27 tháng 02 năm 2026',
    'Lệ phí chứng thực: 12.000 đồng', 'Quyển số: 01/2026, Số thứ tự: 7',
    'NGƯỜI NỘP HỒ SƠ', 'NGƯỜI TIẾP NHẬN HỒ SƠ', '(Ký và ghi rõ họ tên)', 'Trần Văn Bình',
  ]);
  isNfc(t, text);
  t.same(sizes, [[595, 842]], 'one A4 portrait page');
});

t.test('form 01 without fees says so', async (t) => {
  const { text } = await pdfText(await renderForm01({ ...F01, fees: [], register: undefined }));
  hasAll(t, text, ['Phí, lệ phí: Không']);
  t.notOk(text.includes('Quyển số'));
});

t.test('form 02: supplement request', async (t) => {
  const { text } = await pdfText(await renderForm02(F02));
  hasAll(t, text, [...COMMON,
    'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ', `Hồ sơ của: ${NAME}`,
    'đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:',
    '1. Bản sao Giấy chứng nhận kết hôn của cha mẹ. Lý do: Hồ sơ thiếu giấy tờ chứng minh quan hệ',
    '2. Văn bản ủy quyền có chứng thực', 'Thời hạn bổ sung: đến hết ngày 11 tháng 03 năm 2026',
    'số điện thoại 0269 3822 111', 'NGƯỜI HƯỚNG DẪN',
  ]);
  isNfc(t, text);
});

t.test('form 03: refusal with every reason', async (t) => {
  const { text } = await pdfText(await renderForm03(F03));
  hasAll(t, text, [...COMMON,
    'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ', 'Căn cứ Điều 17 Nghị định số 118/2025/NĐ-CP',
    'thông báo từ chối tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:',
    '1. Thủ tục không thuộc thẩm quyền giải quyết của xã', '2. Giấy tờ đã hết hiệu lực',
  ]);
  isNfc(t, text);
});

t.test('form 04: apology with the new date', async (t) => {
  const { text } = await pdfText(await renderForm04(F04));
  hasAll(t, text, [...COMMON,
    'VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT', `Kính gửi: Ông/Bà ${NAME}`,
    'Thời gian hẹn trả kết quả: 17 giờ 00 phút, ngày 27 tháng 02 năm 2026',
    'Công an xã Phước Long chưa giải quyết xong', 'Cần xác minh thông tin với Công an tỉnh',
    'trân trọng xin lỗi Ông/Bà', 'Thời gian hẹn trả kết quả mới: 17 giờ 00 phút, ngày 03 tháng 03 năm 2026',
    'GIÁM ĐỐC', 'Lê Thị Mỹ Dung',
  ]);
  isNfc(t, text);
});

t.test('form 05: stop notice, on request or on legal grounds', async (t) => {
  const { text } = await pdfText(await renderForm05(F05));
  hasAll(t, text, [...COMMON,
    'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ',
    'Theo đề nghị dừng giải quyết hồ sơ của Ông/Bà lúc 11 giờ 00 phút, ngày 25 tháng 02 năm 2026',
    'Lý do: Công dân xin rút hồ sơ', 'Hồ sơ được trả lại tại Bộ phận một cửa.',
  ]);
  const legal = (await pdfText(await renderForm05({ ...F05, requestedByApplicant: false, reason: 'Người yêu cầu đã chết' }))).text;
  hasAll(t, legal, ['Căn cứ quy định của pháp luật, Trung tâm Phục vụ hành chính công thông báo dừng', 'Lý do: Người yêu cầu đã chết']);
  t.notOk(legal.includes('Theo đề nghị'));
});

t.test('form 06: each step against its own deadline, hand-overs, the late step and agency', async (t) => {
  const { text } = await pdfText(await renderForm06(F06));
  hasAll(t, text, [...COMMON,
    'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ', 'Cơ quan chủ trì giải quyết: Văn phòng HĐND và UBND xã',
    'Cơ quan phối hợp: Công an xã Phước Long; Bảo hiểm xã hội khu vực',
    'Giao, nhận hồ sơ (thời gian; người giao; người nhận)', 'Hạn của bước',
    '1 Trung tâm Phục vụ hành chính công Tiếp nhận, số hóa 24/02/2026 09:00 Người giao: Nguyễn Thị Hồng Người nhận: Lê Văn Tâm 24/02/2026 10:00 24/02/2026 17:00 Trước hạn',
    '2 Văn phòng HĐND và UBND xã Thẩm định 24/02/2026 10:00 Người giao: Lê Văn Tâm Người nhận: Phạm Minh Châu 25/02/2026 09:00 25/02/2026 09:00 Đúng hạn',
    '3 Công an xã Phước Long Đăng ký thường trú 25/02/2026 09:00 Người giao: Văn phòng HĐND và UBND xã Người nhận: Công an xã Phước Long 27/02/2026 12:00 26/02/2026 09:00 Quá hạn Chậm do xác minh',
    'Cấp thẻ BHYT 27/02/2026 12:00 Người giao: Người nhận: 27/02/2026 17:00 Đang xử lý',
    'Bước, cơ quan làm quá hạn: Công an xã Phước Long (Đăng ký thường trú).',
  ]);
  t.notOk(text.includes('Trung tâm Phục vụ hành chính công (Tiếp nhận'), 'the centre is not named late');
  const none = (await pdfText(await renderForm06({ ...F06, hops: F06.hops.slice(0, 2) }))).text;
  hasAll(t, none, ['Không có bước, cơ quan nào làm quá hạn.']);
});

t.test('hop lateness: given, sent after due, or still held after due', async (t) => {
  const base = { agency: 'A', receivedAt: new Date(0), dueAt: new Date(1000) };
  t.equal(hopResult({ ...base, sentAt: new Date(999) }, new Date(5000)), 'Trước hạn');
  t.equal(hopResult({ ...base, sentAt: new Date(1000) }, new Date(5000)), 'Đúng hạn');
  t.equal(hopResult({ ...base, sentAt: new Date(1001) }, new Date(0)), 'Quá hạn');
  t.equal(hopResult({ ...base, sentAt: null }, new Date(500)), 'Đang xử lý');
  t.equal(hopResult({ ...base, sentAt: null }, new Date(1001)), 'Quá hạn');
  t.equal(hopIsLate({ ...base, sentAt: new Date(5000), late: false }, new Date(0)), false, 'explicit flag wins');
  t.equal(hopIsLate({ ...base, sentAt: new Date(10), late: true }, new Date(0)), true);
});

t.test('form 07: the register, A4 landscape, header repeated on each page', async (t) => {
  const { text, pages, sizes } = await pdfText(await renderForm07(F07));
  t.ok(pages.length >= 2, `${pages.length} pages for 32 rows`);
  t.ok(sizes.every(([w, h]) => w === 842 && h === 595), 'landscape A4');
  hasAll(t, text, [...COMMON,
    'SỔ THEO DÕI HỒ SƠ', 'Từ ngày 24/02/2026 đến ngày 27/02/2026',
    '1 XAPHUOCLONG-260224-0007 Đăng ký khai sinh 1 Nguyễn Thị Hồng', 'Công ty TNHH "Hoa Sen", chi nhánh 2',
    '24/02/2026 11:00 24/02/2026 17:00 Đang xử lý =1+2', 'XAPHUOCLONG-260225-0030', 'Tổng số hồ sơ: 32',
  ]);
  for (const p of pages.slice(1)) t.ok(p.startsWith('STT Mã hồ sơ'), 'header row repeated');
});

t.test('renderForm dispatches by number', async (t) => {
  t.same(FORM_NUMBERS, ['01', '02', '03', '04', '05', '06', '07']);
  t.ok(isFormNumber('03'));
  t.notOk(isFormNumber('08'));
  t.notOk(isFormNumber('1'));
  const { text } = await pdfText(await renderForm('03', F03));
  t.ok(text.includes('PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ'));
});
