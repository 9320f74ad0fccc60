/**
 * Form 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (supplement request).
 */
import { applicantLines } from './applicant-lines.ts';
import { header, list, para, signatures, title } from './blocks.ts';
import { newDocument, toBuffer } from './pdf-document.ts';
import type { Form02Input } from './types.ts';
import { vnDate, vnDateTime } from './vn-format.ts';

/** Title of form 02. */
export const FORM_02_TITLE = 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ';

/** Render form 02 as PDF. */
export function renderForm02(f: Form02Input): Promise<Buffer> {
  const doc = newDocument({ title: FORM_02_TITLE });
  header(doc, f.agency, f.issuedAt, f.number);
  title(doc, FORM_02_TITLE, `Mã hồ sơ: ${f.dossierCode}`);
  applicantLines(doc, f, 'Hồ sơ của');
  para(doc, `Vào lúc ${vnDateTime(f.receivedAt)}, ${f.agency.name} đã nhận hồ sơ của Ông/Bà ${f.applicant.name}.`);
  para(doc, 'Sau khi xem xét hồ sơ, đối chiếu với các quy định hiện hành, đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:');
  list(doc, f.items.map((i) => (i.reason ? `${i.name}. Lý do: ${i.reason}` : i.name)));
  // The deadline instant is the close of the last day the supplement is accepted: print that day.
  if (f.supplementDueAt) para(doc, `Thời hạn bổ sung: đến hết ${vnDate(new Date(f.supplementDueAt.getTime() - 1))}.`);
  const phone = f.contact.phone.trim() || '……………………';
  para(doc, `Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, Ông/Bà liên hệ ${f.contact.name}, số điện thoại ${phone} để được hướng dẫn./.`);
  signatures(doc, [f.guide]);
  return toBuffer(doc);
}
