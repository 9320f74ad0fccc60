/**
 * Form 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả (receipt and appointment).
 */
import { applicantLines } from './applicant-lines.ts';
import { field, header, list, para, signatures, title } from './blocks.ts';
import { newDocument, toBuffer } from './pdf-document.ts';
import { lookupBlock, qrPng, type LookupSlip } from './lookup-block.ts';
import type { Form01Input } from './types.ts';
import { count2, vnd, vnDateTime } from './vn-format.ts';

/** Title of form 01. */
export const FORM_01_TITLE = 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ';

function documentLine(d: Form01Input['documents'][number]): string {
  return `${d.name} (bản chính: ${count2(d.originals)}; bản sao: ${count2(d.copies)})`;
}

/** Render form 01 as PDF; with `lookup`, the lookup link as a QR code and the lookup PIN. */
export async function renderForm01(f: Form01Input & { lookup?: LookupSlip }): Promise<Buffer> {
  const qr = f.lookup ? await qrPng(f.lookup.url) : null;
  const doc = newDocument({ title: FORM_01_TITLE });
  header(doc, f.agency, f.issuedAt, f.number);
  title(doc, FORM_01_TITLE, `Mã hồ sơ: ${f.dossierCode}`);
  para(doc, `${f.agency.name} tiếp nhận hồ sơ như sau:`);
  applicantLines(doc, f);
  para(doc, '1. Thành phần hồ sơ nộp gồm:');
  list(doc, f.documents.map(documentLine));
  para(doc, `2. Số lượng hồ sơ: ${count2(f.sets)} (bộ)`);
  para(doc, `3. Thời gian giải quyết hồ sơ theo quy định: ${f.timeLimit}`);
  field(doc, '4. Thời gian nhận hồ sơ', vnDateTime(f.receivedAt));
  field(doc, '5. Thời gian hẹn trả kết quả giải quyết hồ sơ', vnDateTime(f.dueAt));
  const total = f.fees.reduce((s, x) => s + x.amount, 0);
  para(doc, `6. Phí, lệ phí: ${f.fees.length === 0 ? (f.feeText ?? 'Không') : vnd(total)}`);
  if (f.fees.length > 0) list(doc, f.fees.map((x) => `${x.description}: ${vnd(x.amount)}`));
  para(doc, `7. Đăng ký nhận kết quả tại: ${f.resultDelivery}`);
  if (f.register) para(doc, `Vào Sổ theo dõi hồ sơ, Quyển số: ${f.register.book}, Số thứ tự: ${f.register.line}`, 'italic');
  if (f.lookup && qr) lookupBlock(doc, f.lookup, qr, 8);
  signatures(doc, [{ title: 'Người nộp hồ sơ', name: f.applicant.name }, f.receiver]);
  return toBuffer(doc);
}
