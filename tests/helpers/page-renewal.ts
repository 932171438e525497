// Driving the page's renewals in Chromium on a clock the test moves: every renewal's generatedAt
// goes in window.updates, full loads are counted, and the tab can be hidden and shown again.

import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { createSiteRenderer } from './page-render.ts';
import { serveScripted, type ScriptedServer } from './page-server.ts';
import { suiteWith } from './suite.ts';

/** The page's renewal step: a cycle of the job at its default schedule. */
export const CYCLE = 30_000;

export interface RenewingPage {
  page: Page;
  browserContext: BrowserContext;
  /** Uncaught exceptions in the page. */
  errors: string[];
  /** Full loads after the first. */
  reloads(): number;
  close(): Promise<void>;
}

export function recordUpdates(): void {
  const win = window as unknown as { updates: string[] };
  win.updates = [];
  document.addEventListener('upsview:updated', (event) => win.updates.push((event as CustomEvent<{ generatedAt: string }>).detail.generatedAt));
}

/**
 * Lets a test hide and show the tab: headless Chromium keeps every page visible, so the page's
 * `document.hidden` answers a flag the test sets, and `visibilitychange` comes as the browser sends it.
 * Given as text: the compiled getters would call a helper (`__name`) that the page does not have.
 */
const EMULATE_VISIBILITY = `
  window.tabHidden = false;
  Object.defineProperty(Document.prototype, 'hidden', { get() { return window.tabHidden; }, configurable: true });
  Object.defineProperty(Document.prototype, 'visibilityState', { get() { return window.tabHidden ? 'hidden' : 'visible'; }, configurable: true });
`;

/** Opens `url` with the page's clock installed at `time`. */
export async function openRenewing(browser: Browser, url: string, time: number, options: BrowserContextOptions = {}): Promise<RenewingPage> {
  const browserContext = await browser.newContext(options);
  const page = await browserContext.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.addInitScript(recordUpdates);
  await page.addInitScript({ content: EMULATE_VISIBILITY });
  await page.clock.install({ time });
  await page.goto(url, { waitUntil: 'load' });
  let loads = 0;
  page.on('load', () => loads++);
  return { page, browserContext, errors, reloads: () => loads, close: () => browserContext.close() };
}

/** Hides or shows the tab, as switching tabs or minimising the window does. */
export const setTabHidden = (page: Page, hidden: boolean) =>
  page.evaluate((hidden) => {
    (window as unknown as { tabHidden: boolean }).tabHidden = hidden;
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);

/** The generatedAt of every renewal since the page was last loaded, in the order they came. */
export const updates = (page: Page) => page.evaluate(() => (window as unknown as { updates: string[] }).updates);

/** Moves the page's clock on a renewal at a time until `done`; fails after `limit` renewals. */
export async function runUntil(page: Page, done: () => Promise<boolean>, what: string, limit = 12): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await done()) return;
    await page.clock.runFor(CYCLE);
  }
  if (!(await done())) throw new Error(`${what}: not within ${limit} renewals of page time`);
}

/** Waits, in real time, until the page has shown the data of `generatedAt`; its clock is not moved. */
export async function shown(page: Page, generatedAt: string): Promise<void> {
  await page.waitForFunction((generatedAt) => (window as unknown as { updates: string[] }).updates.includes(generatedAt), generatedAt, { timeout: 15_000 });
}

export const generated = (page: Page) => page.locator('[data-generated]').getAttribute('data-generated');
export const staleShown = (page: Page) => page.locator('[data-stale-note]').isVisible();

/** A suite of page renewals: one Chromium, the site renderer, and a scripted server for each test. */
export interface RenewalContext {
  browser: Browser;
  server: ScriptedServer;
  render: Awaited<ReturnType<typeof createSiteRenderer>>;
}

export function renewalSuite(name: string) {
  return suiteWith<RenewalContext>(name, {
    async before(context) {
      context.render = await createSiteRenderer();
      context.browser = await launchBrowser();
    },
    async beforeEach(context) {
      context.server = await serveScripted();
    },
    async afterEach(context) {
      await context.server?.close();
    },
    async after(context) {
      await context.browser?.close();
    },
  });
}
