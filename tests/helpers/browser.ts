// Debian's Chromium driven by playwright-core; no browser is ever downloaded.

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import axe from 'axe-core';
import * as assert from 'uvu/assert';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { ensurePackage } from './prerequisite.ts';

export const CHROMIUM = '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export async function launchBrowser(): Promise<Browser> {
  ensurePackage({ name: 'chromium', what: 'Chromium', files: [CHROMIUM] });
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

/**
 * Chromium with a profile that blocks site data ("Block all cookies"): sessionStorage throws on
 * access, as for readers who set that. `profileDir` is an empty folder the caller removes.
 */
export async function launchBlockingSiteData(profileDir: string): Promise<BrowserContext> {
  ensurePackage({ name: 'chromium', what: 'Chromium', files: [CHROMIUM] });
  await mkdir(path.join(profileDir, 'Default'), { recursive: true });
  const preferences = { profile: { default_content_setting_values: { cookies: 2 } } };
  await writeFile(path.join(profileDir, 'Default', 'Preferences'), JSON.stringify(preferences));
  return chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, args: FLAGS, headless: true });
}

export interface OpenedPage {
  page: Page;
  /** Every URL the page asked for, the page itself included. */
  requests: string[];
  /** Console errors and uncaught exceptions. */
  errors: string[];
  close(): Promise<void>;
}

/** A fixed time (timers run), or a clock installed at a time that moves only when the test says. */
export type Clock = { fixed: number } | { installed: number };

/** Opens `url` in a fresh browser context, recording requests and errors. */
export async function openPage(browser: Browser, url: string, options: BrowserContextOptions = {}, clock?: Clock): Promise<OpenedPage> {
  const browserContext = await browser.newContext(options);
  const page = await browserContext.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  if (clock && 'fixed' in clock) await page.clock.setFixedTime(clock.fixed);
  if (clock && 'installed' in clock) await page.clock.install({ time: clock.installed });
  await page.goto(url, { waitUntil: 'load' });
  return { page, requests, errors, close: () => browserContext.close() };
}

/** axe-core's serious and critical findings on the page as it is now. */
export async function seriousAxeViolations(page: Page): Promise<{ id: string; impact: string | null | undefined; nodes: string[] }[]> {
  await page.addScriptTag({ content: axe.source });
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document);
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** Pixels the page is wider than the window (0 or less: no sideways scrolling). */
export const sidewaysOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

export const openAllDetails = (page: Page) => page.evaluate(() => document.querySelectorAll('details').forEach((details) => (details.open = true)));

/** axe finds nothing serious in light or dark, every collapsible section open. */
export async function assertAxeClean(browser: Browser, url: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    const opened = await openPage(browser, url, { colorScheme });
    try {
      await openAllDetails(opened.page);
      assert.equal(await seriousAxeViolations(opened.page), [], colorScheme);
    } finally {
      await opened.close();
    }
  }
}

/** No sideways scrolling from a small phone to a wall display, every collapsible section open. */
export async function assertFitsWidths(browser: Browser, url: string): Promise<void> {
  for (const width of [320, 390, 768, 1440, 2560]) {
    const opened = await openPage(browser, url, { viewport: { width, height: 900 } });
    try {
      await openAllDetails(opened.page);
      const overflow = await sidewaysOverflow(opened.page);
      assert.ok(overflow <= 0, `${width} px overflows by ${overflow} px`);
    } finally {
      await opened.close();
    }
  }
}

/** The page asks for nothing but itself and logs no error, over http and as a file. */
export async function assertSelfContained(browser: Browser, urls: readonly string[]): Promise<void> {
  for (const url of urls) {
    const opened = await openPage(browser, url);
    try {
      assert.equal(opened.requests.filter((request) => !request.startsWith('data:')), [url], url);
      assert.equal(opened.errors, [], url);
    } finally {
      await opened.close();
    }
  }
}
