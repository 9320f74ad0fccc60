/**
 * A pdfkit document set up for the forms: A4, DejaVu fonts (Vietnamese glyphs), and a writer that
 * NFC-normalises every text it prints.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
const FONT_DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

/** Font names registered on every form document. */
export const FONTS = {
  regular: path.join(FONT_DIR, 'DejaVuSans.ttf'),
  bold: path.join(FONT_DIR, 'DejaVuSans-Bold.ttf'),
  italic: path.join(FONT_DIR, 'DejaVuSans-Oblique.ttf'),
  boldItalic: path.join(FONT_DIR, 'DejaVuSans-BoldOblique.ttf'),
  /** Narrower faces for table cells. */
  condensed: path.join(FONT_DIR, 'DejaVuSansCondensed.ttf'),
  condensedBold: path.join(FONT_DIR, 'DejaVuSansCondensed-Bold.ttf'),
} as const;

/** A font style. */
export type FontStyle = keyof typeof FONTS;

/** Page margins in points (about 2 cm left, 1.5 cm elsewhere). */
export const MARGINS = { top: 42, bottom: 42, left: 57, right: 42 } as const;

/** Body font size. */
export const BODY_SIZE = 10.5;

/** A new A4 form document with the fonts registered. */
export function newDocument(opts: { landscape?: boolean; title: string }): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: 'A4',
    layout: opts.landscape ? 'landscape' : 'portrait',
    margins: MARGINS,
    info: { Title: opts.title.normalize('NFC'), Producer: 'motcua', Creator: 'motcua' },
    bufferPages: true,
  });
  for (const [name, file] of Object.entries(FONTS)) doc.registerFont(name, file);
  doc.font('regular').fontSize(BODY_SIZE);
  return doc;
}

/** End the document and collect its bytes. */
export function toBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/** NFC-normalise a text for printing. */
export function nfc(text: string): string {
  return text.normalize('NFC');
}

/** Width of the printable area. */
export function contentWidth(doc: PDFKit.PDFDocument): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}
