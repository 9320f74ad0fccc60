/**
 * The foot of a document an agency issues (forms 04 and 05, Decree 30/2020 layout): «Nơi nhận» on the
 * left, and on the right the head's signature block with the caption for the seal.
 */
import { BODY_SIZE, contentWidth, nfc } from './pdf-document.ts';
import type { Signer } from './types.ts';

type Doc = PDFKit.PDFDocument;

/** The caption under the title of a head who signs and seals. */
export const SEAL_CAPTION = '(Ký, ghi rõ họ tên và đóng dấu)';

/** «Nơi nhận» (each recipient on a «- » line, then «- Lưu: VT.») beside the signer, who signs and seals. */
export function officialFooter(doc: Doc, recipients: readonly string[], signer: Signer): void {
  if (doc.y + 130 > doc.page.height - doc.page.margins.bottom) doc.addPage();
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  const half = width / 2;
  const top = doc.y + 14;
  doc.font('boldItalic').fontSize(9.5)
    .text(nfc('Nơi nhận:'), left, top, { width: half - 10 });
  for (const r of [...recipients, 'Lưu: VT.']) doc.font('regular').fontSize(9).text(nfc(`- ${r}`), left, doc.y, { width: half - 10 });
  const leftBottom = doc.y;
  doc.font('bold').fontSize(BODY_SIZE).text(nfc(signer.title.toUpperCase()), left + half, top, { width: half, align: 'center' });
  doc.font('italic').fontSize(9).text(nfc(signer.caption ?? SEAL_CAPTION), left + half, doc.y, { width: half, align: 'center' });
  const nameY = doc.y + 56;
  let rightBottom = nameY;
  if (signer.name) {
    doc.font('bold').fontSize(BODY_SIZE).text(nfc(signer.name), left + half, nameY, { width: half, align: 'center' });
    rightBottom = doc.y;
  }
  doc.x = left;
  doc.y = Math.max(leftBottom, rightBottom) + 8;
  doc.font('regular').fontSize(BODY_SIZE);
}
