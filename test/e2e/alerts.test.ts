/**
 * Alerts in a real browser: a notification delivered by a worker (here written as a separate worker
 * process writes it: a delivered row) reaches the header's bell live, is listed on /canh-bao with its
 * dossier linked, is marked read; the browser's notification is raised when the tab is in the
 * background and the user allowed it.
 */
import t from 'tap';
import { launchBrowser } from './browser.ts';
import { startSystem } from './server.ts';
import { loginAs, newOfficer, seriousViolations } from './pages.ts';

const sys = await startSystem();
t.teardown(() => sys.close());
const { browser, close } = await launchBrowser();
t.teardown(close);

async function deliver(username: string, title: string, dossierCode: string | null): Promise<void> {
  const db = sys.app.db;
  const user = await db.selectFrom('users').select(['id', 'agency_id']).where('username', '=', username).executeTakeFirstOrThrow();
  const now = new Date();
  await db.insertInto('notifications').values({
    user_id: user.id, kind: 'step_overdue', dossier_code: dossierCode, task_key: null, agency_id: user.agency_id,
    title_vi: title, title_en: `EN ${title}`, body_vi: 'Bước thẩm định đã quá hạn.', body_en: 'The appraisal step is overdue.',
    dedupe_key: `e2e-${title}`, created_at: now, deliver_at: now, delivered_at: now,
  }).execute();
}

t.test('a new alert reaches the bell live, is listed with its dossier and is marked read', async (t) => {
  const { context, page, errors } = await newOfficer(browser);
  t.teardown(() => context.close());
  await context.grantPermissions(['notifications'], { origin: sys.url });
  await loginAs(page, sys.url, 'supervisor', '/canh-bao');
  await page.getByText('Không có cảnh báo.').waitFor();
  const bell = page.getByTestId('bell');
  t.equal(await bell.getAttribute('aria-label'), 'Cảnh báo: không có cảnh báo mới');

  // The tab goes to the background: the browser's own notification is raised for the next alert.
  // A string, not a function: the test's compiler would wrap a class in a helper the page does not have.
  await page.evaluate(`
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    window.raised = [];
    const Native = window.Notification;
    window.Notification = class extends Native {
      constructor(title, options) { super(title, options); window.raised.push(title); }
      static get permission() { return Native.permission; }
    };
  `);
  await deliver('supervisor', 'Hồ sơ XADEMO-E2E-0001 quá hạn', 'XADEMO-E2E-0001');
  await page.waitForFunction(() => document.querySelector('[data-testid=bell]')?.getAttribute('aria-label') === 'Cảnh báo: 1 chưa đọc');
  t.pass('the bell counts it, live');
  const item = page.locator('.alert-item', { hasText: 'Hồ sơ XADEMO-E2E-0001 quá hạn' });
  await item.waitFor();
  t.equal(await item.getByRole('link', { name: 'XADEMO-E2E-0001' }).getAttribute('href'), '/ho-so/XADEMO-E2E-0001', 'linked to its dossier');
  t.same(await page.evaluate(() => (window as unknown as { raised: string[] }).raised), ['Hồ sơ XADEMO-E2E-0001 quá hạn'], 'the browser notification, in the tab\'s language');
  t.same(await seriousViolations(page), [], 'alerts with an unread one: no serious or critical axe violation');

  await item.getByRole('button', { name: /Đánh dấu đã đọc/ }).click();
  await item.getByText('Đã đọc').waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid=bell]')?.getAttribute('aria-label') === 'Cảnh báo: không có cảnh báo mới');
  t.pass('marked read; the bell is back to none');

  const other = await newOfficer(browser);
  t.teardown(() => other.context.close());
  await loginAs(other.page, sys.url, 'leader', '/canh-bao');
  await other.page.getByText('Không có cảnh báo.').waitFor();
  t.pass('another officer does not see it');
  t.same(errors, [], 'no script error');
});
