/**
 * Form 04: Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (apology and extension), issued
 * by the agency responsible for the dossier, numbered from its register and signed by its head.
 */
import { header, list, para, title, field } from './blocks.ts';
import { officialFooter } from './official-footer.ts';
import { newDocument, toBuffer } from './pdf-document.ts';
import type { Form04Input } from './types.ts';
import { vnDateTime } from './vn-format.ts';

/** Title of form 04. */
export const FORM_04_TITLE = 'VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT';

/** Printed on a letter sent after the notice deadline of Art. 19.6. */
export const FORM_04_LATE_NOTE = 'Văn bản gửi sau thời hạn quy định tại khoản 6 Điều 19 Nghị định số 118/2025/NĐ-CP (chậm nhất 01 ngày làm việc trước ngày hẹn trả kết quả).';

/** Render form 04 as PDF. */
export function renderForm04(f: Form04Input): Promise<Buffer> {
  const doc = newDocument({ title: FORM_04_TITLE });
  header(doc, f.agency, f.issuedAt, f.number);
  title(doc, FORM_04_TITLE, `Mã hồ sơ: ${f.dossierCode}`);
  para(doc, `Kính gửi: Ông/Bà ${f.applicant.name}${f.applicant.address ? `, địa chỉ: ${f.applicant.address}` : ''}.`, 'bold');
  para(doc, `Vào lúc ${vnDateTime(f.receivedAt)}, ${f.receivingAgency ?? f.agency.name} tiếp nhận hồ sơ của Ông/Bà, nội dung yêu cầu giải quyết: ${f.procedureName}.`);
  field(doc, 'Thời gian hẹn trả kết quả', vnDateTime(f.dueAt));
  const who = f.lateAgency ?? f.agency.name;
  para(doc, `Tuy nhiên đến nay, ${who} chưa giải quyết xong hồ sơ của Ông/Bà. Lý do:`);
  list(doc, f.reasons);
  para(doc, `Sự chậm trễ này đã gây phiền hà cho Ông/Bà. ${f.agency.name} trân trọng xin lỗi Ông/Bà và đề nghị gia hạn thời gian giải quyết, hẹn trả kết quả vào:`);
  field(doc, 'Thời gian hẹn trả kết quả mới', vnDateTime(f.newDueAt));
  para(doc, 'Mong nhận được sự thông cảm của Ông/Bà./.');
  if (f.late) para(doc, FORM_04_LATE_NOTE, 'italic');
  officialFooter(doc, f.recipients ?? [`Ông/Bà ${f.applicant.name}`], f.signer);
  return toBuffer(doc);
}
