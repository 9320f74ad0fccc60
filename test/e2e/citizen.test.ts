/**
 * Citizens on a phone (390×844), in a real browser against the real system: the catalogue
 * (/thu-tuc) searched without accents, online submission (/nop-ho-so/:id) — a wrong one-time code,
 * the identity verified, a bad field shown beside it, a PDF attached — the receipt with its code and
 * lookup link, the lookup page; the dossier then waits in reception's online queue. axe-core on each
 * page; the pages also at 1280×720.
 */
import t, { type Test } from 'tap';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startSystem, PASSWORD } from './server.ts';
import { launchBrowser } from './browser.ts';
import { fillForm, formField as id, seriousViolations } from './pages.ts';

const BIRTH = JSON.parse(readFileSync(new URL('../../schemas/procedures/examples/birth-registration.json', import.meta.url), 'utf8')) as { applicant: { personalId: string } } & Record<string, unknown>;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const SHOTS = process.env.SCREENSHOT_DIR ?? tmpdir();
const CCCD = BIRTH.applicant.personalId;
const OTP = [...CCCD.slice(-6)].reverse().join('');

const system = await startSystem();
t.teardown(() => system.close());
const { browser, close } = await launchBrowser();
t.teardown(close);
const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
t.teardown(() => context.close());
const page = await context.newPage();
const errors: string[] = [];
page.on('pageerror', (e) => errors.push(String(e)));

async function axe(t: Test, p: Page, what: string) {
  t.same(await seriousViolations(p), [], `${what}: no serious or critical axe-core violation`);
  t.ok(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${what}: no sideways scrolling`);
}

let code = '';

t.test('the catalogue: search without accents, documents, fee, time limit, where to submit', async (t) => {
  await page.goto(`${system.url}/thu-tuc`);
  await page.getByRole('heading', { level: 1, name: 'Thủ tục hành chính' }).waitFor();
  await page.locator('.citizen-proc').first().waitFor();
  const all = await page.locator('.citizen-proc').count();
  t.ok(all >= 5, `the catalogue lists the procedures (${all})`);
  await axe(t, page, 'catalogue');
  await page.screenshot({ path: join(SHOTS, 'thu-tuc.png') });
  await page.getByLabel('Tìm thủ tục').fill('khai sinh');
  const first = page.locator('.citizen-proc').first();
  await first.getByRole('heading', { name: 'Đăng ký khai sinh' }).waitFor();
  t.ok((await page.locator('.citizen-proc').count()) < all, 'the search narrows the list');
  const text = await first.textContent();
  t.match(text, /Thời hạn giải quyết/);
  t.match(text, /Lệ phí/);
  t.match(text, /Trung tâm Phục vụ hành chính công xã Demo/, 'where to submit');
  await first.getByText(/Giấy tờ cần nộp/).click();
  t.ok(await first.locator('.citizen-docs li').first().isVisible(), 'its documents');
  t.match(page.url(), /\?q=khai\+sinh|\?q=khai%20sinh/, 'the search is kept in the URL');
  await axe(t, page, 'catalogue, searched, documents open');
  await page.getByRole('button', { name: 'Chuyển sang tiếng Anh' }).or(page.getByRole('button', { name: 'Switch to English' })).click();
  await page.getByRole('heading', { level: 1, name: 'Administrative procedures' }).waitFor();
  await first.getByRole('link', { name: 'Submit online' }).waitFor();
  t.pass('in English on request');
  await page.getByRole('button', { name: 'Chuyển sang tiếng Việt' }).click();
  await page.getByRole('heading', { level: 1, name: 'Thủ tục hành chính' }).waitFor();
  await first.getByRole('link', { name: 'Nộp trực tuyến' }).click();
  await page.waitForURL(/\/nop-ho-so\/birth-registration$/);
});

t.test('online submission: identify, the form with a bad field, a PDF, the receipt', async (t) => {
  await page.getByRole('heading', { name: 'Xác thực danh tính (VNeID)' }).waitFor();
  await axe(t, page, 'identify');
  await page.screenshot({ path: join(SHOTS, 'nop-ho-so-xac-thuc.png') });
  await page.getByLabel('Số định danh cá nhân (CCCD)').fill(CCCD);
  await page.getByLabel('Mã xác thực').fill('000000');
  await page.getByRole('button', { name: 'Xác thực' }).click();
  await page.getByRole('alert').filter({ hasText: 'Không xác thực được' }).waitFor();
  t.pass('a wrong one-time code is refused');
  await page.getByLabel('Mã xác thực').fill(OTP);
  await page.getByRole('button', { name: 'Xác thực' }).click();
  await page.getByText(/Đã xác thực: 001\*+34/).waitFor();
  t.equal(await page.locator(id('applicant.personalId')).inputValue(), CCCD, 'the form has the verified CCCD');

  await fillForm(page, { ...BIRTH, applicant: { ...BIRTH.applicant, phone: '12345' } });
  await page.locator('input[type=file]').setInputFiles({ name: 'giay-chung-sinh.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.locator('.citizen-file').getByText('giay-chung-sinh.pdf').waitFor();
  await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
  const summary = page.locator('.desk-summary');
  await summary.waitFor();
  t.match(await summary.textContent(), /Số điện thoại/, 'the bad phone is in the summary');
  t.match(await page.locator(`${id('applicant.phone')}-error`).textContent(), /điện thoại/i, 'and beside its field');
  await axe(t, page, 'form with an error');
  await page.screenshot({ path: join(SHOTS, 'nop-ho-so-loi.png') });

  await page.locator(id('applicant.phone')).fill('0912345678');
  await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
  await page.getByRole('heading', { name: /Đã nộp hồ sơ/ }).waitFor();
  code = (await page.locator('#receipt-code').textContent())!.trim();
  t.match(code, /^XADEMO-\d{6}-\d{4}$/, 'the receipt has the code');
  t.match(await page.locator('main').textContent(), /Giấy tờ đã gửi: 1/, 'the PDF was sent');
  t.match(await page.locator('main').textContent(), /Mới đăng ký/);
  await axe(t, page, 'receipt');
  await page.screenshot({ path: join(SHOTS, 'nop-ho-so.png') });
  await page.getByRole('link', { name: 'Tra cứu hồ sơ này' }).click();
  await page.waitForURL(new RegExp(`/tra-cuu\\?ma=${code}$`));
  await page.locator('.lookup-result').waitFor();
  t.match(await page.locator('.lookup-result').textContent(), /Mới đăng ký/, 'the code alone shows the status');
});

t.test('reception sees it in its online queue, with the PDF and the review deadline', async (t) => {
  const login = await fetch(`${system.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'reception', password: PASSWORD }) });
  const auth = { authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };
  const queue = (await (await fetch(`${system.url}/api/dossiers?status=registered`, { headers: auth })).json()) as { items: Array<{ code: string; channel: string; reviewDueAt: string | null }> };
  const mine = queue.items.find((d) => d.code === code);
  t.ok(mine, 'in the online queue');
  t.equal(mine?.channel, 'online');
  t.ok(mine?.reviewDueAt, 'with its 8-working-hour deadline');
  const docs = (await (await fetch(`${system.url}/api/dossiers/${code}/documents`, { headers: auth })).json()) as Array<{ title: string; mimeType: string }>;
  t.same(docs.map((d) => d.mimeType), ['application/pdf']);
});

t.test('the pages at 1280×720', async (t) => {
  const wide = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'vi-VN' });
  t.teardown(() => wide.close());
  const p = await wide.newPage();
  await p.goto(`${system.url}/thu-tuc`);
  await p.locator('.citizen-proc').first().waitFor();
  await axe(t, p, 'catalogue at 1280');
  await p.screenshot({ path: join(SHOTS, 'thu-tuc-1280.png') });
  await p.goto(`${system.url}/nop-ho-so/birth-registration`);
  await p.getByLabel('Số định danh cá nhân (CCCD)').fill(CCCD);
  await p.getByLabel('Mã xác thực').fill(OTP);
  await p.getByRole('button', { name: 'Xác thực' }).click();
  await p.locator(id('applicant.fullName')).waitFor();
  await axe(t, p, 'form at 1280');
  await p.screenshot({ path: join(SHOTS, 'nop-ho-so-1280.png') });
  t.same(errors, [], 'no page errors');
});
