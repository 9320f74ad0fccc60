/**
 * Feedback and petitions on a phone (390×844) in a real browser against the real system: `/phan-anh`
 * — VNeID identification, the empty form's errors beside each field, the feedback sent with a code;
 * reception finds it in its online queue; once answered with consent, `/phan-anh/cong-khai` shows the
 * answer without personal data. axe-core on each state.
 */
import t, { type Test } from 'tap';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startSystem } from './server.ts';
import { launchBrowser } from './browser.ts';
import { fillForm, formField as id, seriousViolations } from './pages.ts';

const EXAMPLE = JSON.parse(readFileSync(new URL('../../schemas/procedures/examples/feedback-petition.json', import.meta.url), 'utf8')) as { applicant: { personalId: string; fullName: string; phone: string } } & Record<string, unknown>;
const SHOTS = process.env.SCREENSHOT_DIR ?? tmpdir();
const CCCD = EXAMPLE.applicant.personalId;
const OTP = [...CCCD.slice(-6)].reverse().join('');
const ANSWER = 'Ủy ban nhân dân xã đã kiểm tra; kết quả được trả ngay trong ngày 12/3/2026. Xin cảm ơn ông đã phản ánh.';

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

t.test('send feedback: identify, every error beside its field, the code', async (t) => {
  await page.goto(`${system.url}/thu-tuc`);
  await page.getByRole('link', { name: 'Phản ánh, kiến nghị' }).click();
  await page.getByRole('heading', { level: 1, name: 'Gửi phản ánh, kiến nghị' }).waitFor();
  await page.getByLabel('Số định danh cá nhân (CCCD)').fill(CCCD);
  await page.getByLabel('Mã xác thực').fill(OTP);
  await page.getByRole('button', { name: 'Xác thực' }).click();
  await page.locator(id('subject')).waitFor();
  t.equal(await page.locator(id('applicant.personalId')).inputValue(), CCCD, 'the verified CCCD');
  await page.getByRole('button', { name: 'Gửi phản ánh, kiến nghị' }).click();
  const summary = page.locator('.desk-summary');
  await summary.waitFor();
  for (const field of ['applicant.fullName', 'applicant.phone', 'kind', 'subject', 'content']) {
    t.ok(await page.locator(`${id(field)}-error`).isVisible(), `${field}: its error beside it`);
  }
  await axe(t, page, 'empty form');
  await page.screenshot({ path: join(SHOTS, 'phan-anh-loi.png'), fullPage: true });

  await fillForm(page, EXAMPLE);
  await page.getByRole('button', { name: 'Gửi phản ánh, kiến nghị' }).click();
  await page.getByRole('heading', { name: /Đã gửi phản ánh, kiến nghị/ }).waitFor();
  code = (await page.locator('#receipt-code').textContent())!.trim();
  t.match(code, /^XADEMO-\d{6}-\d{4}$/, 'a code');
  await axe(t, page, 'receipt');
  await page.screenshot({ path: join(SHOTS, 'phan-anh.png') });
});

t.test('reception has it; once answered with consent it is published without personal data', async (t) => {
  const [reception, leader] = await Promise.all([system.token('reception'), system.token('leader')]);
  const queue = await system.http('GET', '/api/dossiers?status=registered', reception);
  t.ok(queue.body.items?.some((d) => d.code === code && d.channel === 'online'), 'in the online queue');
  for (const [path, token, body] of [['accept', reception, {}], ['start-processing', reception, {}], ['decide', leader, { outcome: 'approved', reason: ANSWER }], ['return-result', reception, { mode: 'electronic' }]] as const) {
    const r = await system.http('POST', `/api/dossiers/${code}/${path}`, token, body);
    t.equal(r.status, 200, path);
  }
  await page.getByRole('link', { name: 'Xem các câu trả lời đã công khai' }).click();
  await page.getByRole('heading', { level: 1, name: 'Trả lời phản ánh, kiến nghị' }).waitFor();
  const item = page.locator('.feedback-answer').first();
  await item.waitFor();
  const text = (await item.textContent()) ?? '';
  t.match(text, /Hẹn trả kết quả quá hạn/, 'the subject');
  t.match(text, /kết quả được trả ngay trong ngày/, 'the answer');
  t.notMatch(await page.locator('main').textContent(), new RegExp(`${EXAMPLE.applicant.fullName}|${CCCD}|${EXAMPLE.applicant.phone}|${code}`), 'no personal data, no code');
  await axe(t, page, 'published answers');
  await page.screenshot({ path: join(SHOTS, 'phan-anh-cong-khai.png') });
  t.same(errors, [], 'no page errors');
});
