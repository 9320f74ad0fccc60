/**
 * The officers' whole journey in a real browser against the real system (engine and workers
 * running): reception receives a birth registration with a scanned document at the desk and opens
 * form 01 → the specialist claims and completes the appraisal in the task list → the leader approves
 * → reception returns the result on the dossier page → the public lookup shows it finished. Then
 * the supplement path: the specialist asks for a supplement from the task, reception receives it on
 * the dossier page, and the appraisal comes back to the specialist's list without a reload.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { startSystem, PASSWORD } from './server.ts';
import { announced, fillForm, loginAs, newOfficer, seriousViolations } from './pages.ts';
import { lookupPin } from '../../api/services/lookup-pin.ts';

const BIRTH = JSON.parse(readFileSync(new URL('../../schemas/procedures/examples/birth-registration.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

const sys = await startSystem();
t.teardown(() => sys.close());
const { browser, close } = await launchBrowser();
t.teardown(close);

const officers = new Map<string, { context: BrowserContext; page: Page; errors: string[] }>();
/** One browser context per officer, logged in once. */
async function as(username: string, path: string): Promise<Page> {
  let o = officers.get(username);
  if (!o) {
    o = await newOfficer(browser);
    officers.set(username, o);
    t.teardown(() => o!.context.close());
    await loginAs(o.page, sys.url, username, path);
  } else {
    await o.page.goto(`${sys.url}${path}`);
  }
  return o.page;
}

const taskRow = (page: Page, code: string) => page.locator('[role="row"][data-key]', { hasText: code });

/** Opens the dossier's open task in the list (claiming it first), as the officer. */
async function openTask(page: Page, code: string): Promise<void> {
  const row = taskRow(page, code);
  await row.waitFor();
  await row.getByRole('button', { name: `Nhận xử lý hồ sơ ${code}` }).click();
  await row.locator('.trow__assignee', { hasText: 'Tôi' }).waitFor();
  const key = await row.getAttribute('data-key');
  await row.focus();
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.pathname === `/cong-viec/${encodeURIComponent(key!)}` || u.pathname === `/cong-viec/${key}`);
  await page.locator('.tpanel').waitFor();
  // The panel first shows "Đang tải…" while the task and its dossier load.
  await page.waitForFunction(() => !(document.querySelector('.tpanel')?.textContent ?? 'Đang tải…').includes('Đang tải…'));
}

/** Completes the open task with one outcome of its form; the task leaves the list. */
async function complete(page: Page, code: string, outcome: string): Promise<void> {
  const key = new URL(page.url()).pathname.split('/').pop()!;
  await page.getByRole('radio', { name: outcome }).check();
  await page.getByRole('button', { name: 'Hoàn thành' }).click();
  // The announcement is transient (a later one may replace it); the row leaving the list is not.
  await page.locator(`[role="row"][data-key="${decodeURIComponent(key)}"]`).waitFor({ state: 'detached', timeout: 60_000 });
}

let code = '';

t.test('reception receives a dossier with a scanned document at the desk; form 01 opens', async (t) => {
  const page = await as('reception', '/tiep-nhan');
  await page.locator('#proc-search').fill('khai sinh');
  await page.locator('#proc-search').press('Enter');
  await page.locator('#desk-form').waitFor();
  await fillForm(page, BIRTH);
  await page.locator('#desk-file-input').setInputFiles([{ name: 'giay-chung-sinh.pdf', mimeType: 'application/pdf', buffer: PDF }]);
  const card = page.locator('.desk-doc').first();
  await card.getByLabel('Giấy tờ theo thành phần hồ sơ').selectOption({ label: 'Giấy chứng sinh hoặc văn bản của người làm chứng' });
  await card.getByLabel('Phạm vi sử dụng').fill('Toàn quốc');
  await page.getByRole('button', { name: 'Tiếp nhận hồ sơ', exact: true }).click();
  code = (await page.getByTestId('dossier-code').textContent())!;
  t.match(code, /^XADEMO-\d{6}-\d{4}$/, `received as ${code}`);
  await page.locator('.desk-doc--done').waitFor();
  const link = page.getByRole('link', { name: /^In phiếu/ }).and(page.locator('[href^="blob:"]'));
  await link.waitFor();
  const [tab] = await Promise.all([officers.get('reception')!.context.waitForEvent('page'), link.click()]);
  await tab.waitForURL(/^blob:/);
  t.equal(await tab.evaluate(() => document.contentType), 'application/pdf', 'form 01 opens as a PDF');
  await tab.close();
});

t.test('the specialist claims and completes the appraisal in the task list', async (t) => {
  const page = await as('specialist', `/cong-viec?view=all&q=${code}`);
  await openTask(page, code);
  await page.locator('.tdocs__btn', { hasText: 'Giấy chứng sinh' }).waitFor();
  t.pass('the task shows the dossier\'s document');
  t.same(await seriousViolations(page), [], 'the open task: no serious or critical axe violation');
  await complete(page, code, 'Đủ điều kiện, trình duyệt');
});

t.test('the leader approves', async (t) => {
  const page = await as('leader', `/cong-viec?view=all&q=${code}`);
  await openTask(page, code);
  t.match(await page.locator('.tpanel').textContent(), /Phê duyệt|Ký/, 'the approval step');
  await complete(page, code, 'Đồng ý, ký kết quả');
});

t.test('reception returns the result on the dossier page', async (t) => {
  const page = await as('reception', `/ho-so/${code}`);
  const status = page.getByTestId('status');
  // The approval decides the dossier; the process then opens the delivery step.
  for (let i = 0; i < 30 && !(await status.filter({ hasText: 'Đã xử lý xong' }).count()); i++) {
    await page.waitForTimeout(500);
    await page.reload();
    await status.waitFor();
  }
  await status.filter({ hasText: 'Đã xử lý xong' }).waitFor();
  await page.locator('[data-action="return_result"]').click();
  const dialog = page.getByRole('dialog', { name: 'Trả kết quả' });
  await dialog.waitFor();
  await dialog.getByLabel('Hình thức trả kết quả').selectOption('paper');
  await dialog.getByRole('button', { name: 'Xác nhận' }).click();
  await status.filter({ hasText: 'Đã trả kết quả' }).waitFor();
  t.same(await seriousViolations(page), [], 'the finished dossier: no serious or critical axe violation');
  t.match(await page.locator('.dossier').textContent(), /Lê Văn Chuyên Viên/, 'the timeline names the specialist');
});

t.test('the public lookup shows it finished', async (t) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 760 }, isMobile: true, locale: 'vi-VN' });
  t.teardown(() => context.close());
  const page = await context.newPage();
  await page.goto(`${sys.url}/tra-cuu?ma=${code}`);
  const result = page.locator('.lookup-result');
  await result.waitFor();
  t.match(await result.textContent(), /Đã trả kết quả/, 'status: result returned');
  // The code alone shows the status and due date; the PIN of form 01 the rest, the name masked.
  await page.getByLabel('Mã tra cứu (PIN)').fill(lookupPin(sys.app.config.jwtSecret, code));
  await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();
  await page.locator('.lookup-verified').waitFor();
  t.match(await result.textContent(), /Đăng ký khai sinh/);
  t.notMatch(await result.textContent(), /Nguyễn Văn An/, 'the applicant\'s name is masked');
  t.equal(await page.getByRole('link', { name: 'Đánh giá mức độ hài lòng' }).getAttribute('href'), `/danh-gia?ma=${code}`, 'the rating link');
});

t.test('the supplement path: asked from the task, received on the dossier page, the appraisal back in the list live', async (t) => {
  const login = async () => ((await (await fetch(`${sys.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'reception', password: PASSWORD }) })).json()) as { accessToken: string }).accessToken;
  const res = await fetch(`${sys.url}/api/dossiers`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await login()}` }, body: JSON.stringify({ procedureId: 'birth-registration', channel: 'in_person', formData: BIRTH }) });
  const second = ((await res.json()) as { code: string }).code;
  const sp = await as('specialist', `/cong-viec?view=all&q=${second}`);
  await openTask(sp, second);
  await sp.getByRole('button', { name: 'Yêu cầu bổ sung' }).first().click();
  const dialog = sp.getByRole('dialog');
  await dialog.getByLabel('Giấy tờ, thông tin cần bổ sung (mỗi dòng một mục)').fill('Bản sao giấy chứng nhận kết hôn của cha mẹ');
  await dialog.getByRole('button', { name: 'Gửi' }).click();
  await announced(sp, `Đã yêu cầu bổ sung hồ sơ ${second}`);

  // The specialist's list, open in its tab, gets the task back without a reload.
  await sp.goto(`${sys.url}/cong-viec?view=all&q=${second}`);
  await sp.getByRole('heading', { name: 'Công việc', level: 1 }).waitFor();
  t.equal(await taskRow(sp, second).count(), 0, 'no task while the applicant supplements');

  const rc = await as('reception', `/ho-so/${second}`);
  await rc.getByTestId('status').filter({ hasText: 'Yêu cầu bổ sung giấy tờ' }).waitFor();
  t.match(await rc.getByTestId('sla').textContent(), /Tạm dừng/, 'the deadline is paused');
  await rc.locator('[data-action="receive_supplement"]').click();
  await rc.getByRole('dialog', { name: 'Nhận hồ sơ bổ sung' }).getByRole('button', { name: 'Xác nhận' }).click();
  // Back to where it was when the supplement was asked for (the appraisal had started: in process).
  await rc.getByTestId('status').filter({ hasText: /Đang xử lý|Được tiếp nhận/ }).waitFor();
  t.notMatch(await rc.getByTestId('sla').textContent(), /Tạm dừng/, 'the deadline runs again');

  await taskRow(sp, second).waitFor();
  t.pass('the appraisal is back in the specialist\'s list, without a reload');
  for (const [name, o] of officers) t.same(o.errors, [], `${name}: no script error`);
});
