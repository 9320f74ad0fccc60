/**
 * The satisfaction rating in a real browser against the real system: online on a phone (390×844,
 * `/danh-gia?ma=` as the lookup page links it, with the receipt's PIN) — every missing grade and a
 * wrong PIN shown beside its field, the rating sent, a second one refused, an unfinished dossier
 * told to wait — and the counter's kiosk screen opened by a receptionist (no PIN, the screen cleared
 * for the next person). axe-core on each state; screenshots for the README.
 */
import t, { type Test } from 'tap';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startSystem } from './server.ts';
import { launchBrowser } from './browser.ts';
import { loginAs, newOfficer, seriousViolations } from './pages.ts';
import { lookupPin } from '../../api/services/lookup-pin.ts';
import { RATING_CRITERIA } from '../../api/domain/rating/index.ts';

const BIRTH = JSON.parse(readFileSync(new URL('../../schemas/procedures/examples/birth-registration.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const SHOTS = process.env.SCREENSHOT_DIR ?? tmpdir();

const system = await startSystem();
t.teardown(() => system.close());
const { browser, close } = await launchBrowser();
t.teardown(close);
const [reception, leader] = await Promise.all([system.token('reception'), system.token('leader')]);

/** A dossier received at the counter; `finished` takes it to "result returned" through the API. */
async function dossier(finished: boolean): Promise<string> {
  const res = await system.http('POST', '/api/dossiers', reception, { procedureId: 'birth-registration', channel: 'in_person', formData: BIRTH });
  if (res.status !== 201) throw new Error(`receive: ${res.status} ${JSON.stringify(res.body)}`);
  const code = res.body.code as string;
  if (finished) {
    for (const [path, token, body] of [['start-processing', reception, {}], ['decide', leader, { outcome: 'approved' }], ['return-result', reception, { mode: 'paper' }]] as const) {
      const r = await system.http('POST', `/api/dossiers/${code}/${path}`, token, body);
      if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
    }
  }
  return code;
}

async function axe(t: Test, p: Page, what: string) {
  t.same(await seriousViolations(p), [], `${what}: no serious or critical axe-core violation`);
  t.ok(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${what}: no sideways scrolling`);
}

const pick = async (p: Page, grades: Record<string, string>) => {
  for (const c of RATING_CRITERIA) if (grades[c.key]) await p.locator(`#crit-${c.key}`).getByText(grades[c.key]!, { exact: true }).click();
};

t.test('online on a phone: code and PIN, every error beside its field, one rating per dossier', async (t) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  t.teardown(() => context.close());
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const [done, open] = await Promise.all([dossier(true), dossier(false)]);
  const pin = lookupPin(system.app.config.jwtSecret, done);

  await page.goto(`${system.url}/danh-gia?ma=${encodeURIComponent(open)}`);
  await page.getByRole('heading', { level: 1, name: 'Đánh giá mức độ hài lòng' }).waitFor();
  t.equal(await page.getByLabel('Mã hồ sơ').inputValue(), open, 'the code from the link');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.getByText('Mã tra cứu (PIN): Là trường bắt buộc').or(page.locator('.field--error').filter({ hasText: 'Là trường bắt buộc' })).first().waitFor();
  t.pass('the PIN is asked for');
  await page.getByLabel('Mã tra cứu (PIN)').fill(lookupPin(system.app.config.jwtSecret, open));
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.getByText(/Chỉ đánh giá được sau khi đã trả kết quả/).waitFor();
  t.equal(await page.locator('#crit-total_time').count(), 0, 'an unfinished dossier: no criteria to grade');
  await axe(t, page, 'not yet');

  await page.getByLabel('Mã hồ sơ').fill(done);
  await page.getByLabel('Mã tra cứu (PIN)').fill(String((Number(pin) + 1) % 1_000_000).padStart(6, '0'));
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.getByRole('heading', { name: 'Các tiêu chí đánh giá' }).waitFor();
  t.equal(await page.locator('fieldset.rating-crit').count(), 9, 'nine criteria');
  await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
  await page.getByRole('alert').filter({ hasText: /9/ }).waitFor();
  t.equal(await page.locator('fieldset.rating-crit .error').count(), 9, 'each missing grade beside its criterion');
  await axe(t, page, 'missing grades');
  await page.screenshot({ path: join(SHOTS, 'danh-gia-loi.png'), fullPage: true });

  await pick(page, Object.fromEntries(RATING_CRITERIA.map((c, i) => [c.key, i === 6 ? 'Không hài lòng' : i % 2 ? 'Hài lòng' : 'Rất hài lòng'])));
  t.equal(await page.locator('fieldset.rating-crit .error').count(), 0, 'a grade chosen clears its error');
  await page.getByLabel('Góp ý thêm (không bắt buộc)').fill('Cần thêm ghế chờ.');
  await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
  await page.locator('.field--error').filter({ hasText: 'Không đúng' }).waitFor();
  t.pass('a wrong PIN is shown beside the PIN');
  await page.getByLabel('Mã tra cứu (PIN)').fill(pin);
  await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
  await page.getByRole('heading', { name: /Xin cảm ơn ông\/bà đã đánh giá/ }).waitFor();
  await axe(t, page, 'thanks');
  const row = await system.app.db.selectFrom('dossier_ratings').innerJoin('dossiers', 'dossiers.id', 'dossier_ratings.dossier_id').select(['dossier_ratings.channel', 'dossier_ratings.dissatisfied', 'dossier_ratings.scores']).where('dossiers.code', '=', done).executeTakeFirstOrThrow();
  t.same({ channel: row.channel, dissatisfied: row.dissatisfied, staff: row.scores.staff_conduct }, { channel: 'lookup', dissatisfied: true, staff: 'not_satisfied' });

  await page.goto(`${system.url}/danh-gia?ma=${encodeURIComponent(done)}`);
  await page.getByLabel('Mã tra cứu (PIN)').fill(pin);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.getByText('Hồ sơ này đã được đánh giá. Xin cảm ơn.').waitFor();
  t.equal(await page.locator('#crit-total_time').count(), 0, 'a second rating is not offered');
  t.same(errors, [], 'no page errors');
});

t.test('the counter kiosk: a receptionist opens it, the citizen types only the code', async (t) => {
  const { context, page, errors } = await newOfficer(browser, { width: 1024, height: 768 });
  t.teardown(() => context.close());
  const code = await dossier(true);
  await loginAs(page, system.url, 'reception');
  await page.goto(`${system.url}/danh-gia`);
  await page.getByRole('heading', { level: 1, name: 'Đánh giá tại quầy' }).waitFor();
  t.equal(await page.getByLabel('Mã tra cứu (PIN)').count(), 0, 'no PIN at the counter');
  await page.getByLabel('Mã hồ sơ').fill('XADEMO-000101-9999');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.locator('.field--error').filter({ hasText: 'Không tìm thấy hồ sơ có mã này.' }).waitFor();
  t.pass('an unknown code is named');
  await page.getByLabel('Mã hồ sơ').fill(code.toLowerCase());
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Các tiêu chí đánh giá' }).waitFor();
  // Keyboard only: Tab into the first group, arrows move within it.
  await page.locator('#crit-total_time input').first().focus();
  await page.keyboard.press('Space');
  t.ok(await page.locator('#crit-total_time input').first().isChecked(), 'graded by keyboard');
  await pick(page, Object.fromEntries(RATING_CRITERIA.slice(1).map((c) => [c.key, 'Hài lòng'])));
  await axe(t, page, 'kiosk grading');
  await page.screenshot({ path: join(SHOTS, 'danh-gia-quay.png'), fullPage: true });
  await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
  await page.getByRole('heading', { name: /Xin cảm ơn/ }).waitFor();
  await page.getByRole('button', { name: 'Người tiếp theo' }).click();
  t.equal(await page.getByLabel('Mã hồ sơ').inputValue(), '', 'cleared for the next person');
  const row = await system.app.db.selectFrom('dossier_ratings').innerJoin('dossiers', 'dossiers.id', 'dossier_ratings.dossier_id').select(['dossier_ratings.channel', 'dossier_ratings.dissatisfied']).where('dossiers.code', '=', code).executeTakeFirstOrThrow();
  t.same(row, { channel: 'kiosk', dissatisfied: false });
  t.same(errors, [], 'no page errors');
});
