/**
 * The dossier page (/ho-so/:code) in a real browser against the real system: status in
 * Vietnamese, deadline state, due date, who holds it (the view's holders, for reception too), the
 * timeline naming each officer and agency; the forms of the view; exactly the actions the view
 * allows for each role; an action through its dialog (local and server errors beside the fields,
 * a supplement requested then received); a dossier changed meanwhile (409); form 01 as a PDF;
 * the process diagram with the current step highlighted; keyboard use; no serious axe violation.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { loginAs, newOfficer, seriousViolations } from './pages.ts';
import { PASSWORD, startSystem } from './server.ts';

const PROCEDURE = 'marital-status-confirmation';
const formData = JSON.parse(readFileSync(new URL(`../../schemas/procedures/examples/${PROCEDURE}.json`, import.meta.url), 'utf8'));

interface Holder { name: string | null; agencyName: string | null; candidateGroups: string[]; assignee: { fullName: string } | null }
interface View { code: string; status: string; sla: string | null; dueAt: string; actions: string[]; holders: Holder[]; forms: string[] }
interface Process { xml: string; active: string[]; completed: string[] }

const sys = await startSystem();
t.teardown(() => sys.close());
const { browser, close } = await launchBrowser();
t.teardown(close);

const tokens = new Map<string, string>();
async function token(user: string): Promise<string> {
  if (!tokens.has(user)) {
    const res = await fetch(`${sys.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password: PASSWORD }) });
    tokens.set(user, ((await res.json()) as { accessToken: string }).accessToken);
  }
  return tokens.get(user)!;
}

async function call<T>(user: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${sys.url}${path}`, {
    method, headers: { authorization: `Bearer ${await token(user)}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** Asks again until `fn` gives a value (the engine and workers run on their own). */
async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>): Promise<T> {
  for (let i = 0; i < 150; i++) {
    const v = await fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** A dossier received at the counter by reception, its process waiting at its first officer's task. */
async function newDossier(): Promise<View> {
  const created = await call<View>('reception', 'POST', '/api/dossiers', { procedureId: PROCEDURE, channel: 'in_person', formData });
  if (created.status !== 201) throw new Error(`dossier not created: ${JSON.stringify(created.body)}`);
  const code = created.body.code;
  await until('the first task of an officer', async () => (await call<{ items: unknown[] }>('specialist', 'GET', `/api/tasks?dossierCode=${code}&view=all`)).body.items.length > 0);
  return created.body;
}

const view = async (user: string, code: string) => (await call<View>(user, 'GET', `/api/dossiers/${code}`)).body;
const dossierUrl = (code: string) => `/ho-so/${encodeURIComponent(code)}`;
const buttons = (page: Page) => page.locator('[data-testid=actions] button').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
const TZ = 'Asia/Ho_Chi_Minh';
const shown = (iso: string) => `${new Date(iso).toLocaleTimeString('vi-VN', { timeZone: TZ, hour: '2-digit', minute: '2-digit', hour12: false })} ${new Date(iso).toLocaleDateString('en-GB', { timeZone: TZ, day: '2-digit', month: '2-digit', year: 'numeric' })}`;
const SLA_VI: Record<string, string> = { in_time: 'Trong hạn', due_soon: 'Sắp đến hạn', overdue: 'Quá hạn', paused: 'Tạm dừng (chờ công dân)' };

async function openAs(user: string, code: string, size?: { width: number; height: number }, live = true) {
  const officer = await newOfficer(browser, size);
  // Without live updates, the page keeps the state it was opened with (as after a lost connection).
  if (!live) await officer.context.route('**/api/tasks/stream**', (route) => route.abort());
  await loginAs(officer.page, sys.url, user, dossierUrl(code));
  await officer.page.getByRole('heading', { level: 1, name: new RegExp(code) }).waitFor();
  return officer;
}

t.test('reception: status, deadline, due date, holder, timeline, actions, form 01, diagram, accessibility', async (t) => {
  const d = await newDossier();
  const v = await view('reception', d.code);
  const me = (await call<{ fullName: string }>('reception', 'GET', '/api/me')).body;
  const { page, context, errors } = await openAs('reception', d.code);
  t.teardown(() => context.close());

  t.equal(await page.getByTestId('status').locator('.status').textContent(), 'Được tiếp nhận', 'the status in Vietnamese');
  const sla = page.getByTestId('sla').locator('.sla');
  t.match(await sla.getAttribute('class'), new RegExp(`sla--${v.sla}`), 'the deadline state in its colour');
  t.match(await sla.textContent(), SLA_VI[v.sla!]!, 'and in words');
  t.match(await page.getByTestId('due').textContent(), shown(v.dueAt), 'the due date');

  // The process waits at the specialist's first task.
  const proc = (await call<Process>('reception', 'GET', `/api/dossiers/${d.code}/process`)).body;
  const activeTask = proc.active.find((id) => new RegExp(`<bpmn:userTask id="${id}"`).test(proc.xml));
  t.ok(activeTask, `the process waits at a user task (${proc.active.join(', ')})`);
  const taskName = new RegExp(`<bpmn:userTask id="${activeTask}" name="([^"]+)"`).exec(proc.xml)![1]!;

  // Who holds it: the specialists' open task, which reception's own task list does not show.
  t.match(v.holders, [{ name: taskName, candidateGroups: ['specialist'], assignee: null }], 'the view names the open task');
  const holder = page.getByTestId('holder');
  await holder.filter({ hasText: 'Nhóm Chuyên viên' }).waitFor();
  t.match(await holder.textContent(), taskName, 'the step that holds it');
  t.match(await holder.textContent(), v.holders[0]!.agencyName!, 'and its agency');
  t.notMatch(await holder.textContent(), 'theo sơ đồ quy trình', 'from the view, not guessed from the diagram');

  const first = page.getByTestId('timeline').locator('li').first();
  await first.waitFor();
  t.match(await first.textContent(), 'Tiếp nhận hồ sơ giấy', 'the reception in the timeline, named in Vietnamese');
  t.match(await first.textContent(), me.fullName, 'with who did it');

  t.same((await buttons(page)).sort(), [...v.actions].sort(), 'exactly the actions of the view');
  t.notOk((await buttons(page)).includes('decide'), 'reception may not decide');

  const pageForms = await page.locator('[data-form]').evaluateAll((els) => els.map((e) => e.getAttribute('data-form')));
  t.same(pageForms, ['01', '06'], 'the forms of an accepted dossier: 01 and 06');
  t.same(pageForms, v.forms, 'exactly the forms of the view');
  // What the page hands to the new window: the blob it makes of the answer.
  await page.evaluate(() => {
    const w = window as unknown as { blobs: Blob[] };
    const make = URL.createObjectURL.bind(URL);
    w.blobs = [];
    URL.createObjectURL = (b: Blob | MediaSource) => {
      w.blobs.push(b as Blob);
      return make(b);
    };
  });
  const [popup, pdf] = await Promise.all([
    context.waitForEvent('page'),
    page.waitForResponse((r) => r.url().endsWith(`/api/dossiers/${d.code}/forms/01.pdf`)),
    page.locator('[data-form="01"]').click(),
  ]);
  t.equal(pdf.status(), 200, 'form 01 is fetched with the session');
  const blob = await page.evaluate(async () => {
    const b = (window as unknown as { blobs: Blob[] }).blobs.at(-1)!;
    return { type: b.type, head: await b.slice(0, 5).text() };
  });
  t.same(blob, { type: 'application/pdf', head: '%PDF-' }, 'form 01 is a PDF');
  await popup.waitForURL(/^blob:/);
  t.pass('and opens in a new window');
  await popup.close();

  await page.locator('[data-testid=diagram][data-state=drawn]').waitFor();
  await page.locator(`.djs-element.highlight-active[data-element-id="${activeTask}"]`).waitFor();
  t.equal(await page.locator(`.djs-element.highlight-done[data-element-id="${proc.completed[0]}"]`).count(), 1, 'a step done is marked');
  t.match(await page.locator('#dossier-steps').textContent(), `Đang thực hiện: ${taskName}`, 'the text alternative names the current step');
  t.equal(await page.getByRole('img', { name: 'Sơ đồ quy trình Cấp Giấy xác nhận tình trạng hôn nhân' }).getAttribute('aria-describedby'), 'dossier-steps', 'the drawing is an image for screen readers, described by the steps');

  t.same(await seriousViolations(page), [], 'no serious or critical axe violation');
  t.same(errors, [], 'no console error');
});

t.test('specialist: its own actions, a local error, a server error beside its field, a supplement requested', async (t) => {
  const d = await newDossier();
  const v = await view('specialist', d.code);
  const reception = await view('reception', d.code);
  t.ok(v.actions.includes('extend') && !reception.actions.includes('extend'), 'the specialist may extend, reception may not');
  t.ok(reception.actions.includes('stop') && !v.actions.includes('stop'), 'reception may stop, the specialist may not');
  const { page, context, errors } = await openAs('specialist', d.code);
  t.teardown(() => context.close());
  t.same((await buttons(page)).sort(), [...v.actions].sort(), 'exactly the actions of the specialist\'s view');

  // The timeline names the colleague who received it, by full name and agency.
  const receptionist = (await call<{ fullName: string; agency: { name: string } }>('reception', 'GET', '/api/me')).body;
  const received = page.getByTestId('timeline').locator('li').last();
  await received.filter({ hasText: 'Tiếp nhận hồ sơ giấy' }).waitFor();
  t.match(await received.locator('.timeline__who').textContent(), `${receptionist.fullName} · ${receptionist.agency.name}`, 'the receptionist by full name, with the agency');
  t.notMatch(await received.textContent(), 'Cán bộ khác', 'not an anonymous officer');

  // A server error beside its field: a new due date before the current one.
  await page.locator('[data-action=extend]').click();
  const dialog = page.getByRole('dialog', { name: 'Gia hạn thời gian giải quyết' });
  await dialog.getByLabel('Hạn trả kết quả mới').fill('2020-01-06T08:00');
  await dialog.getByLabel('Lý do gia hạn (nội dung văn bản xin lỗi)').fill('Cần xác minh thêm tại nơi cư trú trước đây');
  await dialog.getByRole('button', { name: 'Xác nhận' }).click();
  const dueField = dialog.getByLabel('Hạn trả kết quả mới');
  await page.waitForFunction(() => document.querySelector('dialog input[type=datetime-local]')?.getAttribute('aria-invalid') === 'true');
  const describedBy = (await dueField.getAttribute('aria-describedby'))!.split(' ').find((id) => id.endsWith('-error'))!;
  t.ok((await page.locator(`[id="${describedBy}"]`).textContent())?.length, 'the server\'s message is beside the new due date');
  t.equal((await view('specialist', d.code)).status, 'accepted', 'nothing changed');
  await dialog.getByRole('button', { name: 'Hủy' }).click();
  await dialog.waitFor({ state: 'detached' });

  // Request a supplement: an empty list is refused before sending, then the dossier waits.
  await page.locator('[data-action=request_supplement]').click();
  const supplement = page.getByRole('dialog', { name: 'Yêu cầu bổ sung hồ sơ' });
  await supplement.getByRole('button', { name: 'Xác nhận' }).click();
  const items = supplement.getByLabel('Giấy tờ cần bổ sung, hoàn thiện');
  t.equal(await items.getAttribute('aria-invalid'), 'true', 'a required field left empty is marked');
  t.match(await supplement.textContent(), 'Bắt buộc nhập', 'with its message');
  t.equal(await page.evaluate(() => document.activeElement?.tagName), 'TEXTAREA', 'and focused');
  await items.fill('Bản sao Giấy chứng nhận kết hôn trước đây\nẢnh chân dung 4x6');
  await supplement.getByLabel('Lý do, hướng dẫn công dân').fill('Thiếu giấy tờ chứng minh tình trạng hôn nhân trước đây');
  await supplement.getByRole('button', { name: 'Xác nhận' }).click();
  await page.getByTestId('notice').filter({ hasText: 'Đã thực hiện «Yêu cầu bổ sung hồ sơ»' }).waitFor();
  await page.getByTestId('status').filter({ hasText: 'Yêu cầu bổ sung giấy tờ' }).waitFor();
  t.match(await page.getByTestId('sla').textContent(), 'Tạm dừng (chờ công dân)', 'the deadline is paused while waiting for the applicant');
  await page.getByTestId('timeline').locator('li').first().filter({ hasText: 'Yêu cầu bổ sung hồ sơ' }).waitFor();
  t.match(await page.getByTestId('timeline').locator('li').first().textContent(), 'Ảnh chân dung 4x6', 'the items asked for are in the timeline');
  await page.locator('[data-form="02"]').waitFor();
  t.equal((await view('specialist', d.code)).status, 'supplement_requested', 'the dossier waits for the supplement');
  t.same(await seriousViolations(page), [], 'no serious or critical axe violation');
  t.same(errors, [], 'no console error');

  await t.test('reception receives the supplement through its dialog, with the keyboard', async (t) => {
    const { page, context } = await openAs('reception', d.code, { width: 1024, height: 768 });
    t.teardown(() => context.close());
    t.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'nothing wider than a 10-inch tablet');
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.getAttribute('data-action') === 'receive_supplement');
    }
    t.ok(reached, 'the action is reached with Tab');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Nhận hồ sơ bổ sung' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-action') === 'receive_supplement');
    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByTestId('status').filter({ hasText: 'Được tiếp nhận' }).waitFor();
    t.pass('the status is accepted again');
    t.notMatch(await page.getByTestId('sla').textContent(), 'Tạm dừng', 'the deadline runs again');
    const after = await view('reception', d.code);
    t.equal(after.status, 'accepted');
    t.ok(after.actions.includes('request_supplement'), 'the state machine alone would allow another supplement request');
    await page.waitForFunction(() => !document.querySelector('[data-action=receive_supplement]'));
    t.same((await buttons(page)).sort(), after.actions.filter((a) => a !== 'request_supplement').sort(), 'but it may be requested only once: no button');
  });
});

t.test('a dossier changed meanwhile: the page says so and shows its new state', async (t) => {
  const d = await newDossier();
  const { page, context } = await openAs('reception', d.code, undefined, false);
  t.teardown(() => context.close());
  await page.locator('[data-action=start_processing]').waitFor();
  const done = await call<View>('specialist', 'POST', `/api/dossiers/${d.code}/start-processing`, {});
  t.equal(done.body.status, 'processing', 'a colleague started processing');
  await page.locator('[data-action=start_processing]').click();
  await page.getByRole('dialog', { name: 'Chuyển xử lý' }).getByRole('button', { name: 'Xác nhận' }).click();
  await page.getByRole('alert').filter({ hasText: 'Hồ sơ vừa thay đổi' }).waitFor();
  await page.getByTestId('status').filter({ hasText: 'Đang xử lý' }).waitFor();
  t.notOk((await buttons(page)).includes('start_processing'), 'the stale action is gone');
  t.same((await buttons(page)).sort(), [...(await view('reception', d.code)).actions].sort(), 'the actions of the new status');
});

t.test('an unknown dossier is named as not found', async (t) => {
  const { page, context } = await newOfficer(browser);
  t.teardown(() => context.close());
  await loginAs(page, sys.url, 'reception', dossierUrl('XADEMO-000000-9999'));
  await page.getByRole('alert').filter({ hasText: 'Không tìm thấy hồ sơ này' }).waitFor();
  t.pass('not found');
});
