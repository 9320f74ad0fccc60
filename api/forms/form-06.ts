/**
 * Form 06: Phiếu kiểm soát quá trình giải quyết hồ sơ (processing control slip): one row per
 * step, each judged against its own deadline; the hand-over into each step (when, who gave, who
 * received); lateness attributed to the step and the agency that held the dossier.
 */
import { field, header, para, title } from './blocks.ts';
import { newDocument, toBuffer } from './pdf-document.ts';
import { table, type Column } from './table.ts';
import type { ControlHop, Form06Input } from './types.ts';
import { vnDateTime, vnShortDateTime } from './vn-format.ts';

/** Title of form 06. */
export const FORM_06_TITLE = 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ';

/** Result labels of a hop. */
export const HOP_RESULT = { early: 'Trước hạn', onTime: 'Đúng hạn', late: 'Quá hạn', pending: 'Đang xử lý' } as const;

const COLUMNS: Column[] = [
  { header: 'STT', width: 5, align: 'center' },
  { header: 'Cơ quan, bộ phận; bước giải quyết', width: 18 },
  { header: 'Giao, nhận hồ sơ (thời gian; người giao; người nhận)', width: 20 },
  { header: 'Chuyển hồ sơ', width: 11, align: 'center' },
  { header: 'Hạn của bước', width: 11, align: 'center' },
  { header: 'Kết quả (trước hạn / đúng hạn / quá hạn)', width: 12, align: 'center' },
  { header: 'Ghi chú', width: 13 },
];

/** Whether a hop is late: as given, else sent (or still held at `asOf`) after its own due time. */
export function hopIsLate(h: ControlHop, asOf: Date): boolean {
  if (h.late !== undefined) return h.late;
  return (h.sentAt ?? asOf).getTime() > h.dueAt.getTime();
}

/** The result label of a hop. */
export function hopResult(h: ControlHop, asOf: Date): string {
  if (hopIsLate(h, asOf)) return HOP_RESULT.late;
  if (!h.sentAt) return HOP_RESULT.pending;
  return h.sentAt.getTime() < h.dueAt.getTime() ? HOP_RESULT.early : HOP_RESULT.onTime;
}

/** The hand-over cell: «24/02/2026 09:00\nNgười giao: …\nNgười nhận: …». */
export function handOverCell(h: ControlHop): string {
  return [vnShortDateTime(h.receivedAt), `Người giao: ${h.givenBy ?? ''}`, `Người nhận: ${h.receivedBy ?? ''}`].join('\n');
}

/** «Công an xã (Đăng ký thường trú)»: the step and the agency a delay is attributed to. */
export function lateStepLabel(h: ControlHop): string {
  return h.task ? `${h.agency} (${h.task})` : h.agency;
}

/** Render form 06 as PDF. */
export function renderForm06(f: Form06Input): Promise<Buffer> {
  const asOf = f.asOf ?? f.issuedAt;
  const doc = newDocument({ title: FORM_06_TITLE });
  header(doc, f.agency, f.issuedAt, f.number);
  title(doc, FORM_06_TITLE, `Mã hồ sơ: ${f.dossierCode}`, '(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả)');
  field(doc, 'Hồ sơ của', f.applicant.name);
  field(doc, 'Nội dung yêu cầu giải quyết', f.procedureName);
  field(doc, 'Thời gian nhận hồ sơ', vnDateTime(f.receivedAt));
  field(doc, 'Thời gian hẹn trả kết quả', vnDateTime(f.dueAt));
  field(doc, 'Cơ quan chủ trì giải quyết', f.leadAgency);
  if (f.coordinatingAgencies.length > 0) field(doc, 'Cơ quan phối hợp', f.coordinatingAgencies.join('; '));
  doc.moveDown(0.5);
  const rows = f.hops.map((h, i) => ({
    cells: [
      String(i + 1),
      h.task ? `${h.agency}\n${h.task}` : h.agency,
      handOverCell(h),
      h.sentAt ? vnShortDateTime(h.sentAt) : '',
      vnShortDateTime(h.dueAt),
      hopResult(h, asOf),
      h.note ?? '',
    ],
    emphasis: hopIsLate(h, asOf),
  }));
  table(doc, COLUMNS, rows);
  const late = [...new Set(f.hops.filter((h) => hopIsLate(h, asOf)).map(lateStepLabel))];
  doc.moveDown(0.5);
  para(doc, late.length > 0 ? `Bước, cơ quan làm quá hạn: ${late.join('; ')}.` : 'Không có bước, cơ quan nào làm quá hạn.', 'italic');
  return toBuffer(doc);
}
