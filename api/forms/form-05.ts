/**
 * Form 05: Thông báo dừng giải quyết hồ sơ (stop notice), issued by the deciding agency, numbered from
 * its register and signed by its head: on the applicant's completed withdrawal, on legal grounds, or
 * because the supplement did not come in time (Decree 118/2025 Art. 19.5).
 */
import { applicantLines } from './applicant-lines.ts';
import { field, header, para, title } from './blocks.ts';
import { officialFooter } from './official-footer.ts';
import { newDocument, toBuffer } from './pdf-document.ts';
import type { Form05Input } from './types.ts';
import { vnDate, vnDateTime } from './vn-format.ts';

/** Title of form 05. */
export const FORM_05_TITLE = 'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ';

function cause(f: Form05Input): string {
  if (f.requestedByApplicant) return `Theo đề nghị dừng giải quyết hồ sơ của Ông/Bà${f.requestedAt ? ` lúc ${vnDateTime(f.requestedAt)}` : ''}`;
  if (f.unsupplemented) {
    const by = f.supplementDueAt ? ` (đến hết ${vnDate(new Date(f.supplementDueAt.getTime() - 1))})` : '';
    return `Căn cứ khoản 5 Điều 19 Nghị định số 118/2025/NĐ-CP, do hết thời hạn bổ sung hồ sơ${by} mà Ông/Bà chưa bổ sung, hoàn thiện hồ sơ theo Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ`;
  }
  return 'Căn cứ quy định của pháp luật';
}

/** Render form 05 as PDF. */
export function renderForm05(f: Form05Input): Promise<Buffer> {
  const doc = newDocument({ title: FORM_05_TITLE });
  header(doc, f.agency, f.issuedAt, f.number);
  title(doc, FORM_05_TITLE, `Mã hồ sơ: ${f.dossierCode}`);
  applicantLines(doc, f, 'Hồ sơ của');
  field(doc, 'Thời gian tiếp nhận hồ sơ', vnDateTime(f.receivedAt));
  para(doc, `${cause(f)}, ${f.agency.name} thông báo dừng giải quyết hồ sơ nêu trên.`);
  field(doc, 'Lý do', f.reason);
  if (f.returnNote) para(doc, f.returnNote);
  para(doc, 'Xin thông báo để Ông/Bà được biết./.');
  officialFooter(doc, f.recipients ?? [`Ông/Bà ${f.applicant.name}`], f.signer);
  return toBuffer(doc);
}
