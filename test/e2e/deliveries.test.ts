/**
 * The dossier page's log of the messages sent to the applicant, in a real browser against the real
 * system (engine and workers on the system clock) and a real SMTP server that refuses one address:
 * the receipt's SMS sent (green), its e-mail refused, retried, then failed (red) with the server's
 * error; addresses masked; the refresh button by keyboard; no serious axe violation.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { launchBrowser } from './browser.ts';
import { loginAs, newOfficer, seriousViolations } from './pages.ts';
import { startSystem } from './server.ts';
import { startSmtpSink } from '../workers/smtp-sink.ts';

const PROCEDURE = 'marital-status-confirmation';
const REFUSED = 'khong-ton-tai@example.vn';
const example = JSON.parse(readFileSync(new URL(`../../schemas/procedures/examples/${PROCEDURE}.json`, import.meta.url), 'utf8')) as { applicant: Record<string, unknown> };
const formData = { ...example, applicant: { ...example.applicant, email: REFUSED } };

const sink = await startSmtpSink({ refuse: (address) => address === REFUSED });
t.teardown(() => sink.close());
const sys = await startSystem({ SMTP_URL: sink.url, SMS_PROVIDER: 'demo', WEBHOOK_MAX_ATTEMPTS: '2', WEBHOOK_BACKOFF_MS: '200' });
t.teardown(() => sys.close());
const { browser, close } = await launchBrowser();
t.teardown(close);

/** Asks again until `fn` gives a value (the workers send on their own). */
async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>): Promise<T> {
  for (let i = 0; i < 150; i++) {
    const v = await fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`gave up waiting for ${what}`);
}

t.test('the delivery log on the dossier page', async (t) => {
  const reception = await sys.token('reception');
  const created = await sys.http('POST', '/api/dossiers', reception, { procedureId: PROCEDURE, channel: 'in_person', formData });
  t.equal(created.status, 201);
  const code = String(created.body.code);
  type Row = { channel: string; status: string };
  const settled = await until('both deliveries settled', async () => {
    const items = (await sys.http('GET', `/api/dossiers/${code}/deliveries`, reception)).body.items as Row[];
    return items.length === 2 && items.every((d) => d.status === 'sent' || d.status === 'failed') ? items : undefined;
  });
  t.same(settled.map((d) => `${d.channel}/${d.status}`), ['email/failed', 'sms/sent'], 'the refused e-mail failed after its retries; the SMS went');
  t.equal(sink.refused, 2, 'two attempts at the SMTP server');

  const { page, errors, context } = await newOfficer(browser);
  t.teardown(() => context.close());
  await loginAs(page, sys.url, 'reception', `/ho-so/${encodeURIComponent(code)}`);
  const section = page.getByTestId('deliveries');
  await section.getByRole('heading', { name: 'Thông báo gửi người nộp' }).waitFor();
  const rows = section.locator('tbody tr');
  await rows.nth(1).waitFor();
  t.equal(await rows.count(), 2);
  const email = rows.nth(0);
  t.match(await email.innerText(), /Tiếp nhận hồ sơ[\s\S]*Thư điện tử[\s\S]*k\*\*\*i@example\.vn[\s\S]*Gửi không được[\s\S]*Số lần gửi: 2[\s\S]*Lỗi: .*550/);
  t.match(await rows.nth(1).innerText(), /Tin nhắn SMS[\s\S]*091\*\*\*\*678[\s\S]*Đã gửi[\s\S]*Mã tin: demo-/);
  const colours = await section.locator('.deliveries__state').evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
  t.not(colours[0], colours[1], 'failed and sent in different colours (red, green)');
  const text = await section.innerText();
  t.notOk(text.includes(REFUSED) || text.includes('0912345678'), 'addresses masked');

  // Keyboard: the refresh button is reachable and works.
  const refresh = section.getByRole('button', { name: 'Làm mới' });
  await refresh.focus();
  await page.keyboard.press('Enter');
  await rows.nth(1).waitFor();
  t.same(await seriousViolations(page), [], 'no serious axe violation');
  await section.scrollIntoViewIfNeeded();
  await page.screenshot({ path: '/tmp/deliveries.png', fullPage: true });
  t.same(errors, [], 'no console errors');
});
