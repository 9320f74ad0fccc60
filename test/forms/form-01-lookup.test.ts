import t from 'tap';
import { renderForm01 } from '../../api/forms/index.ts';
import { lookupUrl, qrPng } from '../../api/forms/lookup-block.ts';
import { lookupPin } from '../../api/services/lookup-pin.ts';
import { F01, pdfText } from './fixtures.ts';

/** The image data (IDAT chunks) of a PNG: what a PDF embeds as it is for a greyscale PNG. */
function pngImageData(png: Buffer): Buffer {
  const chunks: Buffer[] = [];
  for (let off = 8; off < png.length;) {
    const len = png.readUInt32BE(off);
    if (png.toString('ascii', off + 4, off + 8) === 'IDAT') chunks.push(png.subarray(off + 8, off + 8 + len));
    off += 12 + len;
  }
  return Buffer.concat(chunks);
}

const SECRET = 'a-test-secret-of-at-least-32-characters!';

t.test('form 01 prints the lookup PIN, the link and its QR code', async (t) => {
  const url = lookupUrl('https://dichvucong.phuoclong.vn/', F01.dossierCode);
  t.equal(url, 'https://dichvucong.phuoclong.vn/tra-cuu?ma=XAPHUOCLONG-260224-0007', 'the base URL without its trailing slash');
  const pin = lookupPin(SECRET, F01.dossierCode);
  const buf = await renderForm01({ ...F01, lookup: { pin, url } });
  const { text, sizes } = await pdfText(buf);
  t.ok(text.includes(`Mã tra cứu (PIN): ${pin}`), 'the PIN');
  t.ok(text.replace(/\s+/g, '').includes(url), 'the link, for those who type it');
  t.ok(text.includes('8. Tra cứu hồ sơ: quét mã QR'));
  t.ok(buf.includes(pngImageData(await qrPng(url))), 'the QR code of exactly that link is drawn');
  t.notOk(buf.includes(pngImageData(await qrPng(`${url}1`))), 'not some other link');
  t.same(sizes, [[595, 842]], 'still one A4 page');
  t.ok(text.indexOf('Mã tra cứu') < text.indexOf('NGƯỜI NỘP HỒ SƠ'), 'above the signatures');
});

t.test('form 01 without the lookup slip prints no PIN', async (t) => {
  const buf = await renderForm01(F01);
  const { text } = await pdfText(buf);
  t.notOk(text.includes('Mã tra cứu'));
  t.notOk(buf.toString('latin1').includes('/Subtype /Image'), 'no image');
});
