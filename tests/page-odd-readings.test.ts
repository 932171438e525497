// Readings real drivers send, as the page shows them in real headless Chromium: a load no UPS can
// report, a "not known" nominal voltage, and the page printed from a dark-mode system.

import type { Browser } from 'playwright-core';
import * as assert from 'uvu/assert';
import { launchBrowser, openPage, seriousAxeViolations, sidewaysOverflow } from './helpers/browser.ts';
import { DUMPS } from './helpers/page-fixture.ts';
import { readDump } from './helpers/page-dumps.ts';
import { createPageRenderer, type RenderPage } from './helpers/page-render.ts';
import { hostPage, type HostedPage } from './helpers/page-server.ts';
import { snapshotOf } from './helpers/page-snapshot.ts';
import { suiteWith } from './helpers/suite.ts';

interface Context {
  browser: Browser;
  render: RenderPage;
  hosted: HostedPage[];
}

/** From the DDL's APC Back-UPS RS 900 on usbhid-ups 2.4.1 (its dump marks the load "#BAD: clearly bogus"). */
const BOGUS_LOAD = {
  'battery.charge': '100',
  'battery.charge.low': '10',
  'battery.runtime': '2122',
  'input.voltage': '121.0',
  'ups.load': `22999999999999994${'0'.repeat(238)}`,
  'ups.model': 'Back-UPS RS 900',
  'ups.status': 'OL',
};

/** From the DDL's APC Smart-UPS 1000 on snmp-ups 2.7.4: -1 is how snmp-ups says "not known". */
const UNKNOWN_NOMINAL = {
  'battery.charge': '93.00',
  'battery.runtime': '70680.00',
  'battery.voltage': '25.60',
  'battery.voltage.nominal': '-1.00',
  'device.model': 'Smart-UPS 1000',
  'ups.load': '16.90',
  'ups.status': 'OB',
};

const readings = suiteWith<Context>('page readings from real drivers', {
  async before(context) {
    context.render = await createPageRenderer();
    context.hosted = [];
    context.browser = await launchBrowser();
  },
  async after(context) {
    await context.browser?.close();
    for (const hosted of context.hosted ?? []) await hosted.close();
  },
});

async function host(context: Context, ups: { name: string; vars: Record<string, string> }[]): Promise<string> {
  const hosted = await hostPage(context.render(snapshotOf([{ name: 'rack-a', ups }])));
  context.hosted.push(hosted);
  return hosted.server.url;
}

readings('a load no UPS can report (2.3e+254 %) draws no gauge and no overload, and the card fits a 320 px phone', async (context) => {
  const url = await host(context, [{ name: 'back-ups', vars: BOGUS_LOAD }]);
  const opened = await openPage(context.browser, url, { viewport: { width: 320, height: 800 } });
  try {
    const card = opened.page.locator('.card');
    assert.is(await card.locator('.gauge', { hasText: 'Load' }).count(), 0);
    assert.is(await card.locator('.gauge', { hasText: 'Battery charge' }).count(), 1, 'the other readings are drawn');
    assert.not.match((await card.textContent()) ?? '', /overload|capacity/i);
    assert.ok((await sidewaysOverflow(opened.page)) <= 0, 'the page scrolls sideways');
  } finally {
    await opened.close();
  }
});

readings('a nominal battery voltage the driver does not know is left out, not shown as -1 V', async (context) => {
  const url = await host(context, [{ name: 'smart-ups', vars: UNKNOWN_NOMINAL }]);
  const opened = await openPage(context.browser, url);
  try {
    const battery = opened.page.locator('.facts > div', { has: opened.page.locator('dt', { hasText: /^Battery$/ }) }).locator('dd');
    assert.is((await battery.textContent())?.trim(), '25.6 V');
  } finally {
    await opened.close();
  }
});

readings('printed from a dark-mode system, severity colours stay readable on paper', async (context) => {
  const url = await host(context, [
    { name: 'office', vars: readDump(DUMPS.onBattery) },
    { name: 'nas', vars: readDump(DUMPS.online) },
    { name: 'old-apc', vars: readDump(DUMPS.overload) },
  ]);
  const opened = await openPage(context.browser, url, { colorScheme: 'dark' });
  try {
    await opened.page.emulateMedia({ media: 'print' });
    // The time left of a UPS on battery is drawn in its severity colour.
    const timeLeft = opened.page.locator('.runtime.live .big');
    assert.ok((await timeLeft.count()) > 0, 'no time left counting down on the page');
    assert.equal(await seriousAxeViolations(opened.page), []);
  } finally {
    await opened.close();
  }
});

readings.run();
