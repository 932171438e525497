// The charge and load meters as assistive technology reads them, from a real upsd: a load over
// capacity (150 %, as a UPS reports just before it sheds its load) and a charge above 100 %, which
// no battery holds (drivers really send one): no reading, so no meter.

import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import * as assert from 'uvu/assert';
import { launchBrowser, openPage, seriousAxeViolations } from './helpers/browser.ts';
import { DUMPS, startPageRig, type PageRig } from './helpers/page-fixture.ts';
import { hostPage, type HostedPage } from './helpers/page-server.ts';
import { suiteWith } from './helpers/suite.ts';

interface Context {
  rig: PageRig;
  browser: Browser;
  hosted: HostedPage;
}

const meters = suiteWith<Context>('meters with readings out of range', {
  async before(context) {
    const dump = await readFile(DUMPS.online, 'utf8');
    const dev = dump.replace(/^ups\.load:.*$/m, 'ups.load: 150').replace(/^battery\.charge:.*$/m, 'battery.charge: 120');
    context.rig = await startPageRig([{ name: 'ups', dev }]);
    context.hosted = await hostPage((await context.rig.generate()).html);
    context.browser = await launchBrowser();
  },
  async after(context) {
    await context.browser?.close();
    await context.hosted?.close();
    await context.rig?.stop();
  },
});

meters('stay within their range for assistive technology and say the figure as read; a charge over 100 % draws none', async ({ browser, hosted }) => {
  const opened = await openPage(browser, hosted.server.url);
  try {
    const { page } = opened;
    const load = page.getByRole('meter', { name: 'Load' });
    const charge = page.getByRole('meter', { name: 'Battery charge' });
    assert.is(await load.getAttribute('aria-valuenow'), '100');
    assert.match((await load.getAttribute('aria-valuetext')) ?? '', /^Load 150 % \(overload\)/);
    assert.is(await charge.count(), 0);
    const row = page.locator('details.vars tr', { has: page.locator('th', { hasText: /^battery\.charge(?!\.)/ }) });
    assert.is(await row.locator('td').textContent(), '120 %', 'the variables still say what upsd sent');
    assert.equal(await seriousAxeViolations(page), []);
  } finally {
    await opened.close();
  }
});

meters.run();
