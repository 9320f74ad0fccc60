/**
 * `npm run screenshots`: starts the real system on a fresh database with the demo data, creates a
 * few dossiers through the API (one at the appraisal, one online waiting for review), and writes a
 * picture of each page of the web app into docs/screenshots/ (1280×720; the citizens' pages at a phone's size).
 */
import { mkdirSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { launchBrowser } from '../test/e2e/browser.ts';
import { startSystem, PASSWORD } from '../test/e2e/server.ts';
import { loginAs } from '../test/e2e/pages.ts';
import { lookupPin } from '../api/services/lookup-pin.ts';
import type { Page } from 'playwright-core';

const OUT = new URL('../docs/screenshots/', import.meta.url);
mkdirSync(OUT, { recursive: true });
const example = (id: string) => JSON.parse(readFileSync(new URL(`../schemas/procedures/examples/${id}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;

const sys = await startSystem();
const { browser, close } = await launchBrowser();
try {
  const token = async (username: string) => ((await (await fetch(`${sys.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) })).json()) as { accessToken: string }).accessToken;
  const post = async (path: string, body: unknown, as: string) => {
    const res = await fetch(`${sys.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await token(as)}` }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<{ code: string }>;
  };
  const received = await post('/api/dossiers', { procedureId: 'birth-registration', channel: 'in_person', formData: example('birth-registration') }, 'reception');
  await post('/api/dossiers', { procedureId: 'marriage-registration', channel: 'in_person', formData: example('marriage-registration') }, 'reception');
  await post('/api/dossiers', { procedureId: 'copy-certification', channel: 'online', formData: example('copy-certification') }, 'reception');

  const shot = async (page: Page, name: string) => {
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: new URL(`${name}.png`, OUT).pathname });
    process.stdout.write(`docs/screenshots/${name}.png\n`);
  };
  const officer = async (username: string, path: string) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const page = await context.newPage();
    await loginAs(page, sys.url, username, path);
    await page.locator('main h1').first().waitFor();
    return page;
  };

  const login = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await login.goto(`${sys.url}/dang-nhap`);
  await shot(login, 'dang-nhap');

  const desk = await officer('reception', '/tiep-nhan');
  await shot(desk, 'tiep-nhan');

  const tasks = await officer('specialist', '/cong-viec?view=groups');
  await tasks.locator('[role="row"][data-key]').first().waitFor();
  await shot(tasks, 'cong-viec');
  const key = await tasks.locator('[role="row"][data-key]').first().getAttribute('data-key');
  await tasks.goto(`${sys.url}/cong-viec/${encodeURIComponent(key!)}`);
  await tasks.locator('main h1').first().waitFor();
  await shot(tasks, 'cong-viec-mo');

  const dossier = await officer('supervisor', `/ho-so/${encodeURIComponent(received.code)}`);
  await dossier.locator('.djs-container, svg').first().waitFor().catch(() => undefined);
  await shot(dossier, 'ho-so');

  const supervision = await officer('supervisor', '/giam-sat');
  await shot(supervision, 'giam-sat');

  const alerts = await officer('supervisor', '/canh-bao');
  await shot(alerts, 'canh-bao');

  // The procedure controller's modeler (the list, then marriage registration open with its live check done).
  const modeler = await officer('controller', '/quy-trinh/marriage-registration');
  await modeler.locator('[data-testid=md-canvas][data-ready=ready]').waitFor();
  await modeler.getByTestId('md-issue-count').filter({ hasText: /lỗi/ }).waitFor();
  await shot(modeler, 'quy-trinh');

  const catalogue = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
  await catalogue.goto(`${sys.url}/thu-tuc`);
  await catalogue.locator('main h1').first().waitFor();
  await shot(catalogue, 'thu-tuc');
  await catalogue.goto(`${sys.url}/nop-ho-so/birth-registration`);
  await catalogue.locator('main h1').first().waitFor();
  await shot(catalogue, 'nop-ho-so');

  const phone = await browser.newPage({ viewport: { width: 390, height: 760 }, isMobile: true });
  await phone.goto(`${sys.url}/tra-cuu?ma=${encodeURIComponent(received.code)}`);
  await phone.locator('.lookup-result').waitFor();
  await shot(phone, 'tra-cuu');

  // The rating (a dossier whose result was returned, with the receipt's PIN) and feedback, on a phone.
  const rated = await post('/api/dossiers', { procedureId: 'birth-registration', channel: 'in_person', formData: example('birth-registration') }, 'reception');
  await post(`/api/dossiers/${rated.code}/start-processing`, {}, 'reception');
  await post(`/api/dossiers/${rated.code}/decide`, { outcome: 'approved' }, 'leader');
  await post(`/api/dossiers/${rated.code}/return-result`, { mode: 'paper' }, 'reception');
  const rating = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
  await rating.goto(`${sys.url}/danh-gia?ma=${encodeURIComponent(rated.code)}`);
  await rating.getByLabel('Mã tra cứu (PIN)').fill(lookupPin(sys.app.config.jwtSecret, rated.code));
  await rating.getByRole('button', { name: 'Tiếp tục' }).click();
  await rating.locator('#crit-total_time').waitFor();
  for (const key of ['total_time', 'agency_time', 'agencies_contacted']) await rating.locator(`#crit-${key}`).getByText('Rất hài lòng', { exact: true }).click();
  await rating.evaluate(() => document.getElementById('rating-which')?.scrollIntoView());
  await shot(rating, 'danh-gia');
  await rating.goto(`${sys.url}/phan-anh`);
  await rating.locator('main h1').first().waitFor();
  await shot(rating, 'phan-anh');
} finally {
  await close();
  await sys.close();
}
