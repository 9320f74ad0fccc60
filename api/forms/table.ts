/**
 * A bordered table with wrapped cells, a repeated header row on every page and optional
 * per-row emphasis (bold, shaded) to mark e.g. the late agency.
 */
import { contentWidth, nfc } from './pdf-document.ts';

/** A column: header text, relative width and alignment. */
export interface Column {
  header: string;
  width: number;
  align?: 'left' | 'center' | 'right';
}

/** A row: its cells and whether to emphasise it. */
export interface Row {
  cells: string[];
  emphasis?: boolean;
}

const PAD = 3;

function widths(doc: PDFKit.PDFDocument, columns: readonly Column[]): number[] {
  const total = columns.reduce((s, c) => s + c.width, 0);
  return columns.map((c) => (c.width / total) * contentWidth(doc));
}

function rowHeight(doc: PDFKit.PDFDocument, cells: readonly string[], ws: readonly number[]): number {
  return Math.max(...cells.map((c, i) => doc.heightOfString(nfc(c), { width: ws[i]! - 2 * PAD }))) + 2 * PAD;
}

function drawRow(doc: PDFKit.PDFDocument, cells: readonly string[], ws: readonly number[], cols: readonly Column[], shade: string | null): void {
  const y = doc.y;
  const h = rowHeight(doc, cells, ws);
  let x = doc.page.margins.left;
  cells.forEach((cell, i) => {
    const w = ws[i]!;
    if (shade) doc.save().rect(x, y, w, h).fill(shade).restore();
    doc.rect(x, y, w, h).lineWidth(0.5).stroke();
    doc.fillColor('black').text(nfc(cell), x + PAD, y + PAD, { width: w - 2 * PAD, align: cols[i]?.align ?? 'left' });
    x += w;
  });
  doc.x = doc.page.margins.left;
  doc.y = y + h;
}

/** Draw the table at the cursor; `size` is the font size of the cells. */
export function table(doc: PDFKit.PDFDocument, columns: readonly Column[], rows: readonly Row[], size = 8.5): void {
  const ws = widths(doc, columns);
  const head = (): void => {
    doc.font('condensedBold').fontSize(size);
    drawRow(doc, columns.map((c) => c.header), ws, columns.map(() => ({ header: '', width: 1, align: 'center' })), '#e6e6e6');
  };
  head();
  for (const row of rows) {
    doc.font(row.emphasis ? 'condensedBold' : 'condensed').fontSize(size);
    if (doc.y + rowHeight(doc, row.cells, ws) > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      head();
      doc.font(row.emphasis ? 'condensedBold' : 'condensed').fontSize(size);
    }
    drawRow(doc, row.cells, ws, columns, row.emphasis ? '#fde2e2' : null);
  }
  doc.font('regular');
}
