/**
 * The applicant and dossier lines that open most forms.
 */
import { field } from './blocks.ts';
import type { FormBase } from './types.ts';

/** «Họ và tên», ID, address, phone/email, procedure and dossier code, as present. */
export function applicantLines(doc: PDFKit.PDFDocument, f: FormBase, nameLabel = 'Tiếp nhận hồ sơ của'): void {
  field(doc, nameLabel, f.applicant.name);
  if (f.applicant.idNumber) field(doc, 'Số định danh cá nhân/mã số doanh nghiệp', f.applicant.idNumber);
  if (f.applicant.address) field(doc, 'Địa chỉ', f.applicant.address);
  const contact = [f.applicant.phone && `Số điện thoại: ${f.applicant.phone}`, f.applicant.email && `Email: ${f.applicant.email}`]
    .filter(Boolean)
    .join('    ');
  if (contact) field(doc, 'Liên hệ', contact);
  field(doc, 'Nội dung yêu cầu giải quyết', f.procedureName);
}
