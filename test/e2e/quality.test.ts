/**
 * The service-quality pages in a real browser on the real system: trends (chart drawn by chart.js,
 * its table and summary showing the API's figures; per week; a period with from after to shows the
 * API's error beside the field), the Decision 766 index (the API's total, criteria not measured
 * marked so), the staff view (one row per officer as the API counts); reached from `/giam-sat` by
 * its navigation, and by keyboard; axe-core clean on each.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser } from './browser.ts';
import { loginAs, newOfficer, seriousViolations } from './pages.ts';
import { startSystem } from './server.ts';
import { classifyFinished } from '../../api/domain/sla/classify.ts';

const example = (id: string) => JSON.parse(readFileSync(new URL(`../../schemas/procedures/examples/${id}.json`, import.meta.url), 'utf8'));
const SHOTS = process.env.SCREENSHOT_DIR ?? tmpdir();
const DAY = 86_400_000;

t.test('the service-quality pages', async (t) => {
  const sys = await startSystem();
  t.teardown(() => sys.close());
  const { browser, close } = await launchBrowser();
  t.teardown(close);
  const { token, http } = sys;
  const db = sys.app.db;
  const [reception, specialist, leader, supervisorApi] = await Promise.all(['reception', 'specialist', 'leader', 'supervisor'].map(token));
  const openTask = async (code: string, step: string) => {
    for (let i = 0; i < 300; i++) {
      const task = await db.selectFrom('tasks').select('key').where('dossier_code', '=', code).where('state', '=', 'CREATED').where('step', '=', step).executeTakeFirst();
      if (task) return task.key;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no ${step} task for ${code}`);
  };
  const complete = async (code: string, step: string, as: string, variables: object) => {
    const res = await http('POST', `/api/tasks/${await openTask(code, step)}/complete`, as, { variables });
    t.equal(res.status, 200, `${code} ${step} completed`);
  };
  const codes: string[] = [];
  for (const id of ['copy-certification', 'birth-registration', 'copy-certification', 'birth-registration', 'copy-certification']) {
    const res = await http('POST', '/api/dossiers', reception, { procedureId: id, channel: 'in_person', formData: example(id) });
    t.equal(res.status, 201, `${id} received`);
    codes.push(res.body.code as string);
  }
  for (const code of codes.slice(0, 4)) await complete(code, 'appraisal', specialist, { appraisal: { outcome: 'ok' } });
  for (const code of codes.slice(0, 3)) await complete(code, 'approval', leader, { approval: { outcome: 'approve' } });
  for (const code of codes.slice(0, 3)) {
    for (let i = 0; i < 300 && !(await db.selectFrom('dossiers').select('finished_at').where('code', '=', code).executeTakeFirstOrThrow()).finished_at; i++) await new Promise((r) => setTimeout(r, 100));
  }
  // History for the trends: two of the finished dossiers as if received and resolved in earlier months (one late).
  for (const [i, days, late] of [[0, 62, false], [1, 31, true]] as const) {
    const d = await db.selectFrom('dossiers').select(['id', 'received_at', 'due_at', 'finished_at']).where('code', '=', codes[i]!).executeTakeFirstOrThrow();
    const shift = (x: Date | null) => (x ? new Date(x.getTime() - days * DAY) : null);
    await db.updateTable('dossiers').set({ received_at: shift(d.received_at), finished_at: shift(d.finished_at), due_at: late ? new Date(shift(d.finished_at)!.getTime() - DAY) : shift(d.due_at) }).where('id', '=', d.id).execute();
  }

  const { context, page, errors } = await newOfficer(browser);
  t.teardown(() => context.close());
  await loginAs(page, sys.url, 'supervisor', '/giam-sat');
  await page.getByRole('heading', { name: 'Giám sát giải quyết hồ sơ', level: 1 }).waitFor();
  const nav = page.getByRole('navigation', { name: 'Chất lượng phục vụ' });
  const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
  const start = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
  start.setUTCMonth(start.getUTCMonth() - 5);
  const from = start.toISOString().slice(0, 10);

  await t.test('trends: chart, summary and table show the API\'s figures; per week; bad period', async (t) => {
    await nav.getByRole('link', { name: 'Xu hướng' }).click();
    await page.getByRole('heading', { name: 'Xu hướng tiếp nhận và giải quyết', level: 1 }).waitFor();
    await page.locator('.qa-chart[data-ready="true"]').waitFor({ timeout: 20_000 });
    const api = (await http('GET', `/api/supervision/trends?from=${from}&to=${today}&granularity=month`, supervisorApi)).body as unknown as { buckets: unknown[]; total: Record<string, number> };
    // Early or on time depends on the hour the test runs (a same-day procedure received before 15:00 is due that
    // day, after 15:00 the next working day): the expectation is the domain rule applied to the rows.
    const resolved = await db.selectFrom('dossiers').select(['due_at', 'finished_at']).where('code', 'in', codes.slice(0, 3)).execute();
    const outcomes = resolved.map((d) => classifyFinished(d.due_at!, d.finished_at!));
    const expected = { received: 5, early: outcomes.filter((o) => o === 'early').length, onTime: outcomes.filter((o) => o === 'on_time').length, late: outcomes.filter((o) => o === 'late').length };
    t.equal(expected.late, 1, 'one of the three resolved was made late');
    t.same(api.total, expected, 'five received, three resolved, one late');
    const table = page.locator('.qa-table').first();
    const total = await table.locator('tbody tr').last().locator('td').allTextContents();
    t.same(total, [api.total.received, api.total.early, api.total.onTime, api.total.late].map(String), 'the table\'s total row is the API\'s');
    t.equal(await table.locator('tbody tr').count(), api.buckets.length + 1, 'a row per month and the total');
    const summary = await page.getByTestId('trends-summary').textContent();
    t.match(summary, `tiếp nhận 5 hồ sơ; giải quyết 3 (sớm hạn ${expected.early}, đúng hạn ${expected.onTime}, trễ hạn 1`);
    t.match(await page.locator('.qa-chart canvas').getAttribute('aria-label'), /Biểu đồ xu hướng\. Từ .* Số liệu chi tiết ở bảng dưới\./, 'the chart is labelled with the summary');
    t.same(await seriousViolations(page), [], 'no serious or critical axe violation');
    await page.screenshot({ path: join(SHOTS, 'giam-sat-xu-huong.png'), fullPage: false });

    await page.getByLabel('Theo', { exact: true }).selectOption('week');
    await page.getByRole('button', { name: 'Xem' }).click();
    await page.waitForURL(/granularity=week/);
    const weeks = (await http('GET', `/api/supervision/trends?from=${from}&to=${today}&granularity=week`, supervisorApi)).body as unknown as { buckets: unknown[] };
    await page.waitForFunction((n) => document.querySelectorAll('.qa-table')[0]?.querySelectorAll('tbody tr').length === n, weeks.buckets.length + 1);
    t.pass('a row per week');
    await page.reload();
    await page.locator('.qa-chart[data-ready="true"]').waitFor({ timeout: 20_000 });
    t.equal(await page.getByLabel('Theo', { exact: true }).inputValue(), 'week', 'the period and filters are kept in the URL: a reload keeps them');
    t.equal(await page.locator('.qa-table').first().locator('tbody tr').count(), weeks.buckets.length + 1);

    await page.getByLabel('Từ ngày').fill('2026-12-31');
    await page.getByLabel('Đến ngày').fill('2026-01-01');
    await page.getByRole('button', { name: 'Xem' }).click();
    const fromError = page.locator('.field--error', { has: page.getByLabel('Từ ngày') });
    await fromError.getByText('phải không sau ngày kết thúc (to)').waitFor();
    t.equal(await page.getByLabel('Từ ngày').getAttribute('aria-invalid'), 'true', 'the API\'s error beside the from field');
    t.same(await seriousViolations(page), [], 'with the error: no serious or critical axe violation');
  });

  await t.test('the Decision 766 index: the API\'s total; not measured criteria', async (t) => {
    await nav.getByRole('link', { name: 'Chỉ số QĐ 766' }).click();
    const total = page.getByTestId('index-total');
    await total.waitFor();
    const api = (await http('GET', `/api/reports/decision-766?from=${today.slice(0, 8)}01&to=${today}`, supervisorApi)).body as unknown as { total: { points: number; measuredMaxPoints: number }; criteria: Array<{ measured: boolean }> };
    const points = api.total.points.toLocaleString('vi-VN', { maximumFractionDigits: 2 });
    t.match(await total.textContent(), `${points} điểm trên ${api.total.measuredMaxPoints} điểm đo được`);
    t.equal(await page.locator('[data-measured="false"]').count(), api.criteria.filter((c) => !c.measured).length);
    t.equal(await page.locator('[data-measured="false"]').first().getByText('Chưa đo', { exact: true }).count(), 1, 'shown as not measured');
    t.equal(await page.getByTestId('index-groups').locator('tbody tr').count(), 6, 'six groups');
    t.same(await seriousViolations(page), [], 'no serious or critical axe violation');
    await page.screenshot({ path: join(SHOTS, 'giam-sat-chi-so-766.png'), fullPage: false });
    await page.screenshot({ path: join(tmpdir(), 'giam-sat-chi-so-766-full.png'), fullPage: true });
  });

  await t.test('the staff view: a row per officer as the API counts, reached by keyboard', async (t) => {
    const link = nav.getByRole('link', { name: 'Cán bộ' });
    await link.focus();
    await page.keyboard.press('Enter');
    const table = page.getByTestId('staff-table');
    await table.waitFor();
    const api = (await http('GET', `/api/supervision/staff?from=${today.slice(0, 8)}01&to=${today}`, supervisorApi)).body as unknown as { items: Array<{ username: string; completed: number }> };
    t.equal(await table.locator('tbody tr').count(), api.items.length);
    const spec = api.items.find((o) => o.username === 'specialist')!;
    t.equal(spec.completed, 4);
    t.equal(await table.locator('tr[data-username="specialist"] td').first().textContent(), '4');
    t.same(await seriousViolations(page), [], 'no serious or critical axe violation');
    await page.screenshot({ path: join(SHOTS, 'giam-sat-can-bo.png'), fullPage: false });
  });

  await t.test('in English: the index with its labels and the API\'s English rules', async (t) => {
    await nav.getByRole('link', { name: 'Chỉ số QĐ 766' }).click();
    await page.getByTestId('index-total').waitFor();
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { name: 'Service index for citizens and businesses (Decision 766/QĐ-TTg)', level: 1 }).waitFor();
    await page.getByTestId('index-total').getByText(/points out of \d+ measured/).waitFor();
    t.ok(await page.getByText('Not measured', { exact: true }).first().isVisible(), 'not measured, in English');
    t.ok(await page.getByText(/motcua does not record the reuse of digitised data yet/).isVisible(), 'the rule in English');
    t.same(await seriousViolations(page), [], 'in English: no serious or critical axe violation');
    await page.getByRole('button', { name: 'Chuyển sang tiếng Việt' }).click();
  });

  t.same(errors, [], 'no script error');
});
