/** Sample inputs for the form tests, and PDF text extraction. */
import { extractText, getDocumentProxy } from 'unpdf';
import type {
  AgencyHeader, Applicant, Form01Input, Form02Input, Form03Input, Form04Input, Form05Input, Form06Input,
  Form07Input, RegisterRow,
} from '../../api/forms/index.ts';

/** 09:00 on 24 Feb 2026 in Vietnam. */
export const RECEIVED = new Date('2026-02-24T02:00:00Z');
/** 17:00 on 27 Feb 2026 in Vietnam. */
export const DUE = new Date('2026-02-27T10:00:00Z');
const h = (hours: number, from = RECEIVED): Date => new Date(from.getTime() + hours * 3_600_000);

export const AGENCY: AgencyHeader = { parent: 'Ủy ban nhân dân xã Phước Long', name: 'Trung tâm Phục vụ hành chính công', place: 'Phước Long' };
// Deliberately decomposed (NFD) to check that the renderers normalise.
export const APPLICANT: Applicant = {
  name: 'Nguyễn Thị Hồng'.normalize('NFD'), idNumber: '064303012345', phone: '0912345678',
  email: 'hong@example.vn', address: 'Thôn 3, xã Phước Long, tỉnh Gia Lai',
};
const base = {
  agency: AGENCY, issuedAt: RECEIVED, number: '15/GTN', dossierCode: 'XAPHUOCLONG-260224-0007',
  procedureName: 'Đăng ký khai sinh', applicant: APPLICANT,
};

export const F01: Form01Input = {
  ...base, receivedAt: RECEIVED, dueAt: DUE, timeLimit: '03 ngày làm việc', sets: 1,
  documents: [
    { name: 'Tờ khai đăng ký khai sinh', originals: 1, copies: 0 },
    { name: 'Giấy chứng sinh', originals: 1, copies: 2 },
  ],
  fees: [{ description: 'Lệ phí chứng thực', amount: 12_000 }],
  resultDelivery: 'Trực tiếp tại Bộ phận một cửa', register: { book: '01/2026', line: 7 },
  receiver: { title: 'Người tiếp nhận hồ sơ', name: 'Trần Văn Bình' },
};
export const F02: Form02Input = {
  ...base, receivedAt: RECEIVED, supplementDueAt: h(24 * 15),
  items: [{ name: 'Bản sao Giấy chứng nhận kết hôn của cha mẹ', reason: 'Hồ sơ thiếu giấy tờ chứng minh quan hệ' }, { name: 'Văn bản ủy quyền có chứng thực' }],
  contact: { name: 'ông Trần Văn Bình', phone: '0269 3822 111' }, guide: { title: 'Người hướng dẫn', name: 'Trần Văn Bình' },
};
export const F03: Form03Input = {
  ...base, reasons: ['Thủ tục không thuộc thẩm quyền giải quyết của xã', 'Giấy tờ đã hết hiệu lực'],
  legalBasis: 'Điều 17 Nghị định số 118/2025/NĐ-CP', receiver: { title: 'Người tiếp nhận hồ sơ', name: 'Trần Văn Bình' },
};
export const F04: Form04Input = {
  ...base, issuedAt: h(60), receivedAt: RECEIVED, dueAt: DUE, newDueAt: new Date('2026-03-03T10:00:00Z'),
  reasons: ['Cần xác minh thông tin với Công an tỉnh'], lateAgency: 'Công an xã Phước Long',
  signer: { title: 'Giám đốc', name: 'Lê Thị Mỹ Dung' },
};
export const F05: Form05Input = {
  ...base, issuedAt: h(30), receivedAt: RECEIVED, requestedByApplicant: true, requestedAt: h(26),
  reason: 'Công dân xin rút hồ sơ', returnNote: 'Hồ sơ được trả lại tại Bộ phận một cửa.',
  signer: { title: 'Giám đốc', name: 'Lê Thị Mỹ Dung' },
};
export const F06: Form06Input = {
  ...base, issuedAt: DUE, receivedAt: RECEIVED, dueAt: DUE, leadAgency: 'Văn phòng HĐND và UBND xã',
  coordinatingAgencies: ['Công an xã Phước Long', 'Bảo hiểm xã hội khu vực'],
  hops: [
    { agency: 'Trung tâm Phục vụ hành chính công', task: 'Tiếp nhận, số hóa', receivedAt: RECEIVED, givenBy: 'Nguyễn Thị Hồng', receivedBy: 'Lê Văn Tâm', sentAt: h(1), dueAt: h(8) },
    { agency: 'Văn phòng HĐND và UBND xã', task: 'Thẩm định', receivedAt: h(1), givenBy: 'Lê Văn Tâm', receivedBy: 'Phạm Minh Châu', sentAt: h(24), dueAt: h(24) },
    { agency: 'Công an xã Phước Long', task: 'Đăng ký thường trú', receivedAt: h(24), givenBy: 'Văn phòng HĐND và UBND xã', receivedBy: 'Công an xã Phước Long', sentAt: h(75), dueAt: h(48), note: 'Chậm do xác minh' },
    { agency: 'Bảo hiểm xã hội khu vực', task: 'Cấp thẻ BHYT', receivedAt: h(75), sentAt: null, dueAt: h(80) },
  ],
};
export const ROWS: RegisterRow[] = [
  {
    dossierCode: 'XAPHUOCLONG-260224-0007', procedureName: 'Đăng ký khai sinh', sets: 1, applicantName: 'Nguyễn Thị Hồng',
    applicantAddress: 'Thôn 3, xã Phước Long', applicantPhone: '0912345678', leadAgency: 'UBND xã Phước Long',
    receivedAt: RECEIVED, dueAt: DUE, forwardedAt: h(1), resultReceivedAt: h(24), returnedAt: h(26), status: 'Đã trả kết quả',
  },
  {
    dossierCode: 'XAPHUOCLONG-260224-0008', procedureName: 'Chứng thực chữ ký', sets: 2, applicantName: 'Công ty TNHH "Hoa Sen", chi nhánh 2',
    applicantAddress: 'Số 5, đường Lê Lợi\nxã Phước Long', applicantPhone: '+84987654321', leadAgency: 'UBND xã Phước Long',
    receivedAt: h(2), dueAt: h(8), forwardedAt: null, resultReceivedAt: null, returnedAt: null, status: 'Đang xử lý', note: '=1+2',
  },
];
export const F07: Form07Input = {
  agency: AGENCY, issuedAt: DUE, period: { from: RECEIVED, to: DUE },
  rows: [...ROWS, ...Array.from({ length: 30 }, (_, i) => ({ ...ROWS[0]!, dossierCode: `XAPHUOCLONG-260225-${String(i + 1).padStart(4, '0')}` }))],
};

/** The text of a PDF (whitespace collapsed), the text of each page, and each page's size. */
export async function pdfText(buf: Buffer): Promise<{ text: string; pages: string[]; sizes: Array<[number, number]> }> {
  const pdf = await getDocumentProxy(new Uint8Array(buf));
  const { text } = await extractText(pdf, { mergePages: false });
  const pages = text.map((p) => p.replace(/\s+/g, ' ').trim());
  const sizes: Array<[number, number]> = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const vp = (await pdf.getPage(i)).getViewport({ scale: 1 });
    sizes.push([Math.round(vp.width), Math.round(vp.height)]);
  }
  return { text: pages.join(' '), pages, sizes };
}
