/**
 * The supervisor's live view in a real browser on the real system: the counts shown are the API's;
 * a step made overdue in the database (the SLA sweep runs every 5 s) appears in the overdue list
 * without a reload; remind and reassign from the list; report II.06a drawn; axe-core clean at
 * 1280×720 and 1024×768.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser } from './browser.ts';
import { loginAs, newOfficer, seriousViolations } from './pages.ts';
import { startSystem } from './server.ts';

const example = (id: string) => JSON.parse(readFileSync(new URL(`../../schemas/procedures/examples/${id}.json`, import.meta.url), 'utf8'));
const SHOTS = process.env.SCREENSHOT_DIR ?? tmpdir();

t.test('the supervision page', async (t) => {
  const sys = await startSystem();
  t.teardown(() => sys.close());
  const { browser, close } = await launchBrowser();
  t.teardown(close);
  const { token, http } = sys;
  const [reception, supervisorApi] = await Promise.all(['reception', 'supervisor'].map(token));
  /** Receives a dossier; returns its code and the key of its open task once the engine created it. */
  const receive = async (procedureId: string) => {
    const res = await http('POST', '/api/dossiers', reception, { procedureId, channel: 'in_person', formData: example(procedureId) });
    t.equal(res.status, 201, `${procedureId} received`);
    const code = res.body.code as string;
    for (let i = 0; i < 200; i++) {
      const task = await sys.app.db.selectFrom('tasks').select('key').where('dossier_code', '=', code).where('state', '=', 'CREATED').where('step', '=', 'appraisal').executeTakeFirst();
      if (task) return { code, key: task.key };
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no task for ${code}`);
  };
  const a = await receive('copy-certification');
  const b = await receive('birth-registration');
  const totals = async () => (await http('GET', '/api/supervision/summary', supervisorApi)).body.totals as Record<string, number>;
  /** Waits until the four tiles show exactly these totals. */
  const tilesShow = (page: import('playwright-core').Page, want: Record<string, number>) => page.waitForFunction((w) =>
    Object.entries(w).every(([k, n]) => document.querySelector(`[data-testid=total-${k}]`)?.textContent === String(n)), want, { timeout: 15_000 });

  const { context, page, errors } = await newOfficer(browser);
  t.teardown(() => context.close());
  await loginAs(page, sys.url, 'supervisor', '/giam-sat');
  await page.getByRole('heading', { name: 'Giám sát giải quyết hồ sơ', level: 1 }).waitFor();
  const before = await totals();
  t.equal(before.overdue, 0);
  await tilesShow(page, before);
  t.pass('the tiles show the API\'s counts');
  t.equal(await page.locator('[data-testid="procedure-copy-certification"] th').textContent() !== null, true, 'a row per procedure');
  await page.getByText('Không có hồ sơ quá hạn.').waitFor();
  t.same(await seriousViolations(page), [], '1280×720: no serious or critical axe violation');
  await page.screenshot({ path: join(SHOTS, 'giam-sat-1280.png'), fullPage: false });

  // The step of dossier a turns overdue: the SLA sweep marks it, the task stream tells the page.
  await page.evaluate(() => Object.assign(window, { notReloaded: true }));
  // Through the engine: a row changed behind its back is put back by the projector's reconcile.
  await sys.app.engine.updateUserTask(a.key, { dueDate: new Date(Date.now() - 3 * 3600_000).toISOString() });
  const row = page.locator(`[data-testid=overdue-list] tr[data-code="${a.code}"]`);
  await row.waitFor({ timeout: 15_000 });
  t.ok(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded), 'appeared without a reload');
  const after = await totals();
  t.equal(after.overdue, 1);
  await tilesShow(page, after);
  t.pass('the tiles follow');
  t.match(await row.textContent(), /Nhóm Chuyên viên \(chưa ai nhận\)/, 'who holds it: the group, nobody claimed it');
  t.notOk(await page.locator(`[data-testid=overdue-list] tr[data-code="${b.code}"]`).count(), 'the other one is in time');
  t.same(await seriousViolations(page), [], 'with an overdue dossier: no serious or critical axe violation');
  await page.screenshot({ path: join(SHOTS, 'giam-sat.png'), fullPage: false });
  await row.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'giam-sat-overdue.png'), fullPage: false });

  await row.getByRole('button', { name: `Nhắc xử lý hồ sơ ${a.code}` }).click();
  await page.getByText(/Đã gửi nhắc nhở đến \d+ người\./).waitFor();
  t.pass('reminded');
  await row.getByRole('button', { name: `Giao lại hồ sơ ${a.code}` }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Cán bộ nhận').waitFor();
  t.same(await seriousViolations(page), [], 'the reassign dialog: no serious or critical axe violation');
  await dialog.getByRole('button', { name: 'Giao lại' }).click();
  await page.getByText('Đã giao cho Lê Văn Chuyên Viên.').waitFor();
  const holder = await sys.app.db.selectFrom('tasks').innerJoin('users', 'users.id', 'tasks.assignee_id').select('users.username').where('tasks.key', '=', a.key).executeTakeFirst();
  t.equal(holder?.username, 'specialist', 'reassigned');
  // The engine re-projects the task on assignment, with its real due date (this test moved it in the
  // database only): the row shows the new holder, or leaves the list.
  await page.waitForFunction((code) => {
    const r = document.querySelector(`[data-testid=overdue-list] tr[data-code="${code}"]`);
    return !r || r.textContent?.includes('Lê Văn Chuyên Viên');
  }, a.code, { timeout: 15_000 });
  t.pass('the list follows the reassignment');

  await page.getByRole('button', { name: 'Xem báo cáo' }).click();
  const report = page.getByTestId('ii06a');
  await report.waitFor();
  const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
  const api = (await http('GET', `/api/reports/ii06a?from=${today.slice(0, 8)}01&to=${today}`, supervisorApi)).body as { total: { received: { total: number } } };
  t.equal(await report.locator('tfoot td').first().textContent(), String(api.total.received.total), 'the report\'s total as the API counts it');
  t.same(await seriousViolations(page), [], 'with the report: no serious or critical axe violation');

  await page.setViewportSize({ width: 1024, height: 768 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SHOTS, 'giam-sat-1024.png'), fullPage: false });
  await page.screenshot({ path: join(SHOTS, 'giam-sat-full.png'), fullPage: true });
  t.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling at 1024×768');
  t.same(errors, [], 'no script error');
});
