/**
 * The heatmap of /giam-sat in a real browser on the real system: two dossiers received through the
 * API wait at the appraisal step; its badge on the diagram shows the API's count; clicking it lists
 * them (links to their pages); the steps' table does the same from the keyboard; one turning
 * overdue shows in red without a reload; axe-core clean.
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

t.test('the heatmap on the supervision page', async (t) => {
  const sys = await startSystem();
  t.teardown(() => sys.close());
  const { browser, close } = await launchBrowser();
  t.teardown(close);
  const { token } = sys;
  const [reception, supervisorApi] = await Promise.all(['reception', 'supervisor'].map(token));
  const procedureId = 'copy-certification';
  const codes: string[] = [];
  let elementId = '';
  for (let n = 0; n < 2; n++) {
    const res = await fetch(`${sys.url}/api/dossiers`, { method: 'POST', headers: { authorization: `Bearer ${reception}`, 'content-type': 'application/json' }, body: JSON.stringify({ procedureId, channel: 'in_person', formData: example(procedureId) }) });
    t.equal(res.status, 201, 'received');
    const code = ((await res.json()) as { code: string }).code;
    codes.push(code);
    for (let i = 0; i < 200 && !elementId; i++) {
      const task = await sys.app.db.selectFrom('tasks').select('element_id').where('dossier_code', '=', code).where('state', '=', 'CREATED').where('step', '=', 'appraisal').executeTakeFirst();
      if (task) elementId = task.element_id;
      else await new Promise((r) => setTimeout(r, 100));
    }
    for (let i = 0; i < 200; i++) {
      if (await sys.app.db.selectFrom('tasks').select('key').where('dossier_code', '=', code).where('state', '=', 'CREATED').where('step', '=', 'appraisal').executeTakeFirst()) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  t.ok(elementId, 'the appraisal step\'s element');
  const heat = await (await fetch(`${sys.url}/api/supervision/heatmap?procedureId=${procedureId}`, { headers: { authorization: `Bearer ${supervisorApi}` } })).json() as { elements: Array<{ elementId: string; waiting: number; overdue: number }> };
  const waiting = heat.elements.find((e) => e.elementId === elementId)?.waiting;
  t.equal(waiting, 2, 'the API counts the two dossiers at appraisal');

  const { context, page, errors } = await newOfficer(browser);
  t.teardown(() => context.close());
  await loginAs(page, sys.url, 'supervisor', '/giam-sat');
  const section = page.getByRole('region', { name: 'Sơ đồ nhiệt' });
  await section.waitFor();
  await section.getByLabel('Thủ tục', { exact: true }).selectOption(procedureId);
  const badge = page.locator(`[data-testid="heat-badge-${elementId}"]`);
  await badge.waitFor();
  t.equal((await badge.locator('.sv-heat__n').textContent())?.trim(), String(waiting), 'the badge shows the dossiers waiting at appraisal');
  t.equal(await page.getByRole('button', { name: /: 2 hồ sơ đang chờ$/ }).getAttribute('data-testid'), `heat-badge-${elementId}`, 'the badge is named by its text');
  await section.scrollIntoViewIfNeeded();
  t.same(await seriousViolations(page), [], 'the heatmap: no serious or critical axe violation');
  await page.screenshot({ path: join(SHOTS, 'giam-sat-heatmap.png'), fullPage: false });

  await badge.click();
  const list = page.getByTestId('heat-items');
  for (const code of codes) await list.locator(`tr[data-code="${code}"]`).waitFor();
  t.equal(await list.locator('tbody tr').count(), 2, 'clicking the badge lists the two dossiers');
  t.equal(await list.getByRole('link', { name: codes[0] }).getAttribute('href'), `/ho-so/${codes[0]}`, 'each links to its page');
  t.same(await seriousViolations(page), [], 'with the list: no serious or critical axe violation');
  await list.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'giam-sat-heatmap-list.png'), fullPage: false });

  // The text alternative, from a fresh page: the steps' table, each step a button, from the keyboard.
  await page.reload();
  await section.getByLabel('Thủ tục', { exact: true }).selectOption(procedureId);
  const row = page.locator(`[data-testid=heat-steps] tr[data-element="${elementId}"]`);
  await row.waitFor();
  t.equal(await row.locator('td').first().textContent(), String(waiting), 'the table gives the same count');
  t.equal(await page.getByTestId('heat-items').count(), 0, 'nothing listed yet');
  await row.getByRole('button').focus();
  await page.keyboard.press('Enter');
  for (const code of codes) await page.getByTestId('heat-items').locator(`tr[data-code="${code}"]`).waitFor();
  t.equal(await row.getAttribute('aria-current'), 'true', 'chosen from the keyboard: its dossiers listed');

  // One of them turns overdue: the SLA sweep marks it, the task stream reloads the page's figures.
  // Through the engine: a row changed behind its back is put back by the projector's reconcile.
  const late = await sys.app.db.selectFrom('tasks').select('key').where('dossier_code', '=', codes[0]!).where('state', '=', 'CREATED').where('kind', '=', 'user_task').execute();
  for (const { key } of late) await sys.app.engine.updateUserTask(key, { dueDate: new Date(Date.now() - 3 * 3600_000).toISOString() });
  await badge.locator('.sv-heat__late').waitFor({ timeout: 15_000 });
  t.equal(await badge.locator('.sv-heat__late').textContent(), '1', 'the overdue count in red on the badge');
  t.equal(await row.locator('td').nth(1).textContent(), '1', 'and in the table');
  t.same(await seriousViolations(page), [], 'with an overdue dossier: no serious or critical axe violation');
  await section.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'giam-sat-heatmap-overdue.png'), fullPage: false });
  t.same(errors, [], 'no script error');
});
