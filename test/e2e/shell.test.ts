/**
 * The web app's frame in a real browser against the real server: login (errors in the user's
 * language, back to where the officer was going), navigation by role, the session renewed
 * silently and, when it cannot be, in place without leaving the page; the lost-connection banner;
 * logout; the public lookup; accessibility (axe-core) of each.
 */
import t from 'tap';
import { launchBrowser } from './browser.ts';
import { startSystem } from './server.ts';
import { loginAs, newOfficer, seriousViolations } from './pages.ts';

const sys = await startSystem();
t.teardown(() => sys.close());
const { browser, close } = await launchBrowser();
t.teardown(close);

const session = (page: import('playwright-core').Page) => page.evaluate(() => JSON.parse(localStorage.getItem('motcua.session') ?? 'null') as { accessToken: string; refreshToken: string; expiresAt: number } | null);

t.test('login: a page asked for before login opens after it; a wrong password is explained in the chosen language', async (t) => {
  const { context, page, errors } = await newOfficer(browser);
  t.teardown(() => context.close());
  await page.goto(`${sys.url}/canh-bao`);
  await page.waitForURL(/\/dang-nhap\?tiep=%2Fcanh-bao/);
  t.same(await seriousViolations(page), [], 'login page: no serious or critical axe violation');
  t.equal(await page.getByLabel('Tên đăng nhập').getAttribute('autocomplete'), 'username');
  t.equal(await page.getByLabel('Mật khẩu').getAttribute('type'), 'password');

  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  t.equal(await page.locator('.field .error').count(), 2, 'both fields required, each says so');

  await page.getByLabel('Tên đăng nhập').fill('reception');
  await page.getByLabel('Mật khẩu').fill('not-the-password');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  t.match(await alert.innerText(), /mật khẩu/i, 'the API\'s Vietnamese message');

  await page.getByRole('button', { name: 'Switch to English' }).click();
  t.equal(await page.locator('html').getAttribute('lang'), 'en');
  await page.getByLabel('Password').fill('still-wrong');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('alert').filter({ hasText: /password/i }).waitFor();
  t.same(await seriousViolations(page), [], 'login page in English: no serious or critical axe violation');
  await page.getByRole('button', { name: 'Chuyển sang tiếng Việt' }).click();

  await loginAs(page, sys.url, 'reception', '/canh-bao');
  t.match(new URL(page.url()).pathname, '/canh-bao', 'back where the officer was going');
  await page.getByRole('heading', { name: 'Cảnh báo', level: 1 }).waitFor();
  t.same(await seriousViolations(page), [], 'alerts page: no serious or critical axe violation');
  t.same(errors, [], 'no script error');
});

t.test('navigation by role; a page of another role is refused, not shown', async (t) => {
  const { context, page } = await newOfficer(browser);
  t.teardown(() => context.close());
  await loginAs(page, sys.url, 'reception');
  t.match(new URL(page.url()).pathname, '/tiep-nhan', 'reception starts at the desk');
  const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
  t.same(await nav.getByRole('link').allInnerTexts(), ['Tiếp nhận', 'Công việc', 'Cảnh báo']);

  const other = await newOfficer(browser);
  t.teardown(() => other.context.close());
  await loginAs(other.page, sys.url, 'specialist');
  t.match(new URL(other.page.url()).pathname, '/cong-viec', 'a specialist starts at the task list');
  t.same(await other.page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link').allInnerTexts(), ['Công việc', 'Cảnh báo']);
  await other.page.goto(`${sys.url}/tiep-nhan`);
  await other.page.getByRole('heading', { name: 'Tài khoản của bạn không có quyền xem trang này.' }).waitFor();
  t.pass('the desk is refused to a specialist');
});

t.test('the session is renewed silently, and in place with a login dialog when it cannot be', async (t) => {
  const { context, page } = await newOfficer(browser);
  t.teardown(() => context.close());
  await loginAs(page, sys.url, 'supervisor', '/canh-bao');
  const first = (await session(page))!;

  // An access token past its time: the next request rotates the refresh token first.
  await page.evaluate(() => {
    const s = JSON.parse(localStorage.getItem('motcua.session')!);
    localStorage.setItem('motcua.session', JSON.stringify({ ...s, expiresAt: Date.now() - 1000 }));
  });
  await page.getByRole('link', { name: 'Công việc' }).click();
  await page.getByRole('link', { name: 'Cảnh báo', exact: true }).click();
  await page.waitForFunction((old) => JSON.parse(localStorage.getItem('motcua.session')!).refreshToken !== old, first.refreshToken);
  const second = (await session(page))!;
  t.ok(second.expiresAt > Date.now(), 'an access token valid again');
  const reuse = await fetch(`${sys.url}/api/auth/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: second.refreshToken }) });
  t.equal(reuse.status, 200, 'the rotated refresh token is the live one');
  const rotated = (await reuse.json()) as { refreshToken: string };

  // Now the session ends elsewhere (logged out with the token rotated above): the browser's access
  // token, still within its time, is refused at once (401), renewal fails too, and the user is asked
  // to log in again, on the same page.
  const out = await fetch(`${sys.url}/api/auth/logout`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: rotated.refreshToken }) });
  t.equal(out.status, 204);
  t.equal((await session(page))!.accessToken, second.accessToken, 'the browser still holds the access token of the ended session');
  await page.getByRole('link', { name: 'Công việc' }).click();
  const dialog = page.getByRole('dialog', { name: 'Phiên làm việc đã hết hạn' });
  await dialog.waitFor();
  t.match(new URL(page.url()).pathname, '/cong-viec', 'still on the page');
  t.same(await seriousViolations(page), [], 're-login dialog: no serious or critical axe violation');
  await dialog.getByLabel('Mật khẩu').fill((await import('./server.ts')).PASSWORD);
  await dialog.getByRole('button', { name: 'Đăng nhập' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByRole('heading', { name: 'Công việc', level: 1 }).waitFor();
  t.equal(await page.getByRole('alert').count(), 0, 'the page\'s requests went through after the login: no error shown');
  t.not((await session(page))!.refreshToken, second.refreshToken, 'a new session');
});

t.test('a lost connection shows a banner that goes when the server answers again', async (t) => {
  const { context, page } = await newOfficer(browser);
  t.teardown(() => context.close());
  await loginAs(page, sys.url, 'supervisor', '/canh-bao');
  await page.getByRole('heading', { name: 'Cảnh báo', level: 1 }).waitFor();
  await context.route(/\/(api|healthz)(\/|\?|$)/, (route) => route.abort('connectionrefused'));
  await page.getByRole('link', { name: 'Công việc' }).click();
  await page.getByRole('link', { name: 'Cảnh báo', exact: true }).click();
  const banner = page.getByRole('alert').filter({ hasText: 'Mất kết nối tới máy chủ' });
  await banner.waitFor();
  await context.unrouteAll();
  await banner.waitFor({ state: 'detached' });
  await page.getByText('Không có cảnh báo.').waitFor();
  t.pass('banner shown, then gone, and the page\'s read retried');
});

t.test('logout ends the session on the server too', async (t) => {
  const { context, page } = await newOfficer(browser);
  t.teardown(() => context.close());
  await loginAs(page, sys.url, 'leader');
  const s = (await session(page))!;
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.waitForURL(/\/dang-nhap/);
  t.equal(await session(page), null);
  const res = await fetch(`${sys.url}/api/auth/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: s.refreshToken }) });
  t.equal(res.status, 401, 'the refresh token no longer works');
});

t.test('the public lookup needs no login and works on a phone', async (t) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN', isMobile: true });
  t.teardown(() => context.close());
  const page = await context.newPage();
  await page.goto(`${sys.url}/tra-cuu?ma=KHONG-CO-0001`);
  await page.getByRole('alert').filter({ hasText: 'Không tìm thấy hồ sơ' }).waitFor();
  t.same(await seriousViolations(page), [], 'lookup: no serious or critical axe violation');
  t.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling on a phone');
});

t.test('a 10-inch tablet: the header fits, nothing scrolls sideways', async (t) => {
  const { context, page } = await newOfficer(browser, { width: 1024, height: 768 });
  t.teardown(() => context.close());
  await loginAs(page, sys.url, 'reception', '/canh-bao');
  await page.getByRole('heading', { name: 'Cảnh báo', level: 1 }).waitFor();
  t.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling at 1024×768');
  await page.keyboard.press('Tab');
  t.equal(await page.evaluate(() => document.activeElement?.textContent), 'Bỏ qua, đến nội dung chính', 'the first Tab reaches the skip link');
});
