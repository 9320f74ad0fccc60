/**
 * The dossier register as XLSX (exceljs). Times are written as Excel dates showing the UTC+7
 * wall-clock time (Excel has no time zones), formatted «dd/mm/yyyy hh:mm».
 */
import ExcelJS from 'exceljs';
import { REGISTER_COLUMNS, REGISTER_TITLE, type RegisterValue } from './register-columns.ts';
import type { RegisterRow } from './types.ts';

const OFFSET_MS = 7 * 3600 * 1000;

function cellValue(v: RegisterValue): string | number | Date | null {
  if (v instanceof Date) return new Date(v.getTime() + OFFSET_MS);
  if (typeof v === 'string') return v.normalize('NFC');
  return v;
}

/** Render the register rows as an XLSX workbook with one sheet. */
export async function renderRegisterXlsx(rows: readonly RegisterRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'motcua';
  const ws = wb.addWorksheet(REGISTER_TITLE, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = REGISTER_COLUMNS.map((c) => ({
    header: c.header,
    key: c.key,
    width: Math.max(8, c.width * 1.4),
    style: c.key.endsWith('At') ? { numFmt: 'dd/mm/yyyy hh:mm' } : {},
  }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  rows.forEach((r, i) => {
    ws.addRow(Object.fromEntries(REGISTER_COLUMNS.map((c) => [c.key, cellValue(c.value(r, i))])));
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: REGISTER_COLUMNS.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
