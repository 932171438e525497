// Debian's Chromium driven by playwright-core; no browser is ever downloaded.

import axe from 'axe-core';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
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

export interface Opened {
  page: Page;
  /** Every URL the page asked for. */
  requests: string[];
  /** Console errors and uncaught exceptions. */
  errors: string[];
  close(): Promise<void>;
}

/** A fixed time (timers run), or a clock installed at a time that moves only when the test says. */
export type Clock = { fixed: number } | { installed: number };

/** Opens `url` in a fresh browser context, recording requests and errors. */
export async function openPage(browser: Browser, url: string, options: BrowserContextOptions = {}, clock?: Clock): Promise<Opened> {
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
export async function seriousViolations(page: Page): Promise<{ id: string; impact: string | null | undefined; nodes: string[] }[]> {
  await page.addScriptTag({ content: axe.source });
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document);
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}
