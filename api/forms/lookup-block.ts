/**
 * The lookup block of form 01: a QR code linking to the public lookup (`<base>/tra-cuu?ma=CODE`)
 * and the dossier's lookup PIN, the second factor that shows names, documents and supplement details,
 * lets the applicant supplement online and rate the service. The QR code (package `qrcode`) is drawn
 * as a PNG image; the link is printed as text too, for those who type it.
 */
import QRCode from 'qrcode';
import { BODY_SIZE, contentWidth, nfc } from './pdf-document.ts';

type Doc = PDFKit.PDFDocument;

/** What form 01 prints to let the applicant look the dossier up. */
export interface LookupSlip {
  /** The lookup PIN (6 digits). */
  pin: string;
  /** The lookup address, `<public base URL>/tra-cuu?ma=CODE`. */
  url: string;
}

/** The lookup address of a dossier under a public base URL. */
export function lookupUrl(baseUrl: string, code: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/tra-cuu?ma=${encodeURIComponent(code)}`;
}

/** The QR code of a link as a PNG. */
export function qrPng(url: string): Promise<Buffer> {
  // Greyscale without alpha: the PDF embeds the PNG's own data as it is.
  return QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 240, rendererOpts: { colorType: 0 } } as QRCode.QRCodeToBufferOptions);
}

const QR_SIZE = 78;

/** Draws the block: the text on the left, the QR code on the right; the cursor left below both. */
export function lookupBlock(doc: Doc, slip: LookupSlip, qr: Buffer, number: number): void {
  if (doc.y + QR_SIZE + 10 > doc.page.height - doc.page.margins.bottom) doc.addPage();
  const left = doc.page.margins.left;
  const top = doc.y;
  const textWidth = contentWidth(doc) - QR_SIZE - 12;
  doc.image(qr, left + contentWidth(doc) - QR_SIZE, top, { width: QR_SIZE, height: QR_SIZE });
  doc.font('regular').fontSize(BODY_SIZE).text(nfc(`${number}. Tra cứu hồ sơ: quét mã QR bên cạnh hoặc truy cập`), left, top, { width: textWidth });
  doc.font('bold').text(slip.url, left + 18, doc.y, { width: textWidth - 18, paragraphGap: 2 });
  doc.font('regular');
  doc.text(nfc('Mã tra cứu (PIN): '), left, doc.y, { width: textWidth, continued: true })
    .font('bold').text(slip.pin, { paragraphGap: 2 });
  doc.font('italic').fontSize(9).text(nfc('Giữ kín mã PIN: cần để xem chi tiết hồ sơ, bổ sung giấy tờ trực tuyến và đánh giá mức độ hài lòng.'), left, doc.y, { width: textWidth });
  doc.font('regular').fontSize(BODY_SIZE);
  doc.x = left;
  doc.y = Math.max(doc.y, top + QR_SIZE) + 4;
}
