// The page renewing itself in real headless Chromium, against a loopback server whose answers each
// test sets: what the reader sees after a renewal, and renewals that go wrong (a half-written file,
// a request never answered, a skewed clock, storage blocked, an extension's styles).

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContextOptions, Page } from 'playwright-core';
import * as assert from 'uvu/assert';
import { launchBlockingSiteData, sidewaysOverflow } from './helpers/browser.ts';
import type { Reply } from './helpers/page-server.ts';
import { NOW, onMains, snapshotAt, type FakeHost } from './helpers/page-snapshot.ts';
import { CYCLE, generated, openRenewing, recordUpdates, renewalSuite, runUntil, staleShown, updates, type RenewalContext } from './helpers/page-renewal.ts';

type Context = RenewalContext;

const renewal = renewalSuite('page renewal in Chromium');

const T0 = NOW.getTime();
const at = (cycle: number) => new Date(T0 + cycle * CYCLE);

/** A cycle's page as the server gives it, its Date header on the server's clock (the job's). */
function pageOf(context: Context, hosts: readonly FakeHost[], cycle: number, file = 'index.html', serverSkewMs = 0): Reply {
  const body = context.render(snapshotAt(hosts, at(cycle)))[file];
  if (body === undefined) throw new Error(`no ${file} was rendered`);
  return { body, headers: { date: new Date(at(cycle).getTime() + serverSkewMs).toUTCString() } };
}

const twoOnMains = (charge = '100'): FakeHost[] => [{ name: 'nas', ups: [{ name: 'a', vars: onMains() }, { name: 'b', vars: onMains({ 'battery.charge': charge }) }] }];

/** Waits, in real time, for the page's `count`th renewal, whatever moves its clock. */
async function renewals(page: Page, count: number): Promise<void> {
  const renewed = page.evaluate((count) => new Promise<void>((resolve) => {
    const win = window as unknown as { updates: string[] };
    if (win.updates.length >= count) return resolve();
    document.addEventListener('upsview:updated', () => {
      if (win.updates.length >= count) resolve();
    });
  }), count);
  // Generous: the answer comes from loopback. A Node timer, as the page's ones stand still.
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`renewal ${count} did not come`)), 15_000)));
  try {
    await Promise.race([renewed, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Serves `reply` from now on and moves the clock until the page shows it. */
async function renewTo(context: Context, page: Page, reply: Reply, file = '/index.html'): Promise<void> {
  const before = (await updates(page)).length;
  context.server.routes.set(file, reply);
  await runUntil(page, async () => (await updates(page)).length > before, 'renewal');
}

/** Opens `url` with the page's clock installed at `time`. */
const open = (context: Context, url: string, time: number, options: BrowserContextOptions = {}) => openRenewing(context.browser, url, time, options);

renewal('renews the footer and the layout, and keeps focus on a problem link in the header', async (context) => {
  const one: FakeHost[] = [{ name: 'nas', ups: [{ name: 'b', vars: { 'ups.status': 'OB', 'battery.charge': '50' } }] }];
  const two: FakeHost[] = [{ name: 'nas', ups: [{ name: 'a', vars: onMains() }, { name: 'b', vars: { 'ups.status': 'OB', 'battery.charge': '49' } }] }];
  context.server.routes.set('/index.html', pageOf(context, one, 0));
  const opened = await open(context, context.server.url, T0 + 1000);
  try {
    const { page } = opened;
    assert.is(await page.evaluate(() => document.body.className), 'layout-single');
    assert.match(await page.locator('footer').innerText(), 'generated 2026-11-25 08:46:12 UTC');
    await page.locator('.problems a', { hasText: 'b' }).focus();

    await renewTo(context, page, pageOf(context, two, 1));
    assert.is(await generated(page), at(1).toISOString());
    assert.match(await page.locator('footer').innerText(), 'generated 2026-11-25 08:46:42 UTC');
    assert.is(await page.evaluate(() => document.body.className), 'layout-grid');
    assert.is(await page.locator('article.card').count(), 2);
    // The link to b, now b's new card id.
    assert.equal(await page.evaluate(() => [document.activeElement?.closest('.problems') !== null, document.activeElement?.textContent]), [true, 'b']);
    assert.equal(opened.errors, []);
  } finally {
    await opened.close();
  }
});

renewal('keeps focus on the link back to the overview of a variables page', async (context) => {
  const hosts = (charge: string): FakeHost[] => [{ name: 'nas', ups: Array.from({ length: 10 }, (_, i) => ({ name: `u${i}`, vars: onMains({ 'battery.charge': charge }) })) }];
  context.server.routes.set('/vars/host-1.html', pageOf(context, hosts('100'), 0, 'vars/host-1.html'));
  const opened = await open(context, `${context.server.url}vars/host-1.html`, T0 + 1000);
  try {
    const { page } = opened;
    await page.locator('.site a').focus();
    await renewTo(context, page, pageOf(context, hosts('99'), 1, 'vars/host-1.html'), '/vars/host-1.html');
    assert.is(await generated(page), at(1).toISOString());
    assert.is(await page.evaluate(() => document.activeElement?.matches('.site a')), true);
  } finally {
    await opened.close();
  }
});

renewal('judges age on the server clock, from its Date header, when the browser clock is off', async (context) => {
  // A cycle per request: the job writes a new page between any two.
  let cycle = 0;
  context.server.routes.set('/index.html', () => pageOf(context, twoOnMains(), cycle++));
  // The browser's clock two minutes ahead: by it, fresh data is past its staleAfter (90 s).
  const opened = await open(context, context.server.url, T0 + 120_000 + 500);
  try {
    const { page } = opened;
    // Until the first renewal brings a Date header, the browser's clock is all there is.
    assert.is(await staleShown(page), true);
    await page.clock.runFor(CYCLE);
    await renewals(page, 1);
    assert.is(await staleShown(page), false);
    assert.match(await page.locator('[data-age]').innerText(), /^updated \d s ago$/);
    assert.not.match(await page.title(), /Out of date/);
    await page.clock.runFor(CYCLE);
    await renewals(page, 2);
    assert.is(await staleShown(page), false);
    assert.is(await generated(page), at(2).toISOString());
  } finally {
    await opened.close();
  }
});

renewal('takes no half-written page, then takes the whole one of the same cycle', async (context) => {
  const hosts: FakeHost[] = [{ name: 'nas', ups: ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => ({ name, vars: onMains() })) }];
  context.server.routes.set('/index.html', pageOf(context, hosts, 0));
  const opened = await open(context, context.server.url, T0 + 1000);
  try {
    const { page } = opened;
    const whole = pageOf(context, hosts, 1);
    const body = whole.body ?? '';
    for (const cut of [body.indexOf('id="nas_c"'), body.indexOf('<main'), body.indexOf('</footer>')]) {
      const requests = context.server.requested.length;
      context.server.routes.set('/index.html', { ...whole, body: body.slice(0, cut) });
      await runUntil(page, async () => context.server.requested.length > requests, 'a renewal request');
    }
    await renewTo(context, page, whole);
    assert.equal(await updates(page), [at(1).toISOString()]);
    assert.is(await page.locator('main article.card').count(), 6);
    assert.match(await page.locator('[data-age]').innerText(), /^updated \d+ s ago$/);
    assert.equal(opened.errors, []);
  } finally {
    await opened.close();
  }
});

renewal('goes on renewing after a request that is never answered', async (context) => {
  let requests = 0;
  context.server.routes.set('/index.html', () => (++requests === 2 ? { hang: true } : pageOf(context, twoOnMains(), requests)));
  const opened = await open(context, context.server.url, T0 + 1000);
  try {
    const { page } = opened;
    await runUntil(page, async () => (await updates(page)).length > 0, 'a renewal after the hung request');
    assert.ok(requests >= 3);
    assert.is(await staleShown(page), false);
  } finally {
    await opened.close();
  }
});

renewal('keeps open sections and focus when an extension puts its own <style> first', async (context) => {
  const hosts = (charge: string): FakeHost[] => [{ name: 'nas', ups: ['a', 'b', 'c', 'd'].map((name) => ({ name, vars: onMains({ 'battery.charge': charge }) })) }];
  context.server.routes.set('/index.html', pageOf(context, hosts('100'), 0));
  const browserContext = await context.browser.newContext();
  // As extensions like Dark Reader do, at document start.
  await browserContext.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (!document.head) return;
      const style = document.createElement('style');
      style.textContent = 'html { scrollbar-color: #444 #222 }';
      document.head.prepend(style);
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
  });
  const page = await browserContext.newPage();
  try {
    await page.addInitScript(recordUpdates);
    await page.clock.install({ time: T0 + 1000 });
    await page.goto(context.server.url);
    let loads = 0;
    page.on('load', () => loads++);
    assert.is(await page.evaluate(() => document.querySelector('style')?.id), '', 'the extension style comes first');
    await page.locator('#nas_c details.vars summary').click();
    const requests = context.server.requested.length;
    context.server.routes.set('/index.html', pageOf(context, hosts('99'), 1));
    await runUntil(page, async () => context.server.requested.length > requests && (loads > 0 || (await updates(page)).length > 0), 'renewal');
    assert.is(loads, 0, 'no full reload');
    assert.is(await page.locator('#nas_c details.vars').getAttribute('open'), '');
    assert.is(await page.evaluate(() => document.activeElement?.closest('#nas_c') !== null), true);
  } finally {
    await browserContext.close();
  }
});

renewal('opened as a file with site data blocked, still turns stale and reloads', async (context) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-blocked-'));
  const browserContext = await launchBlockingSiteData(path.join(dir, 'profile'));
  try {
    const file = path.join(dir, 'index.html');
    await writeFile(file, pageOf(context, twoOnMains(), 0).body ?? '');
    const page = await browserContext.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.clock.install({ time: T0 + 80_000 });
    await page.goto(pathToFileURL(file).href);
    assert.match(await page.evaluate(() => { try { return String(sessionStorage.length); } catch (error) { return String(error); } }), /SecurityError/);
    const reloaded = page.waitForEvent('load');
    await page.clock.runFor(CYCLE);
    await reloaded;
    assert.is(await staleShown(page), true);
    assert.match(await page.title(), /^Out of date · /);
    assert.equal(errors, []);
  } finally {
    await browserContext.close();
    await rm(dir, { recursive: true, force: true });
  }
});

renewal('fits 320 px with long host and UPS names, light and dark, overview and variables page', async (context) => {
  const hosts: FakeHost[] = [
    { name: 'nas-primary.storage.example.internal', ups: [
      { name: 'serverroom_rack_a_eaton5px', description: 'Eaton9PX3000iRT2U-serverroom-rackA', vars: { 'ups.status': 'OB LB', 'battery.charge': '12', 'battery.runtime': '180' } },
      ...Array.from({ length: 9 }, (_, i) => ({ name: `apc-smart-ups-1500-office-desk-${i}`, vars: onMains() })),
    ] },
    { name: 'monitoring-host-behind-the-firewall.example.org', error: { code: 'CONNECTION-REFUSED', message: 'connect ECONNREFUSED 192.168.100.200:3493' } },
  ];
  const files = context.render(snapshotAt(hosts, at(0)));
  for (const [name, body] of Object.entries(files)) context.server.routes.set(`/${name}`, { body });
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const file of ['index.html', 'vars/host-1.html']) {
      const opened = await open(context, `${context.server.url}${file}`, T0 + 1000, { viewport: { width: 320, height: 800 }, colorScheme });
      try {
        const overflow = await sidewaysOverflow(opened.page);
        assert.ok(overflow <= 0, `${colorScheme} ${file} overflows by ${overflow} px`);
      } finally {
        await opened.close();
      }
    }
  }
});

renewal('leaves a card that did not change alone: its selected text and focus stay', async (context) => {
  const hosts = (charge: string): FakeHost[] => [{ name: 'nas', ups: [
    { name: 'steady', vars: onMains({ 'ups.serial': 'AS1234567890' }) },
    { name: 'moving', vars: onMains({ 'battery.charge': charge }) },
  ] }];
  context.server.routes.set('/index.html', pageOf(context, hosts('100'), 0));
  const opened = await open(context, context.server.url, T0 + 1000);
  try {
    const { page } = opened;
    await page.locator('#nas_steady details.vars summary').click();
    await page.evaluate(() => {
      const win = window as unknown as { blurs: number };
      win.blurs = 0;
      document.addEventListener('focusout', () => win.blurs++);
      const cell = Array.from(document.querySelectorAll('#nas_steady td')).find((td) => td.textContent === 'AS1234567890');
      if (cell) getSelection()?.selectAllChildren(cell);
    });
    await renewTo(context, page, pageOf(context, hosts('99'), 1));
    assert.match(await page.locator('#nas_moving').innerText(), /99 %/);
    assert.is(await page.evaluate(() => getSelection()?.toString()), 'AS1234567890');
    assert.is(await page.evaluate(() => document.activeElement?.matches('#nas_steady summary')), true);
    assert.is(await page.evaluate(() => (window as unknown as { blurs: number }).blurs), 0, 'no blur for a screen reader to announce');
  } finally {
    await opened.close();
  }
});

renewal.run();
