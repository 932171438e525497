// The page left open for days on a wall tablet or a kiosk, in real headless Chromium: the
// computer sleeping and waking, the tab hidden for hours, a new upsview version deployed
// meanwhile, and hundreds of renewals without the page growing.

import { readFile } from 'node:fs/promises';
import type { Route } from 'playwright-core';
import * as assert from 'uvu/assert';
import { writeOutputs } from '../src/publish/atomic-write.ts';
import { DUMPS, startPageRig } from './helpers/page-fixture.ts';
import { CYCLE, generated, openRenewing, renewalSuite, runUntil, setTabHidden, shown, staleShown, updates, type RenewalContext } from './helpers/page-renewal.ts';
import { hostFiles, type Reply } from './helpers/page-server.ts';
import { NOW, onMains, snapshotAt, type FakeHost } from './helpers/page-snapshot.ts';
import { waitUntil } from './helpers/wait.ts';

type Context = RenewalContext;

const kiosk = renewalSuite('page left open on a kiosk');

const T0 = NOW.getTime();

const nas = (charge: string): FakeHost[] => [{ name: 'nas', ups: [{ name: 'a', vars: onMains() }, { name: 'b', vars: onMains({ 'battery.charge': charge }) }] }];

/** The page the job writes at `time`, its Date header on the same clock. */
function pageAt(context: Context, hosts: readonly FakeHost[], time: number): Reply {
  const body = context.render(snapshotAt(hosts, new Date(time)))['index.html'];
  if (body === undefined) throw new Error('no index.html was rendered');
  return { body, headers: { date: new Date(time).toUTCString() } };
}

const iso = (time: number) => new Date(time).toISOString();

kiosk('renews as soon as the computer wakes from sleep, not a refresh period later', async (context) => {
  context.server.routes.set('/index.html', pageAt(context, nas('100'), T0));
  const opened = await openRenewing(context.browser, context.server.url, T0 + 1000);
  try {
    const { page } = opened;
    // Asleep for two hours: the wall clock goes on, the page's timers do not.
    const wake = T0 + 2 * 3600_000;
    await page.clock.setSystemTime(wake);
    context.server.routes.set('/index.html', pageAt(context, nas('97'), wake - 5000));
    await page.clock.runFor(2000);
    await shown(page, iso(wake - 5000));
    assert.is(await staleShown(page), false);
    assert.not.match(await page.title(), /Out of date/);
    assert.is(opened.reloads(), 0);
  } finally {
    await opened.close();
  }
});

kiosk('waking while the server is still down says "Out of date" at once, then recovers by itself', async (context) => {
  context.server.routes.set('/index.html', pageAt(context, nas('100'), T0));
  const opened = await openRenewing(context.browser, context.server.url, T0 + 1000);
  try {
    const { page } = opened;
    const wake = T0 + 2 * 3600_000;
    context.server.routes.set('/index.html', { status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' });
    await page.clock.setSystemTime(wake);
    await page.clock.runFor(1000);
    assert.is(await staleShown(page), true);
    assert.match(await page.title(), /^Out of date · /);
    assert.match(await page.locator('[data-age]').innerText(), /^updated 2 h 00 min ago$/);
    assert.is(await generated(page), iso(T0), 'the last content is kept');

    context.server.routes.set('/index.html', pageAt(context, nas('96'), wake + 20_000));
    await runUntil(page, async () => (await updates(page)).length > 0, 'renewal once the server is back');
    assert.is(await staleShown(page), false);
    assert.match(await page.locator('main').innerText(), /96 %/);
    assert.is(opened.reloads(), 0);
    assert.equal(opened.errors, []);
  } finally {
    await opened.close();
  }
});

kiosk('keeps its content through refused connections, 404, 502, an error page and a half-written file', async (context) => {
  context.server.routes.set('/index.html', pageAt(context, nas('100'), T0));
  const opened = await openRenewing(context.browser, context.server.url, T0 + 1000);
  try {
    const { page, browserContext } = opened;
    const refuse = (route: Route) => route.abort('connectionrefused');
    await browserContext.route(context.server.url, refuse);
    await page.clock.runFor(CYCLE);
    await browserContext.unroute(context.server.url, refuse);
    const whole = pageAt(context, nas('99'), T0 + 2 * CYCLE).body ?? '';
    const faults: Reply[] = [
      { status: 404, body: 'Not Found' },
      { status: 502, body: '<html><body>Bad Gateway</body></html>' },
      // A captive portal or a maintenance page, answered with 200.
      { body: '<!doctype html><html><head><title>Sign in</title></head><body><main>Welcome</main></body></html>' },
      { body: whole.slice(0, whole.indexOf('</main>')) },
    ];
    for (const fault of faults) {
      const requests = context.server.requested.length;
      context.server.routes.set('/index.html', fault);
      await runUntil(page, async () => context.server.requested.length > requests, 'a renewal request');
    }
    assert.is(await generated(page), iso(T0));
    assert.is(await page.locator('main article.card').count(), 2);
    assert.is(await staleShown(page), true, 'past three schedule intervals');

    context.server.routes.set('/index.html', pageAt(context, nas('98'), T0 + 7 * CYCLE));
    await runUntil(page, async () => (await updates(page)).length > 0, 'renewal once the server is back');
    assert.is(await staleShown(page), false);
    assert.match(await page.locator('main').innerText(), /98 %/);
    assert.is(opened.reloads(), 0);
    assert.equal(opened.errors, []);
  } finally {
    await opened.close();
  }
});

kiosk('the job restarts and the web server is down meanwhile: the page waits, then shows the new value', async (context) => {
  const rig = await startPageRig([{ name: 'nas', dev: await readFile(DUMPS.online, 'utf8') }]);
  // Real time here: the folder's server dates its answers by the real clock.
  const first = await rig.generate();
  const hosted = await hostFiles(first.files);
  const opened = await openRenewing(context.browser, hosted.server.url, Date.parse(first.snapshot.generatedAt) + 1000);
  try {
    const { page, browserContext } = opened;
    const refuse = (route: Route) => route.abort('connectionrefused');
    await browserContext.route(hosted.server.url, refuse);
    await page.clock.runFor(4 * CYCLE);
    assert.is(await staleShown(page), true);
    // The job starts again, as a new process, and polls the value upsd now serves.
    await rig.setVar('nas', 'battery.charge', '57');
    const restarted = await rig.generate({ fresh: true });
    await writeOutputs(hosted.dir, restarted.files);
    await browserContext.unroute(hosted.server.url, refuse);
    await runUntil(page, async () => (await updates(page)).length > 0, 'renewal once the server is back');
    assert.equal(await updates(page), [restarted.snapshot.generatedAt]);
    assert.match(await page.locator('main').innerText(), /Battery charge\s+57 %/i);
    assert.is(await staleShown(page), false);
    assert.is(opened.reloads(), 0);
    assert.equal(opened.errors, []);
  } finally {
    await opened.close();
    await hosted.close();
    await rig.stop();
  }
});

kiosk('a tab shown after hours renews once, and a late answer never puts older data over newer', async (context) => {
  context.server.routes.set('/index.html', pageAt(context, nas('100'), T0));
  const opened = await openRenewing(context.browser, context.server.url, T0 + 1000);
  try {
    const { page } = opened;
    // Requests held until the test answers them, in the order it chooses.
    const held: Route[] = [];
    await page.route(context.server.url, (route) => void held.push(route));
    await setTabHidden(page, true);
    // Background tabs' timers run late: each due one fires once at the end.
    await page.clock.fastForward(3 * 3600_000);
    await page.clock.runFor(10_000);
    assert.is(held.length, 0, 'no renewal while hidden');
    const shownAt = T0 + 1000 + 3 * 3600_000 + 10_000;
    await setTabHidden(page, false);
    await waitUntil(async () => (held.length > 0 ? true : undefined), 'a renewal as soon as the tab is shown');
    assert.is(await staleShown(page), true, 'old data is not shown as current');
    // The first request is slow; the schedule comes round while it is out.
    await page.clock.runFor(CYCLE - 10_000);
    const older = pageAt(context, nas('99'), shownAt - 5000);
    const newer = pageAt(context, nas('98'), shownAt + CYCLE - 15_000);
    for (const [i, route] of [...held.entries()].reverse()) await route.fulfill({ status: 200, contentType: 'text/html', ...(i === 0 ? older : newer) });
    await shown(page, iso(shownAt - 5000));
    const seen = await updates(page);
    assert.equal(seen, [...seen].sort(), `renewals in order: ${seen.join(', ')}`);
    assert.is(await generated(page), iso(shownAt - 5000));
    assert.is(held.length, 1, 'one request at a time');
    assert.is(opened.reloads(), 0);
  } finally {
    await opened.close();
  }
});

/** `reply` as a later upsview version would write it: `change` rewrites its frame. */
function laterVersion(reply: Reply, change: (html: string) => string): Reply {
  const body = change(reply.body ?? '');
  if (body === reply.body) throw new Error('the page has not the markup a later version is made from');
  return { ...reply, body };
}

const newScript = (html: string) => html.replace('</footer>\n<script>', '</footer>\n<script>window.laterVersion = true;\n');
const newIcons = (html: string) => html.replace('<symbol id="i-ok" viewBox="0 0 24 24">', '<symbol id="i-ok" viewBox="0 0 24 24"><title>ok</title>');

kiosk('a new upsview version deployed meanwhile is loaded whole, once, not mixed with the old one', async (context) => {
  context.server.routes.set('/index.html', pageAt(context, nas('100'), T0));
  const opened = await openRenewing(context.browser, context.server.url, T0 + 1000);
  try {
    const { page } = opened;
    context.server.routes.set('/index.html', laterVersion(pageAt(context, nas('99'), T0 + CYCLE), newScript));
    await runUntil(page, async () => opened.reloads() > 0, 'a full load of the new script');
    assert.is(await page.evaluate(() => (window as unknown as { laterVersion?: boolean }).laterVersion), true);

    context.server.routes.set('/index.html', laterVersion(pageAt(context, nas('98'), T0 + 2 * CYCLE), (html) => newIcons(newScript(html))));
    await runUntil(page, async () => opened.reloads() > 1, 'a full load of the new icons');
    assert.is(await page.locator('#i-ok title').count(), 1);

    // The same version again: renewed in place, no reload loop.
    context.server.routes.set('/index.html', laterVersion(pageAt(context, nas('97'), T0 + 3 * CYCLE), (html) => newIcons(newScript(html))));
    await runUntil(page, async () => (await updates(page)).length > 0, 'a renewal in place');
    assert.is(opened.reloads(), 2);
    assert.match(await page.locator('main').innerText(), /97 %/);
    assert.equal(opened.errors, []);
  } finally {
    await opened.close();
  }
});

/** DOM nodes, event listeners and JavaScript heap of the page after a full garbage collection. */
async function footprint(opened: Awaited<ReturnType<typeof openRenewing>>): Promise<{ nodes: number; listeners: number; heap: number }> {
  const cdp = await opened.browserContext.newCDPSession(opened.page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const counters = await cdp.send('Memory.getDOMCounters');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return { nodes: counters.nodes, listeners: counters.jsEventListeners, heap: usedSize };
  } finally {
    await cdp.detach();
  }
}

kiosk('stays the same size over 200 renewals with changing data and a UPS that comes and goes', async (context) => {
  // A spare UPS on every other cycle, so whole sections come and go as well as values.
  const hosts = (cycle: number): FakeHost[] => [{ name: 'nas', ups: [
    { name: 'a', vars: onMains({ 'ups.load': String(cycle % 90) }) },
    { name: 'b', vars: onMains({ 'battery.charge': String(100 - (cycle % 40)) }) },
    ...(cycle % 2 === 0 ? [{ name: 'spare', vars: onMains() }] : []),
  ] }];
  context.server.routes.set('/index.html', pageAt(context, hosts(0), T0));
  const opened = await openRenewing(context.browser, context.server.url, T0 + 1000);
  try {
    const { page } = opened;
    const renewTo = async (cycle: number) => {
      context.server.routes.set('/index.html', pageAt(context, hosts(cycle), T0 + cycle * CYCLE));
      await page.clock.runFor(CYCLE);
      await shown(page, iso(T0 + cycle * CYCLE));
    };
    // Warmed up first: the first renewals compile the code they run.
    for (let cycle = 1; cycle <= 20; cycle++) await renewTo(cycle);
    const before = await footprint(opened);
    for (let cycle = 21; cycle <= 220; cycle++) await renewTo(cycle);
    const after = await footprint(opened);
    // A few text nodes come and go with the values; one card kept past its time is hundreds.
    assert.ok(after.nodes - before.nodes < 50, `DOM nodes: ${before.nodes}, then ${after.nodes}`);
    assert.is(after.listeners, before.listeners, 'event listeners');
    assert.ok(after.heap - before.heap < 256 * 1024, `heap grew by ${after.heap - before.heap} bytes`);
    assert.is(await page.locator('main article.card').count(), 3);
    assert.equal(opened.errors, []);
  } finally {
    await opened.close();
  }
});

kiosk.run();
