/**
 * Form 05: Thông báo dừng giải quyết hồ sơ (stop notice).
 */
import { applicantLines } from './applicant-lines.ts';
import { field, header, para, signatures, title } from './blocks.ts';
import { newDocument, toBuffer } from './pdf-document.ts';
import type { Form05Input } from './types.ts';
import { vnDateTime } from './vn-format.ts';

/** Title of form 05. */
export const FORM_05_TITLE = 'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ';

/** Render form 05 as PDF. */
export function renderForm05(f: Form05Input): Promise<Buffer> {
  const doc = newDocument({ title: FORM_05_TITLE });
  header(doc, f.agency, f.issuedAt, f.number);
  title(doc, FORM_05_TITLE, `Mã hồ sơ: ${f.dossierCode}`);
  applicantLines(doc, f, 'Hồ sơ của');
  field(doc, 'Thời gian tiếp nhận hồ sơ', vnDateTime(f.receivedAt));
  const cause = f.requestedByApplicant
    ? `Theo đề nghị dừng giải quyết hồ sơ của Ông/Bà${f.requestedAt ? ` lúc ${vnDateTime(f.requestedAt)}` : ''}`
    : 'Căn cứ quy định của pháp luật';
  para(doc, `${cause}, ${f.agency.name} thông báo dừng giải quyết hồ sơ nêu trên.`);
  field(doc, 'Lý do', f.reason);
  if (f.returnNote) para(doc, f.returnNote);
  para(doc, 'Xin thông báo để Ông/Bà được biết./.');
  signatures(doc, [f.signer]);
  return toBuffer(doc);
}
