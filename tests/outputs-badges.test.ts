// What a badge says when the UPS or host needs attention but its power source alone reads as fine:
// a UPS on mains with a battery to replace, an overload or an alarm, and a upsd that answers but
// lists no UPS. Read from the files a real cycle wrote.

import * as assert from 'uvu/assert';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createCycler, type Cycler } from './helpers/cycle.ts';
import { startFakeServer, type FakeServer } from './helpers/fake-server.ts';
import { suiteWith } from './helpers/suite.ts';
import { startUpsd, type Upsd } from './helpers/upsd.ts';

interface Context {
  upsd: Upsd;
  fake: FakeServer;
  cycler: Cycler;
}

const badges = suiteWith<Context>('badges of a UPS or host that needs attention', {
  async before(context) {
    context.upsd = await startUpsd([
      { name: 'fine', dev: 'ups.status: OL CHRG\nbattery.charge: 100\n' },
      { name: 'worn', dev: 'ups.status: OL RB\nbattery.charge: 100\n' },
      { name: 'heavy', dev: 'ups.status: OL OVER\nbattery.charge: 97\nups.load: 130\n' },
      { name: 'onbatt', dev: 'ups.status: OB DISCHRG\nbattery.charge: 54\nbattery.runtime: 720\n' },
    ]);
  },
  async afterEach({ fake, cycler }) {
    await cycler?.cleanup();
    await fake?.close();
  },
  async after({ upsd }) {
    await upsd?.stop();
  },
});

const badge = async (cycler: Cycler, name: string) => JSON.parse(await readFile(path.join(cycler.outDir, 'badges', name), 'utf8')) as Record<string, unknown>;

badges('a UPS on mains that needs attention says why, on its own badge and on the site badge', async (context) => {
  const { upsd } = context;
  context.cycler = await createCycler({ hosts: [{ name: 'nas', host: upsd.host, port: upsd.port }] });
  const { status } = await context.cycler.run();
  assert.is(status.byId.nas_worn?.reason, 'Battery needs replacing');
  assert.equal(await badge(context.cycler, 'nas_worn.json'), { schemaVersion: 1, label: 'worn@nas', message: 'on mains 100 %, battery needs replacing', color: 'orange' });
  assert.equal(await badge(context.cycler, 'nas_heavy.json'), { schemaVersion: 1, label: 'heavy@nas', message: 'on mains 97 %, overloaded', color: 'red' });
  // Words that already say what is wrong, and a UPS that is fine, are as they were.
  assert.equal(await badge(context.cycler, 'nas_onbatt.json'), { schemaVersion: 1, label: 'onbatt@nas', message: 'on battery 54 %, 12 min', color: 'orange' });
  assert.equal(await badge(context.cycler, 'nas_fine.json'), { schemaVersion: 1, label: 'fine@nas', message: 'on mains 100 %', color: 'brightgreen' });
  assert.equal(await badge(context.cycler, 'site.json'), { schemaVersion: 1, label: 'UPS', message: 'heavy: on mains 97 %, overloaded (+2 more)', color: 'red' });
});

badges('a new reason with the same state and figures gives a new badge the next cycle', async (context) => {
  const units = { ups: { 'ups.status': 'OL ALARM', 'ups.alarm': 'Fan failure', 'battery.charge': '100' } };
  context.fake = await startFakeServer({ units });
  context.cycler = await createCycler({ hosts: [{ name: 'nas', host: context.fake.host, port: context.fake.port }] });
  await context.cycler.run();
  assert.is((await badge(context.cycler, 'nas_ups.json')).message, 'on mains 100 %, alarm: Fan failure');
  units.ups['ups.alarm'] = 'Battery disconnected';
  await context.cycler.run();
  assert.is((await badge(context.cycler, 'nas_ups.json')).message, 'on mains 100 %, alarm: Battery disconnected');
});

// upsd itself will not start without a UPS (see tests/faults-fake.test.ts): the empty list is scripted.
badges('a upsd that answers but lists no UPS is not called down', async (context) => {
  const { upsd } = context;
  context.fake = await startFakeServer({ units: {} });
  context.cycler = await createCycler({
    hosts: [
      { name: 'nas', host: upsd.host, port: upsd.port, ups: ['fine'] },
      { name: 'bare', host: context.fake.host, port: context.fake.port },
    ],
  });
  const { status } = await context.cycler.run();
  assert.equal(status.summary.hostsDown, []);
  assert.equal(await badge(context.cycler, 'site.json'), { schemaVersion: 1, label: 'UPS', message: 'host bare lists no UPS', color: 'orange' });
  await context.fake.close();
  await context.cycler.run();
  assert.equal(await badge(context.cycler, 'site.json'), { schemaVersion: 1, label: 'UPS', message: 'host bare down', color: 'orange' });
});

badges.run();
