/**
 * The citizen's whole journey on a phone (390×844), in a real browser against the real system:
 * search a procedure in the catalogue, submit it online with a document, reception accepts it at the
 * desk (a second browser, the officer's), the citizen sees the new status on the lookup page; once
 * the result is returned the lookup offers the rating, and the citizen rates with the receipt's PIN.
 * axe-core on each phone page; the screenshots go into the README.
 */
import t, { type Test } from 'tap';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startSystem } from './server.ts';
import { launchBrowser } from './browser.ts';
import { fillForm, formField as id, loginAs, newOfficer, seriousViolations } from './pages.ts';
import { lookupPin } from '../../api/services/lookup-pin.ts';
import { RATING_CRITERIA } from '../../api/domain/rating/index.ts';

const BIRTH = JSON.parse(readFileSync(new URL('../../schemas/procedures/examples/birth-registration.json', import.meta.url), 'utf8')) as { applicant: { personalId: string } } & Record<string, unknown>;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const SHOTS = process.env.SCREENSHOT_DIR ?? tmpdir();
const CCCD = BIRTH.applicant.personalId;
const OTP = [...CCCD.slice(-6)].reverse().join('');

const system = await startSystem();
t.teardown(() => system.close());
const { browser, close } = await launchBrowser();
t.teardown(close);
const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
t.teardown(() => phone.close());
const page = await phone.newPage();
const errors: string[] = [];
page.on('pageerror', (e) => errors.push(String(e)));

async function axe(t: Test, p: Page, what: string) {
  t.same(await seriousViolations(p), [], `${what}: no serious or critical axe-core violation`);
  t.ok(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${what}: no sideways scrolling`);
}
const status = async (code: string) => (await system.app.db.selectFrom('dossiers').select('status').where('code', '=', code).executeTakeFirstOrThrow()).status;

let code = '';

t.test('search a procedure and submit it online with a document', async (t) => {
  await page.goto(`${system.url}/thu-tuc`);
  await page.getByLabel('Tìm thủ tục').fill('khai sinh');
  const first = page.locator('.citizen-proc').first();
  await first.getByRole('heading', { name: 'Đăng ký khai sinh' }).waitFor();
  await axe(t, page, 'catalogue');
  await page.screenshot({ path: join(SHOTS, 'hanh-trinh-1-thu-tuc.png') });
  await first.getByRole('link', { name: 'Nộp trực tuyến' }).click();
  await page.getByLabel('Số định danh cá nhân (CCCD)').fill(CCCD);
  await page.getByLabel('Mã xác thực').fill(OTP);
  await page.getByRole('button', { name: 'Xác thực' }).click();
  await page.locator(id('applicant.fullName')).waitFor();
  await fillForm(page, BIRTH);
  await page.locator('input[type=file]').setInputFiles({ name: 'giay-chung-sinh.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.locator('.citizen-file').getByText('giay-chung-sinh.pdf').waitFor();
  await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
  await page.getByRole('heading', { name: /Đã nộp hồ sơ/ }).waitFor();
  code = (await page.locator('#receipt-code').textContent())!.trim();
  t.match(code, /^XADEMO-\d{6}-\d{4}$/, 'the receipt has the code');
  t.match(await page.locator('main').textContent(), /Giấy tờ đã gửi: 1/, 'the document was sent');
  await axe(t, page, 'receipt');
  await page.screenshot({ path: join(SHOTS, 'hanh-trinh-2-nop.png') });
});

t.test('reception accepts it at the desk; the citizen sees the new status', async (t) => {
  const desk = await newOfficer(browser);
  t.teardown(() => desk.context.close());
  await loginAs(desk.page, system.url, 'reception');
  await desk.page.goto(`${system.url}/tiep-nhan`);
  await desk.page.getByRole('tab', { name: /Hồ sơ trực tuyến chờ tiếp nhận/ }).click();
  const row = desk.page.locator(`tr[data-code="${code}"]`);
  await row.getByRole('button', { name: `Tiếp nhận ${code}` }).click();
  await desk.page.getByRole('dialog', { name: `Tiếp nhận hồ sơ ${code}` }).getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
  await desk.page.getByText(`Đã tiếp nhận hồ sơ ${code}.`).waitFor();
  t.equal(await status(code), 'accepted', 'accepted at the desk');
  t.same(desk.errors, [], 'no page errors at the desk');

  await page.getByRole('link', { name: 'Tra cứu hồ sơ này' }).click();
  const result = page.locator('.lookup-result');
  await result.filter({ hasText: 'Được tiếp nhận' }).waitFor();
  t.pass('the lookup shows "Được tiếp nhận"');
  await axe(t, page, 'lookup, accepted');
  await page.screenshot({ path: join(SHOTS, 'hanh-trinh-3-tra-cuu.png'), fullPage: true });
});

t.test('the result is returned; the lookup offers the rating and the citizen rates', async (t) => {
  const [reception, leader] = await Promise.all([system.token('reception'), system.token('leader')]);
  for (const [path, token, body] of [['start-processing', reception, {}], ['decide', leader, { outcome: 'approved' }], ['return-result', reception, { mode: 'paper' }]] as const) {
    const r = await system.http('POST', `/api/dossiers/${code}/${path}`, token, body);
    t.equal(r.status, 200, path);
  }
  await page.reload();
  await page.locator('.lookup-result').filter({ hasText: 'Đã trả kết quả' }).waitFor();
  await page.getByRole('link', { name: 'Đánh giá mức độ hài lòng' }).click();
  await page.waitForURL(/\/danh-gia\?ma=/);
  await page.getByLabel('Mã tra cứu (PIN)').fill(lookupPin(system.app.config.jwtSecret, code));
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.getByRole('heading', { name: 'Các tiêu chí đánh giá' }).waitFor();
  for (const c of RATING_CRITERIA) await page.locator(`#crit-${c.key}`).getByText('Rất hài lòng', { exact: true }).click();
  await axe(t, page, 'rating');
  await page.evaluate(() => document.getElementById('rating-which')?.scrollIntoView());
  await page.screenshot({ path: join(SHOTS, 'hanh-trinh-4-danh-gia.png') });
  await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
  await page.getByRole('heading', { name: /Xin cảm ơn/ }).waitFor();
  await axe(t, page, 'thanks');
  await page.screenshot({ path: join(SHOTS, 'hanh-trinh-5-cam-on.png') });
  const row = await system.app.db.selectFrom('dossier_ratings').innerJoin('dossiers', 'dossiers.id', 'dossier_ratings.dossier_id').select(['dossier_ratings.channel', 'dossier_ratings.dissatisfied']).where('dossiers.code', '=', code).executeTakeFirstOrThrow();
  t.same(row, { channel: 'lookup', dissatisfied: false }, 'the rating is stored');
  t.same(errors, [], 'no page errors on the phone');
});
