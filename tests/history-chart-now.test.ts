// The "now" of a 24-hour chart is the reading the card, status.json and the metrics give, not the
// average of the 5-minute slot under way: with a real upsd, a dummy-ups UPS goes from mains at
// 100 % to battery at 60 % within one slot, and the real command line runs a cycle before and
// after. Once the driver stops, the chart says no "now" at all, as the card says "No current data".

import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as assert from 'uvu/assert';
import { runCli } from './helpers/cli.ts';
import { parseExposition, sampleValue } from './helpers/exposition.ts';
import { suiteWith } from './helpers/suite.ts';
import { upsc } from './helpers/upsc.ts';
import { startUpsd, type Upsd } from './helpers/upsd.ts';
import { waitUntil } from './helpers/wait.ts';

const ON_MAINS = 'ups.status: OL\nbattery.charge: 100\nbattery.runtime: 1800\nups.load: 20\ninput.voltage: 230\n';
const ON_BATTERY = 'ups.status: OB DISCHRG\nbattery.charge: 60\nbattery.runtime: 600\nups.load: 40\ninput.voltage: 0\n';

interface Context {
  upsd: Upsd;
  dir: string;
}

const test = suiteWith<Context>('24-hour charts say the current reading as "now"', {
  async before(context) {
    context.upsd = await startUpsd([{ name: 'seq', dev: ON_MAINS }]);
    context.dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-chart-now-'));
    const { host, port } = context.upsd;
    await writeFile(path.join(context.dir, 'config.json'), JSON.stringify({ outDir: 'out', dataDir: 'data', hosts: [{ name: 'lab', host, port }] }));
  },
  async after(context) {
    await context.upsd?.stop();
    if (context.dir) await rm(context.dir, { recursive: true, force: true });
  },
});

async function cycle(dir: string) {
  const result = await runCli(['--config', path.join(dir, 'config.json'), '--once']);
  assert.is(result.code, 0, result.stderr);
  const read = (name: string) => readFile(path.join(dir, 'out', name), 'utf8');
  const [html, status, metrics] = await Promise.all([read('index.html'), read('status.json'), read('metrics')]);
  /** A 24-hour chart's words, as its image's name gives them to a screen reader. */
  const chart = (name: string) => new RegExp(`aria-label="${name} over the last 24 hours: ([^"]*)"`).exec(html)?.[1];
  const gauge = (label: string) => new RegExp(`<span class="label">${label}</span> <span class="big">([^<]*)</span>`).exec(html)?.[1];
  const byId = (JSON.parse(status) as { byId: Record<string, { batteryCharge: number | null; load: number | null; stale: boolean }> }).byId.lab_seq;
  return { html, chart, gauge, byId, samples: parseExposition(metrics) };
}

test('on battery: each chart\'s "now" is the figure the card, status.json and the metrics give', async ({ upsd, dir }) => {
  await cycle(dir);
  // dummy-ups reads a .dev file again when its time stamp changes (NUT docs/man/dummy-ups.txt, dummy-once).
  const dev = path.join(upsd.dir, 'etc', 'seq.dev');
  await writeFile(dev, ON_BATTERY);
  const later = new Date(Date.now() + 60_000);
  await utimes(dev, later, later);
  await waitUntil(async () => ((await upsc('seq', upsd.host, upsd.port))['battery.charge'] === '60' ? true : undefined), 'the UPS reaching battery');
  const seen = await cycle(dir);
  assert.is(seen.gauge('Battery charge'), '60 %');
  assert.is(seen.byId?.batteryCharge, 60);
  assert.is(sampleValue(seen.samples, 'upsview_ups_battery_charge_ratio', { host: 'lab', ups: 'seq' }), 0.6);
  assert.is(seen.chart('Charge'), 'now 60 %, 60 % to 100 % in 24 hours');
  assert.is(seen.gauge('Load'), '40 %');
  assert.is(seen.chart('Load'), 'now 40 %, 20 % to 40 % in 24 hours');
  assert.is(seen.gauge('Time left'), '10 min');
  assert.is(seen.chart('Runtime'), 'now 10 min, 10 min to 30 min in 24 hours');
  assert.is(seen.chart('Input voltage'), 'now 0 V, 0 V to 230 V in 24 hours');
});

test('no current data: the charts say what they held, and no "now"', async ({ upsd, dir }) => {
  await upsd.stopDriver('seq');
  const seen = await cycle(dir);
  assert.ok(seen.byId?.stale, 'the UPS has no current data');
  assert.match(seen.html, 'No current data (last known: on battery)');
  assert.is(seen.chart('Charge'), '60 % to 100 % in 24 hours');
  assert.is(seen.chart('Runtime'), '10 min to 30 min in 24 hours');
});

test.run();
