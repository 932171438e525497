// The page in real headless Chromium, generated from a real upsd with real dumps: one UPS per
// state the page must show, a stopped driver and a host nobody answers on.

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import * as assert from 'uvu/assert';
import { suiteWith } from './helpers/suite.ts';
import { assertAxeClean, assertFitsWidths, assertSelfContained, launchBrowser, openPage } from './helpers/browser.ts';
import { REPO_ROOT } from './helpers/corpus.ts';
import { DUMPS, fixture, startPageRig, type GeneratedPage, type PageRig } from './helpers/page-fixture.ts';
import { hostPage, type HostedPage, type PageServer } from './helpers/page-server.ts';

interface Context {
  rig: PageRig;
  browser: Browser;
  server: PageServer;
  page: GeneratedPage;
  fileUrl: string;
  hosted: HostedPage;
}

const ARTIFACTS = path.join(REPO_ROOT, 'artifacts');

const browser = suiteWith<Context>('page in Chromium', {
  async before(context) {
    context.rig = await startPageRig(
      [
        { name: 'nas', devFile: DUMPS.online, desc: 'NAS and switch' },
        { name: 'office', devFile: DUMPS.onBattery, desc: 'Office desk' },
        { name: 'rack-lb', devFile: DUMPS.lowBattery },
        { name: 'old-apc', devFile: DUMPS.overload },
        { name: 'bypass', devFile: DUMPS.bypass },
        { name: 'eaton', devFile: DUMPS.replaceBattery },
        { name: 'riello', devFile: DUMPS.threePhase, desc: 'Three-phase, server room' },
        { name: 'spare', noDriver: true },
        { name: 'closet', devFile: fixture('closet.dev') },
      ],
      { unreachable: true },
    );
    // The closet driver stops after one good poll: its card keeps the last good data, marked old.
    await context.rig.generate();
    await context.rig.upsd.stopDriver('closet');
    context.page = await context.rig.generate();
    context.hosted = await hostPage(context.page.html);
    context.server = context.hosted.server;
    context.fileUrl = context.hosted.fileUrl;
    context.browser = await launchBrowser();
  },
  async after(context) {
    await context.browser?.close();
    await context.hosted?.close();
    await context.rig?.stop();
  },
});

const open = (context: Context, url: string, options: BrowserContextOptions = {}, fixedTime?: number) => openPage(context.browser, url, options, fixedTime);

const generatedAt = (context: Context) => Date.parse(context.page.snapshot.generatedAt);

browser('makes no request but for the page itself, over http and as a file', async (context) => {
  await assertSelfContained(context.browser, [context.server.url, context.fileUrl]);
  assert.equal(context.server.requested, ['/']);
});

browser('shows every state in words', async (context) => {
  const opened = await open(context, context.server.url);
  try {
    const { page } = opened;
    await assertVisible(page.locator('h1'), /Critical: office and rack-lb on battery — shortest about \d+ min left/);
    assert.match(await page.title(), /^Critical: office and rack-lb on battery/);
    assert.match((await page.locator('link[rel="icon"]').getAttribute('href')) ?? '', /^data:image\/svg\+xml;base64,/);
    const cards: Record<string, RegExp> = {
      nas: /On mains power/,
      office: /On battery/,
      'rack-lb': /On battery, battery low, battery needs replacing/,
      'old-apc': /On mains power, overloaded, battery low, battery needs replacing/,
      bypass: /On bypass/,
      eaton: /Battery bad! Building alarm!/,
      riello: /Load 90 % is high/,
      spare: /driver is not running/,
      closet: /No current data \(last known: on mains power\)[\s\S]*driver is not running, so upsd has no data for it\. Showing the last good data, from \d+ s ago\./,
    };
    for (const [name, text] of Object.entries(cards)) {
      await assertVisible(page.locator('article', { has: page.getByRole('heading', { name, exact: true }) }), text);
    }
    await assertVisible(page.locator('.phases').first(), /L3/);
    await assertVisible(page.locator('.host-error'), /Could not poll this host/);
    await assertVisible(page.locator('[data-age]'), /updated \d+ s ago/);
    const meters = page.getByRole('meter');
    assert.ok((await meters.count()) >= 10);
    assert.match((await meters.first().getAttribute('aria-valuetext')) ?? '', /%/);
  } finally {
    await opened.close();
  }
});

async function assertVisible(locator: ReturnType<Page['locator']>, text: RegExp): Promise<void> {
  assert.ok(await locator.first().isVisible(), String(text));
  assert.match((await locator.first().innerText()).replace(/\s+/g, ' '), text);
}

browser('passes an accessibility scan in light and dark, variables open', (context) => assertAxeClean(context.browser, context.server.url));

browser('fits every width from 320 px to 2560 px without sideways scrolling', (context) => assertFitsWidths(context.browser, context.server.url));

browser('works with JavaScript off, showing the time in UTC', async (context) => {
  const opened = await open(context, context.fileUrl, { javaScriptEnabled: false });
  try {
    await assertVisible(opened.page.locator('h1'), /on battery/);
    await assertVisible(opened.page.locator('time[data-local]'), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    assert.is(await opened.page.locator('[data-age]').isVisible(), false);
  } finally {
    await opened.close();
  }
});

browser('counts the age live and turns stale after three schedule intervals', async (context) => {
  const fresh = await open(context, context.server.url, {}, generatedAt(context) + 12_000);
  try {
    await assertVisible(fresh.page.locator('[data-age]'), /^updated 12 s ago$/);
    assert.is(await fresh.page.locator('[data-stale-note]').isVisible(), false);
    assert.not.match(await fresh.page.locator('time[data-local]').innerText(), /UTC/, 'local time once the script runs');
  } finally {
    await fresh.close();
  }
  const stale = await open(context, context.server.url, {}, generatedAt(context) + 91_000);
  try {
    await assertVisible(stale.page.locator('[data-stale-note]'), /Out of date/);
    await assertVisible(stale.page.locator('[data-age]'), /^updated 1 min ago$/);
    assert.match(await stale.page.title(), /^Out of date · /);
  } finally {
    await stale.close();
  }
});

browser('takes screenshots at phone and desktop sizes, light and dark', async (context) => {
  await mkdir(ARTIFACTS, { recursive: true });
  await writeFile(path.join(ARTIFACTS, 'page.html'), context.page.html);
  for (const viewport of [{ width: 390, height: 844 }, { width: 1440, height: 900 }]) {
    for (const colorScheme of ['light', 'dark'] as const) {
      const opened = await open(context, context.fileUrl, { viewport, colorScheme });
      try {
        const file = path.join(ARTIFACTS, `page-${viewport.width}x${viewport.height}-${colorScheme}.png`);
        await opened.page.screenshot({ path: file, fullPage: true });
      } finally {
        await opened.close();
      }
    }
  }
});

browser('opens every variable table when printed', async (context) => {
  const opened = await open(context, context.fileUrl);
  try {
    assert.is(await opened.page.locator('details[open]').count(), 0);
    await mkdir(ARTIFACTS, { recursive: true });
    await opened.page.pdf({ path: path.join(ARTIFACTS, 'page.pdf') });
    assert.is(await opened.page.locator('details:not([open])').count(), 0);
  } finally {
    await opened.close();
  }
});

browser('stays within the weight budget for 4 UPSes', async (context) => {
  const { html } = await context.rig.generate({ ups: ['nas', 'office', 'eaton', 'riello'], fresh: true });
  const raw = Buffer.byteLength(html);
  const gzipped = gzipSync(html).length;
  // Issue 8's budget, which holds with 30 days of history too (tests/history-page.test.ts).
  assert.ok(raw <= 80 * 1024, `raw ${raw} bytes`);
  assert.ok(gzipped <= 20 * 1024, `gzipped ${gzipped} bytes`);
});

browser.run();
