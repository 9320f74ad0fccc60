/**
 * The process modeler (/quy-trinh) in a real browser on the real system: a procedure controller opens
 * marriage registration, makes room with the space tool, drops a task on the flow before the appraisal,
 * applies the appraisal template (a group, one working day), names it and deploys; a dossier received
 * before stays on version 1 while a new one reaches the new step; a diagram with an element the engines
 * do not run is refused with the marker on that element; the diff shows the added step; axe-core clean.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { loginAs, newOfficer, seriousViolations } from './pages.ts';
import { startSystem, type RunningSystem } from './server.ts';

const example = (id: string) => JSON.parse(readFileSync(new URL(`../../schemas/procedures/examples/${id}.json`, import.meta.url), 'utf8'));
const shipped = readFileSync(new URL('../../processes/marriage-registration.bpmn', import.meta.url), 'utf8');
const SHOTS = process.env.SCREENSHOT_DIR ?? tmpdir();
const PROCEDURE = 'marriage-registration';

async function receive(sys: RunningSystem, token: string): Promise<string> {
  const res = await fetch(`${sys.url}/api/dossiers`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ procedureId: PROCEDURE, channel: 'in_person', formData: example(PROCEDURE) }) });
  if (res.status !== 201) throw new Error(`receive: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { code: string }).code;
}

/** The open task of a dossier (persisted state, polled). */
async function openTask(sys: RunningSystem, code: string, elementId?: string): Promise<{ element_id: string; process_instance_key: string } | undefined> {
  for (let i = 0; i < 300; i++) {
    let q = sys.app.db.selectFrom('tasks').select(['element_id', 'process_instance_key']).where('dossier_code', '=', code).where('state', '=', 'CREATED');
    if (elementId) q = q.where('element_id', '=', elementId);
    const task = await q.executeTakeFirst();
    if (task) return task;
    await new Promise((r) => setTimeout(r, 100));
  }
  return undefined;
}

const centre = async (page: Page, selector: string) => {
  const box = await page.locator(selector).boundingBox();
  if (!box) throw new Error(`no box for ${selector}`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
};

t.test('the procedure controller\'s modeler', async (t) => {
  const sys = await startSystem();
  t.teardown(() => sys.close());
  const { browser, close } = await launchBrowser();
  t.teardown(close);
  const reception = await sys.token('reception');

  const before = await receive(sys, reception);
  const oldTask = await openTask(sys, before, 'Task_appraisal');
  t.ok(oldTask, 'a dossier received before waits at the appraisal of version 1');

  const { context, page, errors } = await newOfficer(browser, { width: 1440, height: 900 });
  t.teardown(() => context.close());
  await loginAs(page, sys.url, 'controller', '/quy-trinh');
  await page.getByTestId(`md-open-${PROCEDURE}`).waitFor();
  t.same(await seriousViolations(page), [], 'the list of processes: no serious or critical axe violation');
  await page.screenshot({ path: join(SHOTS, 'quy-trinh-danh-sach.png') });
  await page.getByTestId(`md-open-${PROCEDURE}`).click();
  await page.locator('[data-testid=md-canvas][data-ready=ready]').waitFor();
  const issueCount = page.getByTestId('md-issue-count');
  await t.resolves(issueCount.filter({ hasText: /^0 lỗi/ }).waitFor(), 'version 1 opens without errors');
  t.same(await seriousViolations(page), [], 'the modeler: no serious or critical axe violation');

  // The palette offers only what the engines run: no pool.
  t.equal(await page.locator('.djs-palette [data-action="create.participant-expanded"]').count(), 0, 'no pool in the palette');
  t.equal(await page.locator('.djs-palette [data-action="create.task"]').count(), 1, 'a task in the palette');

  // Make room before the appraisal, then drop a task on the flow into it.
  const flow = 'g.djs-element[data-element-id="Flow_processing_join_appraisal"]';
  const mid = await centre(page, flow);
  await page.locator('.djs-palette [data-action="space-tool"]').click();
  await page.mouse.move(mid.x, mid.y + 120);
  await page.mouse.down();
  await page.mouse.move(mid.x + 40, mid.y + 120, { steps: 4 });
  await page.mouse.move(mid.x + 110, mid.y + 120, { steps: 6 });
  await page.mouse.up();
  const longer = await centre(page, flow);
  t.ok(longer.x > mid.x + 20, 'the space tool made room');
  await page.locator('.djs-palette [data-action="create.task"]').click();
  await page.mouse.move(longer.x - 5, longer.y, { steps: 4 });
  await page.mouse.move(longer.x, longer.y, { steps: 2 });
  await page.mouse.click(longer.x, longer.y);
  const selected = page.locator('g.djs-shape.selected');
  await selected.waitFor();
  const newId = (await selected.getAttribute('data-element-id'))!;
  t.match(newId, /^Activity_/, `a new task ${newId}`);
  // The new task opens with its label in direct editing: name it there.
  await page.locator('.djs-direct-editing-parent').waitFor();
  await page.keyboard.type('Thẩm định sơ bộ');
  await page.keyboard.press('Enter');
  await page.locator('.bio-properties-panel-header-label', { hasText: 'Thẩm định sơ bộ' }).waitFor();

  // Apply the appraisal template from the properties panel, choose the group and one working day, name it.
  await page.locator('.bio-properties-panel-select-template-button').click();
  const chooser = page.locator('.djs-popup');
  await chooser.waitFor();
  await chooser.locator('.entry', { hasText: 'Thẩm định / appraisal' }).click();
  const group = (title: string) => page.locator('.bio-properties-panel-group-header', { hasText: title });
  await group('Phân công / assignment').click();
  await page.getByLabel('Nhóm xử lý / responsible group').selectOption('specialist');
  await group('Thời hạn / time').click();
  await page.getByLabel('Thời gian cho bước / time allocation').selectOption('8');
  t.equal(await page.locator(`g.djs-element[data-element-id="${newId}"] .djs-visual path, g.djs-element[data-element-id="${newId}"] .djs-visual rect`).count() > 0, true, 'drawn');
  await t.resolves(issueCount.filter({ hasText: /^0 lỗi/ }).waitFor(), 'the live check accepts the new step');
  t.match(await page.getByTestId('md-state').textContent(), /Có thay đổi chưa triển khai/, 'unsaved changes are shown');
  await page.screenshot({ path: join(SHOTS, 'quy-trinh.png') });

  // Deploy as version 2, with a note.
  await page.getByTestId('md-deploy').click();
  await page.getByLabel('Ghi chú phiên bản (lý do thay đổi)').fill('Thêm bước thẩm định sơ bộ');
  t.same(await seriousViolations(page), [], 'the deploy dialog: no serious or critical axe violation');
  await page.getByTestId('md-deploy-now').click();
  await page.getByRole('status').filter({ hasText: 'Đã triển khai phiên bản 2.' }).waitFor();
  const versions = (await sys.http('GET', `/api/procedures/${PROCEDURE}/versions`, await sys.token('controller'))).body as unknown as Array<{ version: number; comment: string | null; publishedBy: string }>;
  t.match(versions[0], { version: 2, comment: 'Thêm bước thẩm định sơ bộ', publishedBy: 'controller' }, 'version 2 recorded with its note');
  await page.locator('tr[data-version="2"][aria-current="true"]').waitFor();

  // A new dossier goes through the new step; the one received before stays on version 1.
  const after = await receive(sys, reception);
  const newTask = await openTask(sys, after, newId);
  t.ok(newTask, 'the new dossier waits at the new appraisal step');
  t.equal((await sys.app.engine.getProcessInstance(newTask!.process_instance_key))!.version, 2, 'on version 2');
  t.equal((await sys.app.engine.getProcessInstance(oldTask!.process_instance_key))!.version, 1, 'the earlier dossier stays on version 1');
  t.ok(await openTask(sys, before, 'Task_appraisal'), 'and still waits at its appraisal');

  // A diagram made elsewhere with an element the engines do not run: marked, and refused on deploy.
  const complex = shipped.replace(/<bpmn:exclusiveGateway id="Gateway_appraisal"([^>]*)>/, '<bpmn:complexGateway id="Gateway_appraisal"$1>').replace(/(<bpmn:complexGateway id="Gateway_appraisal"[\s\S]*?)<\/bpmn:exclusiveGateway>/, '$1</bpmn:complexGateway>');
  t.not(complex, shipped, 'the fixture has a complex gateway');
  await page.locator('input[type=file]').setInputFiles({ name: 'marriage-complex.bpmn', mimeType: 'application/xml', buffer: Buffer.from(complex) });
  const marked = page.locator('g.djs-element[data-element-id="Gateway_appraisal"].motcua-issue--error');
  await t.resolves(marked.waitFor(), 'the live check marks the complex gateway');
  t.ok(await page.locator('.md-issue--error[data-element="Gateway_appraisal"]').count() > 0, 'and lists it');
  await page.getByTestId('md-deploy').click();
  await page.getByTestId('md-deploy-now').click();
  await page.getByRole('alert').filter({ hasText: /Máy chủ từ chối sơ đồ/ }).waitFor();
  t.equal(await marked.count(), 1, 'the refusal stays marked on the gateway');
  const count = ((await sys.http('GET', `/api/procedures/${PROCEDURE}/versions`, await sys.token('controller'))).body as unknown as unknown[]).length;
  t.equal(count, 2, 'nothing deployed');
  await page.screenshot({ path: join(SHOTS, 'quy-trinh-loi.png') });

  // A link in the header asks before leaving the unsaved diagram; staying keeps it.
  const here = page.url();
  const asked = new Promise<string>((resolve) => page.once('dialog', (d) => { resolve(d.message()); void d.dismiss(); }));
  await page.locator('header').getByRole('link', { name: 'Cảnh báo', exact: true }).click();
  t.match(await asked, /thay đổi chưa triển khai/, 'leaving through the header asks first');
  t.equal(page.url(), here, 'and staying keeps the editor');
  t.equal(await marked.count(), 1, 'with the diagram as it was');

  // A file that is not BPMN is refused without losing the page.
  page.once('dialog', (d) => {
    t.match(d.message(), /thay đổi chưa triển khai/, 'opening a file over unsaved changes asks first');
    void d.accept();
  });
  await page.locator('input[type=file]').setInputFiles({ name: 'broken.bpmn', mimeType: 'application/xml', buffer: Buffer.from('<bpmn:definitions') });
  await page.getByRole('alert').filter({ hasText: 'Tệp không phải sơ đồ BPMN đọc được.' }).waitFor();

  // The diff of versions 1 and 2 shows the added step.
  await page.getByTestId('md-diff-show').click();
  const added = page.locator(`[data-testid=md-changes] li[data-kind=added][data-element="${newId}"]`);
  await t.resolves(added.waitFor(), 'the diff lists the added step');
  t.equal(await page.locator(`[data-testid=md-diff-new] g.djs-element[data-element-id="${newId}"].diff-added`).count(), 1, 'coloured as added in the newer version');
  const rerouted = page.locator('[data-testid=md-changes] li[data-kind=changed][data-element="Flow_processing_join_appraisal"]');
  t.match(await rerouted.locator('ins').first().textContent(), newId, 'the rerouted flow\'s new target is listed as its new value');
  await page.getByTestId('md-changes').scrollIntoViewIfNeeded();
  t.same(await seriousViolations(page), [], 'the diff: no serious or critical axe violation');
  await page.locator('.md-diff').screenshot({ path: join(SHOTS, 'quy-trinh-so-sanh.png') });

  // From the keyboard: a notification step from its template after the approval, then undone.
  await page.getByLabel('Bước theo mẫu').selectOption('vn.motcua.notify');
  await page.getByLabel('Chèn sau phần tử').selectOption('Task_approval');
  const shapes = await page.locator('[data-testid=md-canvas] g.djs-shape').count();
  await page.getByTestId('md-insert').focus();
  await page.keyboard.press('Enter');
  await page.locator('.djs-direct-editing-parent').waitFor();
  await page.keyboard.type('Báo trước khi trả');
  await page.keyboard.press('Enter');
  await page.locator('.bio-properties-panel-header-type', { hasText: /thông báo/i }).waitFor();
  const inserted = (await page.locator('g.djs-shape.selected').getAttribute('data-element-id'))!;
  t.equal(await page.locator('[data-testid=md-canvas] g.djs-shape').count(), shapes + 1, `one step inserted from the keyboard: ${inserted}`);
  const undo = page.getByRole('button', { name: 'Hoàn tác' });
  for (let i = 0; i < 5 && await page.locator(`[data-testid=md-canvas] g.djs-element[data-element-id="${inserted}"]`).count(); i++) await undo.click();
  t.equal(await page.locator(`[data-testid=md-canvas] g.djs-element[data-element-id="${inserted}"]`).count(), 0, 'and undone');
  t.same(await seriousViolations(page), [], 'the insert controls: no serious or critical axe violation');

  t.same(errors.filter((e) => !/status of 40[09]/.test(e)), [], 'no console errors');
});
