/**
 * Form 06: Phiếu kiểm soát quá trình giải quyết hồ sơ (processing control slip): one row per
 * hop, the late agency marked.
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
  { header: 'Cơ quan, bộ phận giải quyết', width: 20 },
  { header: 'Nhận hồ sơ', width: 12, align: 'center' },
  { header: 'Chuyển hồ sơ', width: 12, align: 'center' },
  { header: 'Hạn xử lý', width: 12, align: 'center' },
  { header: 'Kết quả (trước hạn / đúng hạn / quá hạn)', width: 13, align: 'center' },
  { header: 'Ghi chú', width: 15 },
];

/** Whether a hop is late: as given, else sent (or still held at `asOf`) after its due time. */
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
      vnShortDateTime(h.receivedAt),
      h.sentAt ? vnShortDateTime(h.sentAt) : '',
      vnShortDateTime(h.dueAt),
      hopResult(h, asOf),
      h.note ?? '',
    ],
    emphasis: hopIsLate(h, asOf),
  }));
  table(doc, COLUMNS, rows);
  const late = f.hops.filter((h) => hopIsLate(h, asOf)).map((h) => h.agency);
  doc.moveDown(0.5);
  para(doc, late.length > 0 ? `Cơ quan làm quá hạn: ${[...new Set(late)].join('; ')}.` : 'Không có cơ quan nào làm quá hạn.', 'italic');
  return toBuffer(doc);
}
