/**
 * What browser tests do with a page: log in through the login page, check accessibility with
 * axe-core (no serious or critical violation), and collect the page's console errors.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PASSWORD } from './server.ts';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

/** axe-core's serious and critical violations on the page once no region of it is busy (WCAG 2.1 A/AA rules). */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  // The settled page: a list being refreshed in the background (`aria-busy`) is judged once its rows are
  // the ones the officer reads (the busy task grid used to fade its rows below 4.5:1; it shows a bar now).
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), undefined, { timeout: 15_000 });
  // evaluate() is not subject to the page's Content-Security-Policy, which forbids inline scripts.
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

/** A new browser context (its own storage: one officer) at a 1280×720 screen, Vietnamese. */
export async function newOfficer(browser: Browser, opts: { width?: number; height?: number } = {}): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: opts.width ?? 1280, height: opts.height ?? 720 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  // Every text a live region (aria-live) takes is kept: an announcement may be replaced by the next one
  // before a test looks, so tests ask whether it was said (`announced`), not whether it is shown now.
  await context.addInitScript(`
    window.__announced = [];
    new MutationObserver(() => {
      for (const el of document.querySelectorAll('[aria-live]')) {
        const text = (el.textContent || '').trim();
        if (text && window.__announced[window.__announced.length - 1] !== text) window.__announced.push(text);
      }
    }).observe(document, { subtree: true, childList: true, characterData: true });
  `);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text())) errors.push(msg.text());
  });
  return { context, page, errors };
}

/** Logs in through the login page and waits for the user's start page. */
export async function loginAs(page: Page, baseUrl: string, username: string, next = '/'): Promise<void> {
  await page.goto(`${baseUrl}/dang-nhap?tiep=${encodeURIComponent(next)}`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  // The start page is chosen by role after login ('/' redirects).
  await page.waitForURL((u) => !u.pathname.startsWith('/dang-nhap') && u.pathname !== '/');
}

/** The id of the reception form's input for a form path (`applicant.fullName` → `#f-applicant-fullName`). */
export const formField = (path: string) => `#f-${path.replace(/\./g, '-')}`;

/** Fills the reception desk's form from a form's example data (selects by value, numbers as text). */
export async function fillForm(p: Page, data: Record<string, unknown>, prefix = ''): Promise<void> {
  for (const [k, v] of Object.entries(data)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v)) await fillForm(p, v as Record<string, unknown>, path);
    else if (typeof v === 'boolean') await p.locator(formField(path)).setChecked(v);
    else {
      const el = p.locator(formField(path));
      if ((await el.evaluate((e) => e.tagName)) === 'SELECT') await el.selectOption(String(v));
      else await el.fill(String(v));
    }
  }
}

/** Waits until a live region of the page has said `text` (now or since the page loaded). */
export async function announced(page: Page, text: string): Promise<void> {
  await page.waitForFunction((want) => ((window as unknown as { __announced?: string[] }).__announced ?? []).some((a) => a.includes(want)), text);
}
