/**
 * The reception desk (/tiep-nhan) in a real browser against the real system: finding a procedure
 * (accentless name, national code, keyboard), bad input shown beside its field and kept (also across
 * a reload), a complete birth registration received with a scanned PDF and its metadata (a refused
 * file, a file over the server's limit, a failed upload retried), form 01 opened; a refusal at the counter through
 * an expired session, form 03; the online queue with review deadlines, accept and refuse from it;
 * axe-core on every state; the layout on a 10-inch tablet.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { startSystem, PASSWORD } from './server.ts';
import { launchBrowser } from './browser.ts';
import { fillForm, formField as id, loginAs, newOfficer, seriousViolations } from './pages.ts';

const BIRTH = JSON.parse(readFileSync(new URL('../../schemas/procedures/examples/birth-registration.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
/** The server in this test takes at most 64 KB per document (it says so in /api/me): the browser refuses this "scan" before upload. */
const BIG_PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(100_000, 0x20), Buffer.from('\n%%EOF\n')]);

const system = await startSystem({ DOCUMENT_MAX_BYTES: '65536' });
t.teardown(() => system.close());
const { browser, close } = await launchBrowser();
t.teardown(close);
const { context, page, errors } = await newOfficer(browser);

/** Calls the API from the page with the officer's session. */
async function apiCall<T>(p: Page, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  return p.evaluate(async ({ method, path, body }) => {
    const s = JSON.parse(localStorage.getItem('motcua.session')!) as { accessToken: string };
    const res = await fetch(path, { method, headers: { authorization: `Bearer ${s.accessToken}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    return { status: res.status, body: await res.json() };
  }, { method, path, body });
}

/**
 * Opens a form link (a blob: URL in a new tab) and tells what the new tab shows (the page's
 * Content-Security-Policy forbids reading a blob back, so the bytes are read from the form's route).
 */
async function openForm(p: Page, name: string, code: string, form: string): Promise<{ url: string; contentType: string; head: string }> {
  const link = p.getByRole('link', { name: new RegExp(`^${name}`) });
  await link.and(p.locator('[href^="blob:"]')).waitFor();
  const [tab] = await Promise.all([context.waitForEvent('page'), link.click()]);
  await tab.waitForURL(/^blob:/);
  const contentType = await tab.evaluate(() => document.contentType);
  const url = tab.url();
  await tab.close();
  const head = await p.evaluate(async (path) => {
    const s = JSON.parse(localStorage.getItem('motcua.session')!) as { accessToken: string };
    const res = await fetch(path, { headers: { authorization: `Bearer ${s.accessToken}` } });
    return new TextDecoder().decode(new Uint8Array(await res.arrayBuffer()).slice(0, 5));
  }, `/api/dossiers/${code}/forms/${form}.pdf`);
  return { url, contentType, head };
}

const receiveButton = () => page.getByRole('button', { name: 'Tiếp nhận hồ sơ', exact: true });

t.test('finds a procedure by its name without accents and by its national code', async (t) => {
  await loginAs(page, system.url, 'reception', '/tiep-nhan');
  const search = page.locator('#proc-search');
  await search.waitFor();
  t.ok(await search.evaluate((e) => e === document.activeElement), 'the search has the focus');
  t.same(await seriousViolations(page), [], 'axe: the empty desk');
  const options = page.locator('#proc-list [role=option]');

  await search.fill('dang ky khai sinh');
  t.match(await options.first().textContent(), /^Đăng ký khai sinh/, 'accentless name: birth registration first');
  await search.fill('khaisinh');
  t.match(await options.first().textContent(), /^Đăng ký khai sinh/, 'without spaces too');
  t.ok((await options.allTextContents()).some((x) => x.startsWith('Liên thông đăng ký khai sinh')), 'the interconnected procedure also matches');
  await search.fill('DANG KY KHAI TU');
  t.match(await options.first().textContent(), /^Đăng ký khai tử/, 'case ignored');
  await search.fill('1.001193');
  t.equal(await options.count(), 1, 'the national code finds one procedure');
  t.match(await options.first().textContent(), /^Đăng ký khai sinh.*1\.001193/);
  await search.fill('không có thủ tục này');
  t.equal(await options.count(), 0);
  t.ok(await page.getByText('Không có thủ tục nào khớp').isVisible(), 'no match is said');

  await search.fill('khai sinh');
  await search.press('ArrowDown');
  t.equal(await search.getAttribute('aria-activedescendant'), 'proc-opt-1', 'the arrow keys move through the matches');
  await search.press('ArrowUp');
  await search.press('Enter');
  await page.locator('#desk-form').waitFor();
  t.equal(await page.locator('.desk-chosen__name').textContent(), 'Đăng ký khai sinh', 'Enter picks the first match');
  const info = page.locator('.desk-info');
  for (const fact of ['1.001193', 'Trong ngày làm việc', 'Miễn phí', 'Giấy chứng sinh hoặc văn bản của người làm chứng']) t.match(await info.textContent(), fact);
  await page.waitForFunction(() => document.activeElement?.id === 'f-applicant-fullName');
  t.pass('the focus moves to the form');
});

t.test('bad input: each message beside its field, nothing typed is lost', async (t) => {
  await receiveButton().click();
  const summary = page.locator('.desk-summary');
  await summary.waitFor();
  t.ok(await summary.evaluate((e) => e === document.activeElement), 'the summary has the focus');
  t.match(await summary.textContent(), /Người nộp hồ sơ › Họ, chữ đệm và tên: Bắt buộc nhập/);
  t.equal(await page.locator(id('applicant.fullName')).getAttribute('aria-invalid'), 'true');
  t.equal(await page.locator(`${id('applicant.fullName')}-error`).textContent(), 'Bắt buộc nhập', 'the message is beside the field');
  await summary.getByRole('link', { name: 'Thông tin trẻ được khai sinh › Giới tính' }).click();
  t.ok(await page.locator(id('child.sex')).evaluate((e) => e === document.activeElement), 'the summary links to the field');

  await page.locator(id('applicant.personalId')).fill('999090001234');
  t.match(await page.locator(`${id('applicant.personalId')}-error`).textContent(), /mã tỉnh hợp lệ/, 'a bad CCCD is said as typed');
  await page.locator(id('applicant.phone')).fill('0123');
  await page.locator(id('applicant.phone')).blur();
  t.match(await page.locator(`${id('applicant.phone')}-error`).textContent(), /Số điện thoại không hợp lệ/);

  // Valid for the browser's light check, refused by the API (ajv's e-mail format).
  await fillForm(page, { ...BIRTH, applicant: { ...(BIRTH.applicant as object), email: 'an@mail..vn' } });
  t.match(await page.locator(`${id('applicant.personalId')}-ok`).textContent(), /Hợp lệ.*Hà Nội.*sinh năm 1990/, 'a valid CCCD tells what it means');
  await page.getByRole('button', { name: 'Kiểm tra VNeID' }).click();
  t.match(await page.locator('.desk-identity').textContent(), /Đã có tài khoản định danh điện tử mức 1/, 'the VNeID check answers');
  await receiveButton().click();
  const emailError = page.locator(`${id('applicant.email')}-error`);
  await emailError.waitFor();
  t.match(await emailError.textContent(), /email/, 'the server\'s message is beside the field');
  t.match(await summary.textContent(), /Thư điện tử/);
  t.match(await page.locator('.desk-actions').textContent(), /Máy chủ không nhận hồ sơ/, 'and said beside the button');
  t.equal(await page.locator(id('child.fullName')).inputValue(), 'Nguyễn Minh Châu', 'what was typed is kept');
  t.equal(await page.locator(id('child.sex')).inputValue(), 'nu');
  t.same(await seriousViolations(page), [], 'axe: the form with errors');
  await page.locator(id('applicant.email')).fill('an.nguyen@example.vn');
  t.equal(await emailError.count(), 0, 'the server\'s message goes once the field is corrected');

  await page.reload();
  await page.locator(id('applicant.fullName')).waitFor();
  t.equal(await page.locator(id('applicant.fullName')).inputValue(), 'Nguyễn Văn An', 'a reload keeps the draft');
  t.equal(await page.locator(id('mother.residence.detail')).inputValue(), 'Số 12 phố Điện Biên Phủ');
  t.equal(await page.locator(id('copies')).inputValue(), '2');
  t.equal(await page.locator(id('applicant.email')).inputValue(), 'an.nguyen@example.vn');
});

t.test('receives a complete dossier with a scanned PDF and its metadata; form 01 opens', async (t) => {
  const files = page.locator('#desk-file-input');
  await files.setInputFiles([{ name: 'to-khai.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: Buffer.from('PK\x03\x04 not a scan') }]);
  t.match(await page.getByRole('alert').filter({ hasText: 'to-khai.docx' }).textContent(), /không phải tệp PDF, JPEG, PNG hoặc TIFF/, 'a refused file is explained before upload');
  await files.setInputFiles([
    { name: 'giay-chung-sinh.pdf', mimeType: 'application/pdf', buffer: PDF },
    { name: 'ban-quet-lon.pdf', mimeType: 'application/pdf', buffer: BIG_PDF },
  ]);
  t.match(await page.getByRole('alert').filter({ hasText: 'ban-quet-lon.pdf' }).textContent(), /64 KB/, 'a file over the server\'s published limit is refused before upload, the limit named');
  const cards = page.locator('.desk-doc');
  await cards.first().waitFor();
  t.equal(await cards.count(), 1, 'the scan within the limit is taken');
  const first = cards.nth(0);
  t.equal(await first.getByLabel('Số định danh của chủ giấy tờ').inputValue(), '001090001234', 'the holder starts as the applicant');
  await first.getByLabel('Giấy tờ theo thành phần hồ sơ').selectOption({ label: 'Giấy chứng sinh hoặc văn bản của người làm chứng' });
  t.equal(await first.getByLabel('Mã loại giấy tờ').inputValue(), '1.001193.2', 'choosing the document fills its type code');
  await first.getByLabel('Họ tên chủ giấy tờ').fill('Nguyễn Minh Châu');
  await first.getByLabel('Phạm vi sử dụng').fill('Toàn quốc');
  await first.getByLabel('Không thời hạn').uncheck();
  await first.getByLabel('Có giá trị đến ngày').fill('2036-02-20');

  // The first upload meets a lost connection; it is retried without receiving again.
  let failOnce = true;
  await page.route('**/api/dossiers/*/documents', (route) => (failOnce ? ((failOnce = false), route.abort('connectionreset')) : route.fallback()));
  await receiveButton().click();
  const code = (await page.getByTestId('dossier-code').textContent())!;
  t.match(code, /^XADEMO-\d{6}-\d{4}$/, 'the dossier code is shown');
  t.match(await page.getByTestId('due-at').textContent(), /^\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}$/, 'with its appointment');
  const retry = page.getByRole('button', { name: 'Tải lên lại' });
  await retry.first().waitFor();
  await page.locator('.desk-doc--failed').first().getByRole('button', { name: 'Tải lên lại' }).click();
  await page.locator('.desk-doc--done').waitFor();
  t.match(await page.locator('.desk-doc--done').textContent(), /Đã tải lên.*Giấy chứng sinh/);
  const docs = await apiCall<Array<{ typeCode: string; title: string; metadata: Record<string, string>; mimeType: string }>>(page, 'GET', `/api/dossiers/${code}/documents`);
  t.equal(docs.body.length, 1, 'one document stored');
  t.match(docs.body[0], { typeCode: '1.001193.2', title: 'Giấy chứng sinh hoặc văn bản của người làm chứng', mimeType: 'application/pdf',
    metadata: { idNumber: '001090001234', holderName: 'Nguyễn Minh Châu', validUntil: '2036-02-20', scope: 'Toàn quốc' } });
  const dossier = await apiCall<{ status: string; channel: string }>(page, 'GET', `/api/dossiers/${code}`);
  t.match(dossier.body, { status: 'accepted', channel: 'in_person' });
  t.same(await seriousViolations(page), [], 'axe: after receipt');

  const form01 = await openForm(page, 'In phiếu', code, '01');
  t.match(form01.url, /^blob:/, 'form 01 opens in a new tab');
  t.equal(form01.contentType, 'application/pdf', 'as a PDF');
  t.equal(form01.head, '%PDF-', 'the form\'s bytes are a PDF');
  t.equal(await page.getByRole('link', { name: 'Mở hồ sơ' }).getAttribute('href'), `/ho-so/${code}`);
  await page.getByRole('button', { name: 'Tiếp nhận hồ sơ mới' }).click();
  await page.locator('#proc-search').waitFor();
  t.notOk(await page.evaluate(() => Object.keys(sessionStorage).some((k) => k.startsWith('motcua.desk.draft') && sessionStorage.getItem(k)!.includes('Nguyễn Văn An'))), 'the draft is cleared after the receipt');
});

t.test('refusal at the counter, through an expired session, gives form 03', async (t) => {
  await page.locator('#proc-search').fill('1.000656');
  await page.locator('#proc-search').press('Enter');
  await page.locator('#desk-form').waitFor();
  await page.locator(id('applicant.fullName')).fill('Lê Thị Cúc');
  await page.locator(id('applicant.personalId')).fill('001190012345');
  await page.evaluate(() => {
    const s = JSON.parse(localStorage.getItem('motcua.session')!);
    localStorage.setItem('motcua.session', JSON.stringify({ ...s, accessToken: 'expired', refreshToken: 'revoked' }));
  });
  await page.getByRole('button', { name: 'Từ chối tiếp nhận…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Từ chối tiếp nhận hồ sơ' });
  await dialog.getByLabel('Thủ tục không thuộc thẩm quyền giải quyết của cơ quan tiếp nhận').check();
  await dialog.getByLabel('Lý do khác').fill('Người yêu cầu không có quan hệ với người chết');
  await dialog.getByRole('button', { name: 'Từ chối và lập phiếu' }).click();
  const relogin = page.getByRole('dialog', { name: 'Phiên làm việc đã hết hạn' });
  await relogin.getByLabel('Mật khẩu').fill(PASSWORD);
  await relogin.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('heading', { name: 'Đã từ chối tiếp nhận hồ sơ' }).waitFor();
  const code = (await page.getByTestId('dossier-code').textContent())!;
  const d = await apiCall<{ status: string }>(page, 'GET', `/api/dossiers/${code}`);
  t.equal(d.body.status, 'refused', 'refused, with the form not checked, after logging in again');
  const history = await apiCall<Array<{ details: { reasons?: string[] } }>>(page, 'GET', `/api/dossiers/${code}/history`);
  t.same(history.body[0]?.details.reasons, ['Thủ tục không thuộc thẩm quyền giải quyết của cơ quan tiếp nhận', 'Người yêu cầu không có quan hệ với người chết']);
  const form03 = await openForm(page, 'In phiếu từ chối', code, '03');
  t.match(form03.url, /^blob:/);
  t.equal(form03.contentType, 'application/pdf', 'form 03 opens as a PDF');
  t.equal(form03.head, '%PDF-');
});

t.test('the online queue: review deadlines, accept and refuse from it', async (t) => {
  const register = async () => (await apiCall<{ code: string; reviewDueAt: string; reviewSla: string }>(page, 'POST', '/api/dossiers', { procedureId: 'birth-registration', channel: 'online', formData: BIRTH })).body;
  const a = await register();
  const b = await register();
  t.ok(a.reviewDueAt, 'the API gives the review deadline');
  await page.getByRole('tab', { name: /Hồ sơ trực tuyến chờ tiếp nhận/ }).click();
  const row = page.locator(`tr[data-code="${a.code}"]`);
  await row.waitFor();
  t.equal(await row.locator('.sla__due time').getAttribute('datetime'), a.reviewDueAt, 'the row shows its review deadline');
  t.ok(await row.locator(`.sla--${a.reviewSla}`).count(), `as a coloured badge (${a.reviewSla})`);
  t.match(await page.getByRole('tab', { name: /Hồ sơ trực tuyến/ }).textContent(), /\(\d+\)/, 'the tab counts them');
  t.same(await seriousViolations(page), [], 'axe: the queue');

  await row.getByRole('button', { name: `Tiếp nhận ${a.code}` }).click();
  const accept = page.getByRole('dialog', { name: `Tiếp nhận hồ sơ ${a.code}` });
  await accept.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
  await page.getByText(`Đã tiếp nhận hồ sơ ${a.code}.`).waitFor();
  await row.waitFor({ state: 'detached' });
  t.equal((await apiCall<{ status: string }>(page, 'GET', `/api/dossiers/${a.code}`)).body.status, 'accepted', 'accepted from the queue');
  t.equal((await openForm(page, 'In phiếu', a.code, '01')).contentType, 'application/pdf', 'its form 01 opens');

  const rowB = page.locator(`tr[data-code="${b.code}"]`);
  await rowB.getByRole('button', { name: `Từ chối ${b.code}` }).click();
  const refuse = page.getByRole('dialog', { name: `Từ chối tiếp nhận hồ sơ ${b.code}` });
  await refuse.getByRole('button', { name: 'Từ chối tiếp nhận' }).click();
  t.equal(await refuse.getByRole('alert').textContent(), 'Cần ít nhất một lý do.', 'a reason is needed');
  await refuse.getByLabel('Lý do khác').fill('Giấy chứng sinh không rõ nét');
  await refuse.getByRole('button', { name: 'Từ chối tiếp nhận' }).click();
  await page.getByText(`Đã từ chối tiếp nhận hồ sơ ${b.code}.`).waitFor();
  t.equal((await apiCall<{ status: string }>(page, 'GET', `/api/dossiers/${b.code}`)).body.status, 'refused', 'refused from the queue');
  t.same(errors, [], 'no script error on the page');
});

t.test('on a 10-inch tablet the desk fits and the actions stay at hand', async (t) => {
  for (const [width, height] of [[1024, 768], [800, 1280]] as const) {
    const tablet = await newOfficer(browser, { width, height });
    await loginAs(tablet.page, system.url, 'reception', '/tiep-nhan');
    await tablet.page.locator('#proc-search').fill('khai sinh');
    await tablet.page.locator('#proc-search').press('Enter');
    await tablet.page.locator('#desk-form').waitFor();
    t.ok(await tablet.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${width}×${height}: no sideways scrolling`);
    const box = (await tablet.page.getByRole('button', { name: 'Tiếp nhận hồ sơ', exact: true }).boundingBox())!;
    t.ok(box.y >= 0 && box.y + box.height <= height, `${width}×${height}: the receive button is on screen`);
    await tablet.context.close();
  }
});
