/**
 * The citizen's lookup on a phone (390×844) against the real system (engine and workers running):
 * a counter dossier whose appraisal asks for a supplement; the applicant opens `/tra-cuu?ma=CODE`
 * (the QR code of form 01), sees the status only, enters the PIN, sees what is missing and until
 * when, is told a wrong file type before anything is sent, uploads the missing document, declares
 * the supplement complete and sees the dossier handled again; the appraisal is back in the
 * specialist's task list. axe-clean at each step.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { launchBrowser } from './browser.ts';
import { startSystem } from './server.ts';
import { loginAs, newOfficer, seriousViolations } from './pages.ts';
import { lookupPin } from '../../api/services/lookup-pin.ts';

const BIRTH = JSON.parse(readFileSync(new URL('../../schemas/procedures/examples/birth-registration.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const MISSING = 'Bản sao giấy chứng nhận kết hôn của cha mẹ';

const sys = await startSystem();
t.teardown(() => sys.close());
const { browser, close } = await launchBrowser();
t.teardown(close);

/** Asks the API until `check` holds of its answer (persisted state, not time). */
async function until<T>(read: () => Promise<T>, check: (v: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const v = await read();
    if (check(v)) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never: ${what}`);
}

const reception = await sys.token('reception');
const specialist = await sys.token('specialist');
let code = '';
let pin = '';
let dueBefore = '';
const tasksOf = () => sys.http('GET', `/api/tasks?view=groups&dossierCode=${code}`, specialist).then((r) => r.body.items ?? []);

t.test('a counter dossier whose appraisal asks for a supplement', async (t) => {
  const received = await sys.http('POST', '/api/dossiers', reception, { procedureId: 'birth-registration', channel: 'in_person', formData: BIRTH });
  t.equal(received.status, 201);
  code = received.body.code as string;
  pin = lookupPin(sys.app.config.jwtSecret, code);
  const task = (await until(tasksOf, (items) => items.length > 0, 'the appraisal task'))[0]!;
  t.equal((await sys.http('POST', `/api/tasks/${task.key}/claim`, specialist)).status, 200);
  const asked = await sys.http('POST', `/api/tasks/${task.key}/request-supplement`, specialist, { items: [MISSING] });
  t.equal(asked.status, 200, JSON.stringify(asked.body));
  await until(() => sys.http('GET', `/api/dossiers/${code}`, reception), (r) => r.body.status === 'supplement_requested', 'the supplement request');
  dueBefore = (await sys.http('GET', `/api/dossiers/${code}`, reception)).body.dueAt as string;
});

t.test('look up with code and PIN, upload the missing document, submit, see the new status', async (t) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  t.teardown(() => context.close());
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${sys.url}/tra-cuu?ma=${code}`);
  const result = page.locator('.lookup-result');
  await result.waitFor();
  t.match(await result.textContent(), /Yêu cầu bổ sung giấy tờ/, 'the status, from the bare code');
  t.match(await result.textContent(), /Tạm dừng/, 'the deadline state: paused while the applicant supplements');
  t.notMatch(await page.locator('main').textContent(), new RegExp(MISSING), 'no details without the PIN');
  t.match(await page.locator('.lookup-next').textContent(), /Nhập mã PIN/);
  t.same(await seriousViolations(page), [], 'bare lookup: axe clean');
  await page.screenshot({ path: '/tmp/lookup-bare.png', fullPage: true });

  await page.getByLabel('Mã tra cứu (PIN)').fill('000000' === pin ? '000001' : '000000');
  await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();
  await page.locator('.field--error', { hasText: 'Mã tra cứu (PIN) không đúng' }).waitFor();
  t.pass('a wrong PIN is said beside its field');

  await page.getByLabel('Mã tra cứu (PIN)').fill(pin);
  await page.getByLabel('Mã tra cứu (PIN)').press('Enter');
  await page.locator('.lookup-verified').waitFor();
  const next = page.locator('.lookup-next');
  t.match(await next.textContent(), new RegExp(MISSING), 'what is missing');
  t.match(await next.textContent(), /Cần bổ sung các giấy tờ dưới đây trước \d{2}:\d{2} \d{2}\/\d{2}\/\d{4}/, 'and until when');
  t.match(await result.textContent(), /N\*+ /, 'the applicant, masked');
  t.notMatch(await page.locator('main').textContent(), new RegExp(String(BIRTH.applicant && (BIRTH.applicant as { fullName: string }).fullName)), 'never the full name');
  t.ok(await page.getByRole('button', { name: 'Đã bổ sung đủ' }).isDisabled(), 'nothing to declare before an upload');
  t.same(await seriousViolations(page), [], 'with the PIN: axe clean');
  t.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling on a phone');
  await page.screenshot({ path: '/tmp/lookup-supplement.png', fullPage: true });

  await page.getByLabel('Tên giấy tờ').fill(MISSING);
  await page.locator('#lookup-file').setInputFiles({ name: 'ghi-chu.txt', mimeType: 'application/pdf', buffer: Buffer.from('chỉ là văn bản') });
  await page.locator('.field--error', { hasText: 'Chỉ nhận tệp PDF, JPEG, PNG hoặc TIFF' }).waitFor();
  await page.getByRole('button', { name: 'Tải lên' }).click();
  t.same((await sys.http('GET', `/api/dossiers/${code}/documents`, reception)).body, [], 'a wrong type is explained and nothing is sent');

  await page.locator('#lookup-file').setInputFiles({ name: 'giay-ket-hon.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.getByRole('button', { name: 'Tải lên' }).click();
  await page.getByRole('status').filter({ hasText: `Đã tải lên: ${MISSING}` }).waitFor();
  await page.locator('.lookup-docs-card', { hasText: MISSING }).waitFor();
  await page.getByRole('button', { name: 'Đã bổ sung đủ' }).click();
  await page.getByRole('status').filter({ hasText: 'Đã gửi bổ sung' }).waitFor();
  t.match(await result.textContent(), /Đang xử lý|Được tiếp nhận/, 'the new status');
  t.notMatch(await result.textContent(), /Tạm dừng/, 'the deadline runs again');
  t.match(await next.textContent(), /chưa cần làm gì/, 'what to do next: wait');
  t.same(await seriousViolations(page), [], 'after the supplement: axe clean');
  await page.screenshot({ path: '/tmp/lookup-done.png', fullPage: true });
  await page.locator('.citizen-lang').click();
  await page.getByRole('heading', { name: 'What to do next' }).waitFor();
  t.match(await next.textContent(), /Nothing to do; the result is due at/, 'in English too');
  t.same(errors, [], 'no script error');
});

t.test('the officers see the supplement came online; the clock restarted; the appraisal is back', async (t) => {
  const dossier = (await sys.http('GET', `/api/dossiers/${code}`, reception)).body;
  const history = (await sys.http('GET', `/api/dossiers/${code}/history`, reception)).body as unknown as Array<{ action: string; at: string; actorName: string | null; details: Record<string, unknown> }>;
  const row = history.find((h) => h.action === 'receive_supplement');
  t.equal(row?.details.channel, 'online', 'the history says it came online');
  t.equal(row?.actorName, null, 'by the applicant, not an officer');
  // Birth registration is a same-day procedure: the time limit counts again from the supplement (Art. 19.5).
  const due = await sys.http('GET', `/api/calendar/due?from=${encodeURIComponent(row!.at)}&sameDay=true&agency=xa-demo`, reception);
  t.equal(new Date(String(dossier.dueAt)).getTime(), new Date(String(due.body.dueAt)).getTime(), `the due date restarts from the supplement (was ${dueBefore})`);
  const { context, page } = await newOfficer(browser);
  t.teardown(() => context.close());
  await loginAs(page, sys.url, 'reception', `/ho-so/${code}`);
  const item = page.locator('.timeline__item', { hasText: 'Nhận hồ sơ bổ sung' });
  await item.waitFor();
  t.match(await item.textContent(), /Hình thức nộp\s*Trực tuyến/, 'the officers\' timeline: the supplement came online');
  await until(tasksOf, (items) => items.length > 0, 'the appraisal back in the list');
  t.pass('the process went on: the appraisal task is open again');
});
