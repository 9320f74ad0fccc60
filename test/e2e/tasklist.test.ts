/**
 * The task list in a real browser on the real system: a new task appears live; a specialist claims
 * it from the keyboard, opens it, finds only the outcomes the procedure allows, gets the API's error
 * beside the note and completes it; a colleague's claim shows live in other lists; filters, the
 * URL and saved filters; no serious accessibility violation; a 10-inch tablet fits.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { announced, loginAs, newOfficer, seriousViolations } from './pages.ts';
import { PASSWORD, startSystem } from './server.ts';

const example = (id: string) => JSON.parse(readFileSync(new URL(`../../schemas/procedures/examples/${id}.json`, import.meta.url), 'utf8'));
const rows = (page: Page) => page.locator('[role="row"][data-key]');
const row = (page: Page, code: string) => rows(page).filter({ hasText: code });
const codesOf = (page: Page) => page.$$eval('[role="row"][data-key] .trow__code', (els) => els.map((e) => e.textContent ?? ''));
/** Waits until the list shows exactly these dossiers. */
const showsExactly = (page: Page, codes: string[]) => page.waitForFunction((want) => {
  const got = Array.from(document.querySelectorAll('[role="row"][data-key] .trow__code')).map((e) => e.textContent).sort();
  return JSON.stringify(got) === JSON.stringify([...want].sort());
}, codes, { timeout: 60_000 });

t.test('the task list', async (t) => {
  const sys = await startSystem();
  t.teardown(() => sys.close());
  const { browser, close } = await launchBrowser();
  t.teardown(close);

  const { token, http } = sys;
  const [admin, reception, specialistApi] = await Promise.all(['admin', 'reception', 'specialist'].map(token));
  const created = await http('POST', '/api/users', admin, { username: 'specialist2', fullName: 'Võ Văn Hai', agencyId: 'xa-demo-ubnd', roles: ['specialist'], password: PASSWORD });
  t.equal(created.status, 201, 'a second specialist of the unit');

  /** Receives a dossier at the counter; returns its code once its appraisal task is in the unit's list. */
  const receive = async (procedureId: string, applicantName?: string) => {
    const formData = example(procedureId);
    if (applicantName) formData.applicant.fullName = applicantName;
    const res = await http('POST', '/api/dossiers', reception, { procedureId, channel: 'in_person', formData });
    t.equal(res.status, 201, `${procedureId} received`);
    const code = res.body.code as string;
    for (let i = 0; i < 200; i++) {
      const list = await http('GET', `/api/tasks?q=${encodeURIComponent(code)}`, specialistApi);
      const task = list.body.items?.find((x) => (x.dossier as { code: string } | null)?.code === code);
      if (task) return { code, key: task.key as string };
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no task for ${code}`);
  };

  const specialist = await newOfficer(browser);
  const colleague = await newOfficer(browser);
  const leader = await newOfficer(browser);
  await loginAs(specialist.page, sys.url, 'specialist', '/cong-viec');
  await loginAs(colleague.page, sys.url, 'specialist2', '/cong-viec?view=groups');
  await loginAs(leader.page, sys.url, 'leader', '/cong-viec');
  const sp = specialist.page;
  await sp.getByRole('heading', { name: 'Công việc', level: 1 }).waitFor();
  await sp.getByRole('group', { name: 'Phạm vi' }).getByRole('button', { name: 'Nhóm của tôi' }).click();
  await sp.waitForURL(/view=groups/);
  await sp.getByText('Không có công việc nào phù hợp.').waitFor();
  // Marks each page: a reload would lose the mark.
  for (const p of [sp, colleague.page, leader.page]) await p.evaluate(() => Object.assign(window, { notReloaded: true }));

  let a = { code: '', key: '' };
  let b = { code: '', key: '' };
  let c = { code: '', key: '' };
  let d = { code: '', key: '' };
  await t.test('a new task appears in every open list without a reload', async (t) => {
    a = await receive('copy-certification');
    b = await receive('birth-registration', 'Trần Thị Bích');
    for (const p of [sp, colleague.page, leader.page]) {
      await row(p, a.code).waitFor();
      await row(p, b.code).waitFor();
      t.ok(await p.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded), 'the page was not reloaded');
    }
    t.match(await row(sp, a.code).textContent(), /Thẩm định/, 'the step in Vietnamese');
    t.match(await row(sp, a.code).textContent(), /Chứng thực bản sao từ bản chính/, 'the procedure');
    t.equal(await row(sp, a.code).getByRole('link', { name: a.code }).getAttribute('href'), `/ho-so/${a.code}`, 'the code links to the dossier');
    t.ok(await row(sp, a.code).locator('.sla__state').count(), 'the due time in colour');
    t.same(await seriousViolations(sp), [], 'axe: the list has no serious or critical violation');
  });

  await t.test('the specialist claims from the keyboard; the colleague and the leader see it live', async (t) => {
    await rows(sp).first().focus();
    for (let i = 0; i < 5 && (await sp.evaluate(() => document.activeElement?.getAttribute('data-key'))) !== a.key; i++) await sp.keyboard.press('ArrowDown');
    t.equal(await sp.evaluate(() => document.activeElement?.getAttribute('data-key')), a.key, 'the arrows reach the row');
    await sp.keyboard.press('c');
    await announced(sp, `Đã nhận xử lý hồ sơ ${a.code}`);
    await row(sp, a.code).waitFor({ state: 'detached' });
    await sp.waitForFunction((key) => document.activeElement?.getAttribute('data-key') === key, b.key);
    t.pass('the focus stays in the list, on the next row');
    await row(colleague.page, a.code).waitFor({ state: 'detached' });
    t.pass('a claimed task leaves the group lists, the colleague\'s too, without a reload');
    await row(leader.page, a.code).locator('.trow__assignee', { hasText: 'Lê Văn Chuyên Viên' }).waitFor();
    t.pass('the leader\'s agency view shows who claimed it');
    // The colleague claims B with the row's button: it changes in the others' lists.
    await row(colleague.page, b.code).getByRole('button', { name: `Nhận xử lý hồ sơ ${b.code}` }).click();
    await row(sp, b.code).waitFor({ state: 'detached' });
    await row(leader.page, b.code).locator('.trow__assignee', { hasText: 'Võ Văn Hai' }).waitFor();
    for (const p of [sp, colleague.page, leader.page]) t.ok(await p.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded), 'no reload');
  });

  await t.test('the open task offers only the allowed outcomes; the API\'s error shows beside the note; completing removes it', async (t) => {
    await sp.getByRole('group', { name: 'Phạm vi' }).getByRole('button', { name: 'Của tôi', exact: true }).click();
    await row(sp, a.code).waitFor();
    t.match(await row(sp, a.code).textContent(), /Tôi/, 'mine');
    await row(sp, a.code).focus();
    await sp.keyboard.press('Enter');
    await sp.waitForURL((u) => u.pathname === `/cong-viec/${a.key}`);
    t.equal(await row(sp, a.code).getAttribute('aria-selected'), 'true', 'the open task is selected in the list');
    await sp.waitForFunction(() => document.activeElement?.id === 'task-heading');
    t.pass('Enter takes the focus to the task');
    await sp.keyboard.press('Escape');
    t.equal(await sp.evaluate(() => document.activeElement?.getAttribute('data-key')), a.key, 'Escape brings it back to the row');
    const form = sp.getByTestId('task-form');
    await form.getByRole('radio').first().waitFor();
    const labels = await form.locator('.fjs-form-field-radio label.fjs-form-field-label:not(:first-child)').allTextContents();
    t.same(labels.map((l) => l.trim()), ['Đủ điều kiện, trình duyệt', 'Không đủ điều kiện', 'Yêu cầu bổ sung'], 'only the outcomes the procedure allows, in Vietnamese');
    t.equal(await form.getByRole('radio', { name: 'Cần xác minh' }).count(), 0, 'no verification for this procedure');
    await sp.getByRole('heading', { name: 'Thông tin hồ sơ' }).waitFor();
    await sp.getByText('Nguyễn Văn An').first().waitFor();
    t.same(await seriousViolations(sp), [], 'axe: the open task has no serious or critical violation');

    await form.getByRole('radio', { name: 'Không đủ điều kiện' }).check();
    await sp.getByRole('button', { name: 'Hoàn thành' }).click();
    const note = form.locator('.fjs-form-field-textarea');
    await note.locator('.fjs-form-field-error', { hasText: /là trường bắt buộc/i }).waitFor();
    const described = await note.locator('textarea').getAttribute('aria-describedby');
    t.ok(described && await sp.locator(`[id="${described.split(' ').pop()}"]`).count(), 'the error is tied to the note');
    t.equal((await http('GET', `/api/tasks/${a.key}`, specialistApi)).body.state, 'CREATED', 'nothing completed');

    await form.getByRole('radio', { name: 'Đủ điều kiện, trình duyệt' }).check();
    await sp.getByRole('button', { name: 'Hoàn thành' }).click();
    await sp.waitForURL((u) => u.pathname === '/cong-viec');
    await row(sp, a.code).waitFor({ state: 'detached' });
    await announced(sp, `Đã hoàn thành công việc của hồ sơ ${a.code}`);
    t.equal((await http('GET', `/api/tasks/${a.key}`, specialistApi)).body.state, 'COMPLETED', 'completed with its outcome');
  });

  await t.test('filters change the rows and live in the URL; a saved filter is re-applied', async (t) => {
    c = await receive('marriage-registration');
    d = await receive('death-registration', 'Phạm Thị Dung');
    // Due times set so that the states do not depend on the hour the test runs; through the engine, as a
    // procedure's controller would change them (a row changed behind its back is put back by the reconcile).
    const hour = 3_600_000;
    const due = (key: string, at: number) => sys.app.engine.updateUserTask(key, { dueDate: new Date(at).toISOString() });
    await due(c.key, Date.now() - hour);
    await due(d.key, Date.now() + hour);
    await sp.getByRole('group', { name: 'Phạm vi' }).getByRole('button', { name: 'Nhóm của tôi' }).click();
    await showsExactly(sp, [c.code, d.code]);

    await sp.getByRole('checkbox', { name: 'Quá hạn' }).check();
    await showsExactly(sp, [c.code]);
    await sp.waitForURL(/overdue=true/);
    t.match(await row(sp, c.code).locator('.sla__state').textContent(), /Quá hạn/);
    await sp.getByRole('checkbox', { name: 'Quá hạn' }).uncheck();
    await sp.getByRole('checkbox', { name: 'Sắp đến hạn' }).check();
    await showsExactly(sp, [d.code]);
    await sp.getByRole('checkbox', { name: 'Sắp đến hạn' }).uncheck();
    await sp.getByLabel('Tìm công việc').fill('pham thi dung');
    await showsExactly(sp, [d.code]);
    await sp.waitForURL(/q=pham/);
    await sp.reload();
    await showsExactly(sp, [d.code]);
    t.equal(await sp.getByLabel('Tìm công việc').inputValue(), 'pham thi dung', 'the filters come back from the URL');
    await sp.getByRole('button', { name: 'Xóa bộ lọc' }).click();
    await showsExactly(sp, [c.code, d.code]);

    await sp.getByRole('checkbox', { name: 'Quá hạn' }).check();
    await showsExactly(sp, [c.code]);
    await sp.getByRole('button', { name: /Lưu bộ lọc/ }).click();
    const dialog = sp.getByRole('dialog', { name: 'Lưu bộ lọc' });
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await dialog.getByText('Bắt buộc nhập').waitFor();
    t.pass('a filter without a name is refused beside the name');
    await dialog.getByLabel('Tên bộ lọc').fill('Việc quá hạn');
    await dialog.getByRole('checkbox', { name: 'Chia sẻ với cán bộ trong cơ quan' }).check();
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await sp.getByRole('button', { name: 'Xóa bộ lọc' }).click();
    await showsExactly(sp, [c.code, d.code]);
    await sp.getByRole('button', { name: /Bộ lọc đã lưu/ }).click();
    await sp.getByRole('button', { name: /^Việc quá hạn/ }).click();
    await showsExactly(sp, [c.code]);
    t.ok(await sp.getByRole('checkbox', { name: 'Quá hạn' }).isChecked(), 'the saved filter is applied');
    t.match(sp.url(), /view=groups/);
    t.match(sp.url(), /overdue=true/);
    const colleagues = await http('GET', '/api/saved-filters', await token('specialist2'));
    t.ok((colleagues.body as unknown as Array<{ name: string }>).some((f) => f.name === 'Việc quá hạn'), 'shared within the agency');
  });

  await t.test('request a supplement and hand to a colleague, each asking in a dialog', async (t) => {
    await row(sp, c.code).getByRole('button', { name: `Nhận xử lý hồ sơ ${c.code}` }).click();
    await row(sp, c.code).waitFor({ state: 'detached' });
    await sp.goto(`${sys.url}/cong-viec?view=mine`);
    await row(sp, c.code).click();
    await sp.waitForURL((u) => u.pathname === `/cong-viec/${c.key}`);
    await sp.getByRole('button', { name: 'Yêu cầu bổ sung' }).click();
    const supplement = sp.getByRole('dialog', { name: 'Yêu cầu bổ sung' });
    await supplement.getByRole('button', { name: 'Gửi' }).click();
    await supplement.getByText('Bắt buộc nhập').waitFor();
    t.equal(await supplement.getByRole('textbox').getAttribute('aria-invalid'), 'true', 'the empty list is marked beside its field');
    await supplement.getByRole('button', { name: 'Hủy' }).click();
    await sp.getByRole('button', { name: 'Chuyển cho cán bộ khác' }).click();
    const handoff = sp.getByRole('dialog', { name: 'Chuyển cho cán bộ khác' });
    const options = await handoff.getByRole('combobox').locator('option').allTextContents();
    t.same(options.slice(1), ['Võ Văn Hai (specialist2)'], 'the colleagues of the group, not oneself');
    await handoff.getByRole('combobox').selectOption({ label: 'Võ Văn Hai (specialist2)' });
    await handoff.getByRole('button', { name: 'Gửi' }).click();
    await announced(sp, 'Đã chuyển công việc cho Võ Văn Hai');
    await row(sp, c.code).waitFor({ state: 'detached' });
    await sp.locator('.tpanel__meta', { hasText: 'Võ Văn Hai' }).waitFor();
    t.equal(((await http('GET', `/api/tasks/${c.key}`, specialistApi)).body.assignee as { username: string }).username, 'specialist2', 'handed over');
  });

  await t.test('a 10-inch tablet: the list and the open task fit side by side', async (t) => {
    const tablet = await newOfficer(browser, { width: 1024, height: 768 });
    await loginAs(tablet.page, sys.url, 'specialist', '/cong-viec?view=groups');
    await rows(tablet.page).first().click();
    await tablet.page.getByTestId('task-form').getByRole('radio').first().waitFor();
    t.ok(await tablet.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no horizontal scrolling');
    t.ok(await tablet.page.getByRole('grid').isVisible(), 'the list stays beside the task');
    t.same(tablet.errors, [], 'no page error');
    await tablet.context.close();
  });

  // form-js's radio group reads its ref in its blur handler; Chromium fires blur when the focused field
  // is removed, so redrawing a form that holds the focus must take the focus out first.
  await t.test('a task given back elsewhere while its outcome has the focus: the form turns read-only, no page error', async (t) => {
    t.equal((await http('POST', `/api/tasks/${d.key}/claim`, specialistApi)).status, 200, 'claimed');
    await sp.goto(`${sys.url}/cong-viec/${d.key}`);
    const form = sp.getByTestId('task-form');
    await sp.getByRole('button', { name: 'Hoàn thành' }).waitFor();
    await form.getByRole('radio').first().focus();
    t.equal((await http('POST', `/api/tasks/${d.key}/unclaim`, specialistApi)).status, 200, 'given back from another tab');
    await sp.getByText('Nhận xử lý công việc này để điền kết quả.').waitFor();
    await form.getByRole('radio').first().waitFor();
    t.equal(await sp.getByRole('button', { name: 'Hoàn thành' }).count(), 0, 'nothing to complete');
    t.same(specialist.errors, [], 'no page error');
  });

  for (const [name, o] of [['specialist', specialist], ['colleague', colleague], ['leader', leader]] as const) {
    t.same(o.errors, [], `no page error (${name})`);
    await o.context.close();
  }

  // Ten thousand tasks written at once, while no list is open, as if they were there already. They are
  // handoff tasks: the projector's reconcile closes user tasks the engine does not know, and would close
  // these (which no engine holds) under a slow machine before the list is read.
  await t.test('ten thousand open tasks: the server pages them', async (t) => {
    await sql`insert into tasks (key, kind, process_instance_key, bpmn_process_id, element_id, name, step, dossier_code, agency_id, candidate_groups, state, sla_state, due_at, created_at)
      select 'bulk-' || g, 'handoff', 'bulk', 'motcua-copy-certification', 'Task_appraisal', 'Thẩm định', 'appraisal', 'BULK-' || lpad(g::text, 5, '0'), 'xa-demo-ubnd', '{specialist}', 'CREATED', 'in_time',
        now() + interval '30 days' + g * interval '1 minute', now()
      from generate_series(1, 10000) g`.execute(sys.app.db);
    const { page, errors, context } = await newOfficer(browser);
    await loginAs(page, sys.url, 'specialist', '/cong-viec?view=groups');
    await page.getByText('1.000+ công việc').waitFor(); // the server counts up to 1,000
    t.equal(await rows(page).count(), 25, 'one page of 25');
    t.same((await codesOf(page)).slice(0, 2), [d.code, 'BULK-00001'], 'oldest due first');
    t.same(await seriousViolations(page), [], 'axe: the capped count and its pages have no serious or critical violation');
    await page.screenshot({ path: join(process.env.SCREENSHOT_DIR ?? tmpdir(), 'cong-viec-nhieu.png') });
    await page.getByRole('navigation', { name: /Trang 1\/40\b/ }).getByRole('button', { name: /Trang sau/ }).click();
    await page.waitForURL(/page=2/);
    await row(page, 'BULK-00025').waitFor();
    t.equal(await rows(page).count(), 25, 'the second page');
    await page.getByRole('checkbox', { name: 'Sắp đến hạn' }).check();
    await showsExactly(page, [d.code]);
    t.notMatch(page.url(), /page=/, 'a filter starts again at page 1');
    t.same(errors, [], 'no page error');
    await context.close();
  });
});
