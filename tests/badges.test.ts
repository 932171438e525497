import * as assert from 'uvu/assert';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createCycler, type Cycler } from './helpers/cycle.ts';
import { FOUR_UPS } from './helpers/four-ups.ts';
import { suiteWith } from './helpers/suite.ts';
import { startUpsd, upsdSeesDriver, type Upsd } from './helpers/upsd.ts';

const badges = suiteWith<{ upsd: Upsd; cycler: Cycler }>('shields.io badges', {
  async before(context) {
    context.upsd = await startUpsd(FOUR_UPS);
  },
  async afterEach({ cycler }) {
    await cycler?.cleanup();
  },
  async after({ upsd }) {
    await upsd?.stop();
  },
});

const badge = async (cycler: Cycler, name: string) => JSON.parse(await readFile(path.join(cycler.outDir, 'badges', name), 'utf8')) as unknown;

badges('one UPS on mains: "UPS: on mains 100 %" in green, for the site and for the UPS', async (context) => {
  context.cycler = await createCycler({ hosts: [{ name: 'nas', host: context.upsd.host, port: context.upsd.port, ups: ['ups'] }] });
  await context.cycler.run();
  assert.equal(await badge(context.cycler, 'site.json'), { schemaVersion: 1, label: 'UPS', message: 'on mains 100 %', color: 'brightgreen' });
  assert.equal(await badge(context.cycler, 'nas_ups.json'), { schemaVersion: 1, label: 'ups@nas', message: 'on mains 100 %', color: 'brightgreen' });
});

badges('the site badge leads with the worst UPS; each UPS badge says its own state', async (context) => {
  context.cycler = await createCycler({ hosts: [{ name: 'nas', host: context.upsd.host, port: context.upsd.port }] });
  await context.cycler.run();
  assert.equal(await badge(context.cycler, 'site.json'), { schemaVersion: 1, label: 'UPS', message: 'low: on battery 8 %, 1 min (+1 more)', color: 'red' });
  assert.equal(await badge(context.cycler, 'nas_onbatt.json'), { schemaVersion: 1, label: 'onbatt@nas', message: 'on battery 54 %, 12 min', color: 'orange' });
  assert.equal(await badge(context.cycler, 'nas_odd.json'), { schemaVersion: 1, label: 'odd@nas', message: 'on mains', color: 'green' });
  await context.upsd.stopDriver('ups');
  try {
    await context.cycler.run();
    assert.equal(await badge(context.cycler, 'nas_ups.json'), { schemaVersion: 1, label: 'ups@nas', message: 'no current data', color: 'orange' });
  } finally {
    await context.upsd.startDriver('ups');
    await upsdSeesDriver(context.upsd, 'ups');
  }
});

badges.run();
