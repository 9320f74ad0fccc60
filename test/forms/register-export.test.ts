import ExcelJS from 'exceljs';
import t from 'tap';
import {
  csvField, defuseFormula, REGISTER_COLUMNS, renderRegisterCsv, renderRegisterXlsx,
} from '../../api/forms/index.ts';
import { ROWS } from './fixtures.ts';

/** A strict RFC 4180 parser, for reading the CSV back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field); rows.push(row); row = []; field = ''; i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0) throw new Error('CSV does not end with CRLF');
  return rows;
}

t.test('CSV: BOM, CRLF, RFC 4180 quoting, reads back', async (t) => {
  const buf = renderRegisterCsv(ROWS);
  t.same([...buf.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  const text = buf.toString('utf8').slice(1);
  const rows = parseCsv(text);
  t.equal(rows.length, 3);
  t.same(rows[0], REGISTER_COLUMNS.map((c) => c.header));
  t.ok(rows.every((r) => r.length === REGISTER_COLUMNS.length), 'every row has every column');
  t.same(rows[1]!.slice(0, 5), ['1', 'XAPHUOCLONG-260224-0007', 'Đăng ký khai sinh', '1', 'Nguyễn Thị Hồng']);
  t.same(rows[1]!.slice(8, 14), ['24/02/2026 09:00', '27/02/2026 17:00', '24/02/2026 10:00', '25/02/2026 09:00', '25/02/2026 11:00', 'Đã trả kết quả']);
  t.equal(rows[2]![4], 'Công ty TNHH "Hoa Sen", chi nhánh 2', 'quotes and commas survive');
  t.equal(rows[2]![5], 'Số 5, đường Lê Lợi\nxã Phước Long', 'line breaks survive');
  t.equal(rows[2]![6], '+84987654321', 'phone numbers are not defused');
  t.same(rows[2]!.slice(10, 13), ['', '', ''], 'missing times are empty');
  t.equal(rows[2]![14], "'=1+2", 'formulas are defused');
  t.match(text, /"Công ty TNHH ""Hoa Sen"", chi nhánh 2"/);
});

t.test('CSV of no rows is the header alone', async (t) => {
  t.equal(renderRegisterCsv([]).toString('utf8'), `\uFEFF${REGISTER_COLUMNS.map((c) => csvField(c.header)).join(',')}\r\n`);
});

t.test('CSV helpers', async (t) => {
  t.equal(csvField('a'), 'a');
  t.equal(csvField('a,b'), '"a,b"');
  t.equal(csvField('say "hi"'), '"say ""hi"""');
  for (const s of ['=SUM(A1)', '@cmd', '-x', '+x', '\tA']) t.equal(defuseFormula(s), `'${s}`, JSON.stringify(s));
  for (const s of ['-5', '+84912345678', 'Nguyễn', '']) t.equal(defuseFormula(s), s, JSON.stringify(s));
});

t.test('XLSX reads back with exceljs', async (t) => {
  const buf = await renderRegisterXlsx(ROWS);
  t.equal(buf.subarray(0, 2).toString(), 'PK', 'a zip file');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  const ws = wb.worksheets[0]!;
  t.equal(ws.name, 'SỔ THEO DÕI HỒ SƠ');
  t.equal(ws.rowCount, 3);
  const values = (n: number): unknown[] => (ws.getRow(n).values as unknown[]).slice(1);
  t.same(values(1), REGISTER_COLUMNS.map((c) => c.header));
  const r1 = values(2);
  t.same(r1.slice(0, 5), [1, 'XAPHUOCLONG-260224-0007', 'Đăng ký khai sinh', 1, 'Nguyễn Thị Hồng']);
  const received = r1[8];
  t.ok(received instanceof Date);
  t.equal((received as Date).toISOString(), '2026-02-24T09:00:00.000Z', 'UTC+7 wall-clock time');
  t.equal(ws.getRow(2).getCell(9).numFmt, 'dd/mm/yyyy hh:mm');
  const r2 = values(3);
  t.equal(r2[4], 'Công ty TNHH "Hoa Sen", chi nhánh 2');
  t.equal(r2[14], '=1+2', 'a string cell, never a formula');
  t.equal(ws.getRow(3).getCell(15).type, ExcelJS.ValueType.String);
  t.equal(r2[10], undefined, 'missing times are empty cells');
});
