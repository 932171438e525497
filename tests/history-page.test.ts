// The page with a month of history for 4 UPSes, in real headless Chromium: charts drawn without
// scripts, readable from 320 to 2560 px, accessible, no request but for the page, and within
// the page budget (issue 8 "The page", "Budgets").

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContextOptions } from 'playwright-core';
import * as assert from 'uvu/assert';
import { assertAxeClean, assertFitsWidths, assertSelfContained, launchBrowser, openPage } from './helpers/browser.ts';
import { REPO_ROOT } from './helpers/corpus.ts';
import { suiteWith } from './helpers/suite.ts';
import { hostPage, type HostedPage } from './helpers/page-server.ts';
import { seedStore } from './helpers/history-seed.ts';
import { createSim, runOutage, upsVars, type Sim } from './helpers/history-sim.ts';
import { textOf } from '../src/publish/atomic-write.ts';

const DAY = 86_400_000;
const END = Date.parse('2026-06-30T18:00:00Z');
const SEEDED_UNTIL = END - 6 * 3600_000;

interface Context {
  sim: Sim;
  html: string;
  browser: Browser;
  hosted: HostedPage;
}

const page = suiteWith<Context>('page with a month of history in Chromium', {
  async before(context) {
    const vars = (name: string, charge = '100') => upsVars({ 'battery.charge': charge, ...(name === 'a' && { 'ups.realpower': '120' }) });
    // The default config: the page renews itself by its script, with a <noscript> refresh only.
    context.sim = await createSim(
      { home: { reachable: true, ups: { a: vars('a'), b: vars('b') } }, lab: { reachable: true, ups: { c: vars('c'), d: vars('d') } } },
      SEEDED_UNTIL,
    );
    const units = [{ host: 'home', ups: 'a' }, { host: 'home', ups: 'b' }, { host: 'lab', ups: 'c' }, { host: 'lab', ups: 'd' }];
    await seedStore(context.sim.dataDir, units, END - 30 * DAY, SEEDED_UNTIL);
    await context.sim.restart();
    const sim = context.sim;
    await sim.runUntil(END - 3 * 3600_000, 300_000);
    await runOutage(sim, { port: 40_000, ups: ['a', 'b'], start: END - 3 * 3600_000 + 300_000, seconds: 492, lowestCharge: 61, lowestRuntime: 600, onMains: vars });
    sim.setClock(END - 3 * 3600_000 + 600_000);
    await sim.runUntil(END - 300_000, 300_000);
    sim.setClock(END);
    context.html = textOf((await sim.cycle(true)).files.find((file) => file.name === 'index.html')?.content ?? '');
    context.hosted = await hostPage(context.html);
    context.browser = await launchBrowser();
  },
  async after(context) {
    await context.browser?.close();
    await context.hosted?.close();
    await context.sim?.cleanup();
  },
});

const open = (context: Context, url: string, options: BrowserContextOptions = {}) => openPage(context.browser, url, options);

page('stays within the budget for 4 UPSes with 30 days of history', ({ html }) => {
  const raw = Buffer.byteLength(html);
  const gzipped = gzipSync(html).length;
  process.stdout.write(`\n  page with 30 days of history for 4 UPSes: ${raw} bytes raw, ${gzipped} gzipped\n`);
  assert.ok(raw <= 80 * 1024, `raw ${raw} bytes`);
  assert.ok(gzipped <= 20 * 1024, `gzipped ${gzipped} bytes`);
});

page('no request but the page, no console error, over http and as a file', (context) =>
  assertSelfContained(context.browser, [context.hosted.server.url, context.hosted.fileUrl]),
);

page('with scripts off: charts drawn, availability and the outage in words', async (context) => {
  const opened = await open(context, context.hosted.fileUrl, { javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  try {
    const card = opened.page.locator('article', { has: opened.page.getByRole('heading', { name: 'a', exact: true }) });
    const charge = card.getByRole('img', { name: /^Charge over the last 24 hours: now 100 %, 61 % to 100 % in 24 hours$/ });
    assert.ok(await charge.isVisible(), `the 24 h charge chart is drawn: ${await card.locator('.chart svg').first().getAttribute('aria-label')}`);
    const box = await charge.boundingBox();
    assert.ok(box && box.width > 100 && box.height > 20, JSON.stringify(box));
    assert.is(await card.locator('svg rect.ob').first().isVisible(), true, 'the outage is shaded');
    const text = (await card.innerText()).replace(/\s+/g, ' ');
    assert.match(text, /Back on mains: on battery for 8 min 12 s, lowest charge 61 %, lowest runtime 10 min/);
    assert.match(text, /On mains \S+ % \S+ % \S+ %/);
    assert.match(text, /Outages 1 1 1/);
    const energy = /Energy to the load, by UTC day and month: today ([\d.]+) kWh, this month ([\d.]+) kWh, 2026-05 ([\d.]+) kWh\./.exec(text);
    assert.ok(energy, text);
    assert.ok(Number(energy[2]) > Number(energy[1]) * 20, 'the month holds the days before today');
    await mkdir(path.join(REPO_ROOT, 'artifacts'), { recursive: true });
    await card.screenshot({ path: path.join(REPO_ROOT, 'artifacts', 'history-card.png') });
  } finally {
    await opened.close();
  }
});

page('axe finds nothing serious in light and dark, 30-day views open', (context) => assertAxeClean(context.browser, context.hosted.server.url));

page('no sideways scrolling from 320 to 2560 px, 30-day views open', (context) => assertFitsWidths(context.browser, context.hosted.server.url));

page.run();
