// A crowded page (10 UPSes or more) in real Chromium, from a real upsd with real dumps: compact
// cards, and each host's variables on a page of their own, one link from every card, with scripts
// on and off, over http and as files (issue 11).

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import * as assert from 'uvu/assert';
import { textOf, writeOutputs } from '../src/publish/atomic-write.ts';
import { launchBrowser, openPage, seriousAxeViolations } from './helpers/browser.ts';
import { corpora } from './helpers/corpus.ts';
import { startPageRig, type GeneratedPage, type PageRig } from './helpers/page-fixture.ts';
import { CYCLE } from './helpers/page-renewal.ts';
import { hostFiles, type HostedPage, type PageServer } from './helpers/page-server.ts';
import { suiteWith } from './helpers/suite.ts';

interface Context {
  rig: PageRig;
  browser: Browser;
  server: PageServer;
  page: GeneratedPage;
  hosted: HostedPage;
}

const UPS_COUNT = 12;
const crowded = suiteWith<Context>('crowded page in Chromium', {
  async before(context) {
    // The bundled dumps, always there.
    context.rig = await startPageRig(corpora()[0]?.units.slice(0, UPS_COUNT) ?? []);
    context.page = await context.rig.generate();
    context.hosted = await hostFiles(context.page.files);
    context.server = context.hosted.server;
    context.browser = await launchBrowser();
  },
  async after(context) {
    await context.browser?.close();
    await context.hosted?.close();
    await context.rig?.stop();
  },
});

/** Moves the page's clock one cycle on and waits for the renewal it makes; its generatedAt. */
async function nextRenewal(page: Page): Promise<string> {
  await page.evaluate(() => {
    const win = window as unknown as { updated: Promise<string> };
    win.updated = new Promise((resolve) =>
      document.addEventListener('upsview:updated', (event) => resolve((event as CustomEvent<{ generatedAt: string }>).detail.generatedAt), { once: true }),
    );
  });
  await page.clock.runFor(CYCLE);
  return page.evaluate(() => (window as unknown as { updated: Promise<string> }).updated);
}

crowded('writes the variables apart from the overview', ({ page }) => {
  // The pages only: the other outputs (status.json, metrics, badges, …) are not the page's business.
  assert.equal(
    page.files.map((file) => file.name).filter((name) => name.endsWith('.html')),
    ['index.html', 'vars/host-1.html'],
  );
  const index = textOf(page.files.find((file) => file.name === 'index.html')?.content ?? '');
  assert.not.match(index, '<table class="pure-table">', 'no variables table on the overview');
});

crowded('links every card to its variables; both pages pass the accessibility scan', async ({ browser, server }) => {
  const opened = await openPage(browser, server.url);
  try {
    const { page } = opened;
    const links = page.locator('article.card .more a');
    assert.is(await links.count(), UPS_COUNT);
    assert.equal(await seriousAxeViolations(page), []);
    const card = page.locator('article.card').nth(3);
    const name = await card.locator('h3').innerText();
    await card.locator('.more a').click();
    await page.waitForURL(/\/vars\/host-1\.html#[a-z0-9_]+$/);
    const section = page.locator(`article:has(h2:text-is("${name}"))`);
    assert.ok(await section.isVisible());
    assert.ok((await section.locator('tbody tr').count()) > 10, 'the UPS variables are there');
    assert.match(new URL(page.url()).hash, `#${await section.getAttribute('id')}`);
    assert.equal(await seriousAxeViolations(page), []);
    assert.equal(opened.errors, []);
  } finally {
    await opened.close();
  }
});

crowded('works with JavaScript off and opened as files, there and back', async ({ browser, hosted: { dir } }) => {
  const opened = await openPage(browser, pathToFileURL(path.join(dir, 'index.html')).href, { javaScriptEnabled: false });
  try {
    const { page } = opened;
    const name = await page.locator('article.card h3').first().innerText();
    await page.locator('article.card .more a').first().click();
    await page.waitForURL(/vars\/host-1\.html#/);
    const section = page.locator(`article:has(h2:text-is("${name}"))`);
    assert.ok((await section.locator('tbody tr').count()) > 10);
    await section.getByRole('link', { name: `Back to ${name} on the overview` }).click();
    await page.waitForURL(/index\.html#[a-z0-9_]+$/);
    assert.ok(await page.locator('article.card h3', { hasText: name }).first().isVisible());
  } finally {
    await opened.close();
  }
});

crowded('the variables page keeps itself current as the overview does', async ({ browser, server, hosted: { dir }, rig, page: first }) => {
  const opened = await openPage(browser, `${server.url}vars/host-1.html`, {}, { installed: Date.parse(first.snapshot.generatedAt) + 1000 });
  try {
    const { page } = opened;
    const next = await rig.generate();
    await writeOutputs(dir, next.files);
    assert.is(await nextRenewal(page), next.snapshot.generatedAt);
    assert.is(await page.locator('time[data-local]').getAttribute('datetime'), next.snapshot.generatedAt);
    assert.equal(opened.errors, []);
  } finally {
    await opened.close();
  }
});

crowded('the variables page draws only the sections near the screen, also after a renewal', async ({ browser, server, hosted: { dir }, rig, page: first }) => {
  // Every section laid out on each renewal froze the tab for seconds with 576 UPSes. A row of a
  // section the browser skips is not visible to checkVisibility with contentVisibilityAuto.
  const opened = await openPage(browser, `${server.url}vars/host-1.html`, {}, { installed: Date.parse(first.snapshot.generatedAt) + 1000 });
  const drawn = () =>
    opened.page.evaluate(() =>
      Array.from(document.querySelectorAll('article.card'), (section) => section.querySelector('tbody tr')?.checkVisibility({ contentVisibilityAuto: true })),
    );
  try {
    const { page } = opened;
    // The browser draws the sections in view with its first frames, after the load event: awaited,
    // not raced (on a busy machine the check ran before any was drawn).
    await page.waitForFunction(() => document.querySelector('article.card tbody tr')?.checkVisibility({ contentVisibilityAuto: true }));
    const before = await drawn();
    assert.is(before.length, UPS_COUNT);
    assert.equal([before[0], before.at(-1)], [true, false], 'the first section drawn, the last not yet');
    const next = await rig.generate();
    await writeOutputs(dir, next.files);
    await nextRenewal(page);
    assert.equal((await drawn()).at(-1), false, 'a renewal leaves the last section undrawn');
    await page.locator('article.card').last().scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelector('article.card:last-of-type tbody tr')?.checkVisibility({ contentVisibilityAuto: true }));
    // Printed, every section is on paper.
    await page.emulateMedia({ media: 'print' });
    await page.waitForFunction(() => matchMedia('print').matches);
    await page.waitForFunction(() => Array.from(document.querySelectorAll('article.card tbody tr')).every((row) => row.checkVisibility({ contentVisibilityAuto: true })));
    assert.equal(opened.errors, []);
  } finally {
    await opened.close();
  }
});

crowded.run();
