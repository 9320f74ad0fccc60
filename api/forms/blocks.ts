/**
 * Building blocks of the forms: the two-column header (agency / national motto), titles,
 * paragraphs, labelled lines, numbered lists and signature blocks. Every text is NFC-normalised.
 */
import { BODY_SIZE, contentWidth, nfc, type FontStyle } from './pdf-document.ts';
import type { AgencyHeader, Signer } from './types.ts';
import { vnPlaceDate } from './vn-format.ts';

type Doc = PDFKit.PDFDocument;

/** The national motto lines. */
export const MOTTO = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'] as const;

function centred(doc: Doc, text: string, x: number, y: number, width: number, font: FontStyle, size: number): number {
  doc.font(font).fontSize(size).text(nfc(text), x, y, { width, align: 'center' });
  return doc.y;
}

function rule(doc: Doc, cx: number, y: number, length: number): void {
  doc.moveTo(cx - length / 2, y).lineTo(cx + length / 2, y).lineWidth(0.6).stroke();
}

/**
 * Agency on the left (parent, then the unit in bold, then «Số: …»), motto on the right, then
 * the place and date line in italics on the right. Leaves the cursor below it.
 */
export function header(doc: Doc, agency: AgencyHeader, issuedAt: Date, number?: string): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  const leftW = width * 0.44;
  const rightX = left + leftW;
  const rightW = width - leftW;
  const top = doc.page.margins.top;
  let ly = centred(doc, agency.parent.toUpperCase(), left, top, leftW, 'regular', 9);
  ly = centred(doc, agency.name.toUpperCase(), left, ly, leftW, 'bold', 9);
  rule(doc, left + leftW / 2, ly + 3, leftW * 0.35);
  if (number) ly = centred(doc, `Số: ${number}`, left, ly + 6, leftW, 'regular', 9.5);
  let ry = centred(doc, MOTTO[0], rightX, top, rightW, 'bold', 9.5);
  ry = centred(doc, MOTTO[1], rightX, ry, rightW, 'bold', 10);
  rule(doc, rightX + rightW / 2, ry + 3, rightW * 0.5);
  ry = centred(doc, vnPlaceDate(agency.place, issuedAt), rightX, ry + 6, rightW, 'italic', 9.5);
  doc.x = left;
  doc.y = Math.max(ly, ry) + 18;
}

/** A centred bold title, with optional centred lines under it. */
export function title(doc: Doc, text: string, ...sub: string[]): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  doc.font('bold').fontSize(13).text(nfc(text), left, doc.y, { width, align: 'center' });
  for (const s of sub) doc.font('regular').fontSize(BODY_SIZE).text(nfc(s), left, doc.y + 2, { width, align: 'center' });
  doc.x = left;
  doc.y += 12;
  doc.font('regular').fontSize(BODY_SIZE);
}

/** A body paragraph. */
export function para(doc: Doc, text: string, font: FontStyle = 'regular'): void {
  doc.font(font).fontSize(BODY_SIZE).text(nfc(text), doc.page.margins.left, doc.y, { width: contentWidth(doc), paragraphGap: 3 });
}

/** «Label: value», the label in regular and the value in bold. */
export function field(doc: Doc, label: string, value: string): void {
  doc.font('regular').fontSize(BODY_SIZE)
    .text(nfc(`${label}: `), doc.page.margins.left, doc.y, { width: contentWidth(doc), continued: true })
    .font('bold').text(nfc(value), { paragraphGap: 3 });
  doc.font('regular');
}

/** A numbered list, indented. */
export function list(doc: Doc, items: readonly string[], indent = 18): void {
  const x = doc.page.margins.left + indent;
  const width = contentWidth(doc) - indent;
  items.forEach((item, i) => {
    doc.font('regular').fontSize(BODY_SIZE).text(nfc(`${i + 1}. ${item}`), x, doc.y, { width, paragraphGap: 2 });
  });
  doc.x = doc.page.margins.left;
}

function signerBlock(doc: Doc, s: Signer, x: number, y: number, width: number): number {
  doc.font('bold').fontSize(BODY_SIZE).text(nfc(s.title.toUpperCase()), x, y, { width, align: 'center' });
  doc.font('italic').fontSize(9).text(nfc('(Ký và ghi rõ họ tên)'), x, doc.y, { width, align: 'center' });
  const nameY = doc.y + 48;
  if (s.name) doc.font('bold').fontSize(BODY_SIZE).text(nfc(s.name), x, nameY, { width, align: 'center' });
  return s.name ? doc.y : nameY;
}

/**
 * Signature blocks side by side (one block sits on the right half), starting a new page if there
 * is not room for them.
 */
export function signatures(doc: Doc, signers: readonly Signer[]): void {
  if (doc.y + 110 > doc.page.height - doc.page.margins.bottom) doc.addPage();
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  const y = doc.y + 14;
  const half = width / 2;
  const slots = signers.length === 1 ? [{ s: signers[0]!, x: left + half }] : signers.map((s, i) => ({ s, x: left + (width / signers.length) * i }));
  const w = signers.length === 1 ? half : width / signers.length;
  let bottom = y;
  for (const { s, x } of slots) bottom = Math.max(bottom, signerBlock(doc, s, x, y, w));
  doc.x = left;
  doc.y = bottom + 8;
}
