/**
 * Report II.06a/VPCP/KSTT as XLSX (exceljs) and as an A4 landscape PDF (pdfkit, the forms' header
 * and table): the legal header (agency, motto, place and date), the title, the period, then the
 * two-level column header of the official form and one row per field with the total last.
 */
import ExcelJS from 'exceljs';
import { header, para, title } from '../forms/blocks.ts';
import { newDocument, toBuffer } from '../forms/pdf-document.ts';
import { table } from '../forms/table.ts';
import type { AgencyHeader } from '../forms/types.ts';
import { vnPlaceDate } from '../forms/vn-format.ts';
import type { Ii06aFigures, Ii06aReport } from '../services/report-ii06a.ts';

export const II06A_CODE = 'Biểu số II.06a/VPCP/KSTT';
export const II06A_TITLE = 'TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH';
const MOTTO = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'];
const GROUPS = [
  { title: 'Số hồ sơ nhận giải quyết', span: 4 },
  { title: 'Kết quả giải quyết: số hồ sơ đã giải quyết', span: 4 },
  { title: 'Số hồ sơ đang giải quyết', span: 3 },
];
const SUB = ['Tổng số', 'Trực tuyến (trong kỳ)', 'Trực tiếp, dịch vụ bưu chính (trong kỳ)', 'Từ kỳ trước', 'Tổng số', 'Trước hạn', 'Đúng hạn', 'Quá hạn', 'Tổng số', 'Trong hạn', 'Quá hạn'];

/** The eleven figures of a row, in the form's column order. */
export function ii06aCells(f: Ii06aFigures): number[] {
  return [f.received.total, f.received.online, f.received.offline, f.received.carriedOver, f.resolved.total, f.resolved.early, f.resolved.onTime, f.resolved.late, f.inProgress.total, f.inProgress.withinDue, f.inProgress.overdue];
}

const vnDay = (iso: string) => iso.split('-').reverse().join('/');
const periodLine = (r: Ii06aReport) => `Kỳ báo cáo: từ ngày ${vnDay(r.period.from)} đến ngày ${vnDay(r.period.to)}`;

/** The report as an XLSX workbook. */
export async function renderIi06aXlsx(r: Ii06aReport, agency: AgencyHeader, issuedAt: Date): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'motcua';
  const ws = wb.addWorksheet('II.06a', { pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  ws.columns = [{ width: 6 }, { width: 32 }, ...SUB.map(() => ({ width: 12 }))];
  const last = 2 + SUB.length;
  const line = (row: number, from: number, to: number, text: string, bold = false, italic = false) => {
    ws.mergeCells(row, from, row, to);
    const c = ws.getCell(row, from);
    c.value = text.normalize('NFC');
    c.font = { bold, italic };
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  };
  line(1, 1, 5, agency.parent.toUpperCase());
  line(2, 1, 5, agency.name.toUpperCase(), true);
  line(1, 7, last, MOTTO[0]!, true);
  line(2, 7, last, MOTTO[1]!, true);
  line(3, 7, last, vnPlaceDate(agency.place, issuedAt), false, true);
  line(5, 1, last, II06A_CODE, true);
  line(6, 1, last, II06A_TITLE, true);
  ws.getRow(6).height = 32;
  line(7, 1, last, periodLine(r), false, true);
  line(8, 1, last, 'Đơn vị tính: Số hồ sơ', false, true);
  // The two-level header, rows 9 and 10.
  const head = (row: number, col: number, text: string, toRow = row, toCol = col) => {
    if (toRow !== row || toCol !== col) ws.mergeCells(row, col, toRow, toCol);
    const c = ws.getCell(row, col);
    c.value = text;
    c.font = { bold: true };
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  };
  head(9, 1, 'STT', 10);
  head(9, 2, 'Lĩnh vực giải quyết', 10);
  let col = 3;
  for (const g of GROUPS) {
    head(9, col, g.title, 9, col + g.span - 1);
    col += g.span;
  }
  SUB.forEach((s, i) => head(10, 3 + i, s));
  ws.getRow(10).height = 45;
  r.rows.forEach((row, i) => ws.addRow([i + 1, row.field.normalize('NFC'), ...ii06aCells(row)]));
  const total = ws.addRow(['', 'Tổng cộng', ...ii06aCells(r.total)]);
  total.font = { bold: true };
  for (let row = 9; row <= ws.rowCount; row++) {
    for (let c = 1; c <= last; c++) ws.getCell(row, c).border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The report as an A4 landscape PDF. */
export function renderIi06aPdf(r: Ii06aReport, agency: AgencyHeader, issuedAt: Date): Promise<Buffer> {
  const doc = newDocument({ title: `${II06A_CODE} ${II06A_TITLE}`, landscape: true });
  header(doc, agency, issuedAt);
  title(doc, II06A_CODE, II06A_TITLE, periodLine(r), 'Đơn vị tính: Số hồ sơ');
  const groupOf = (i: number) => (i < 4 ? 'Nhận' : i < 8 ? 'Đã giải quyết' : 'Đang giải quyết');
  const columns = [
    { header: 'STT', width: 4, align: 'center' as const },
    { header: 'Lĩnh vực giải quyết', width: 18 },
    ...SUB.map((s, i) => ({ header: `${groupOf(i)}: ${s}`, width: 7, align: 'right' as const })),
  ];
  const rows = [
    ...r.rows.map((row, i) => ({ cells: [String(i + 1), row.field, ...ii06aCells(row).map(String)] })),
    { cells: ['', 'Tổng cộng', ...ii06aCells(r.total).map(String)], emphasis: true },
  ];
  table(doc, columns, rows, 8);
  doc.moveDown(0.5);
  para(doc, `Số liệu đang giải quyết tính đến ${vnDay(new Date(Date.parse(r.asOf) - 1 + 7 * 3600_000).toISOString().slice(0, 10))}.`, 'italic');
  return toBuffer(doc);
}
