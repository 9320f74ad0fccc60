/**
 * Form 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ (refusal).
 */
import { applicantLines } from './applicant-lines.ts';
import { header, list, para, signatures, title } from './blocks.ts';
import { newDocument, toBuffer } from './pdf-document.ts';
import type { Form03Input } from './types.ts';

/** Title of form 03. */
export const FORM_03_TITLE = 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ';

/** Render form 03 as PDF. */
export function renderForm03(f: Form03Input): Promise<Buffer> {
  const doc = newDocument({ title: FORM_03_TITLE });
  header(doc, f.agency, f.issuedAt, f.number);
  title(doc, FORM_03_TITLE, `Mã hồ sơ: ${f.dossierCode}`);
  applicantLines(doc, f);
  const basis = f.legalBasis ? `Căn cứ ${f.legalBasis}, ` : '';
  para(doc, `${basis}${f.agency.name} thông báo từ chối tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:`);
  list(doc, f.reasons);
  para(doc, 'Xin thông báo để Ông/Bà được biết và thực hiện./.');
  signatures(doc, [f.receiver]);
  return toBuffer(doc);
}
