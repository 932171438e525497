// A Raspberry Pi without a real-time clock boots at 1970, and cron starts the job before NTP sets
// the clock. On a first boot, or with a new dataDir, the store was begun then: the real command
// line, a real upsd, and the wall clock moved for the program alone.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as assert from 'uvu/assert';
import { suiteWith } from './helpers/suite.ts';
import { startUpsd, type Upsd } from './helpers/upsd.ts';
import { runCliAt } from './helpers/wall-clock-at.ts';

interface Context {
  upsd: Upsd;
  dir: string;
}

interface Status {
  generatedAt: string;
  staleAfter: string;
  historySince: string;
  events: { type: string; text: string }[];
}

const notSet = suiteWith<Context>('clock not yet set when the store begins', {
  async before(context) {
    context.upsd = await startUpsd([{ name: 'ups', dev: 'ups.status: OL\nbattery.charge: 100\nups.load: 20\nups.realpower.nominal: 500\n' }]);
  },
  async beforeEach(context) {
    context.dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-clock-'));
  },
  async afterEach({ dir }) {
    if (dir) await rm(dir, { recursive: true, force: true });
  },
  after: async ({ upsd }) => upsd?.stop(),
});

/** Runs `--once` from cron at each wall-clock time in turn; returns status.json and the page after the last. */
async function cronRunsAt({ upsd, dir }: Context, times: readonly string[]) {
  const config = path.join(dir, 'config.json');
  await writeFile(config, JSON.stringify({ schedule: '*/5 * * * *', outDir: 'out', dataDir: 'data', hosts: [{ name: 'pi', host: upsd.host, port: upsd.port }] }));
  const logs: string[] = [];
  for (const at of times) {
    const run = await runCliAt(at, ['--once', '--config', config]);
    assert.is(run.code, 0, run.stderr);
    logs.push(run.stderr);
  }
  const status = JSON.parse(await readFile(path.join(dir, 'out', 'status.json'), 'utf8')) as Status;
  return { status, page: await readFile(path.join(dir, 'out', 'index.html'), 'utf8'), logs };
}

notSet('once NTP sets the clock, the history begins then: no 1970, no gap of 56 years, out of date on time', async (context) => {
  const { status, page, logs } = await cronRunsAt(context, ['1970-01-01T00:00:10Z', '1970-01-01T00:05:10Z', '2026-11-27T10:00:00Z']);
  const paused = logs[0]?.split('\n').find((line) => line.includes('"history-paused"'));
  assert.match(paused ?? '', '"reason":"the clock is not set yet (it reads before 2020)"', 'the first run says why it records nothing');
  assert.ok(status.generatedAt.startsWith('2026-11-27T10:00'), status.generatedAt);
  assert.ok(status.historySince.startsWith('2026-11-27T10:00'), `history since ${status.historySince}`);
  assert.equal(status.events.map((event) => event.text), [], 'no monitoring gap back to 1970');
  assert.not.match(page, /1970/, 'the page names no 1970 time or energy month');
  // The file written at 1970 tells nothing of how often cron runs: three schedule intervals.
  assert.is((Date.parse(status.staleAfter) - Date.parse(status.generatedAt)) / 1000, 3 * 300, `stale after ${status.staleAfter}`);
});

notSet('the cycles run on the right clock next are recorded as usual', async (context) => {
  const { status } = await cronRunsAt(context, ['1970-01-01T00:00:10Z', '2026-11-27T10:00:00Z', '2026-11-27T10:05:00Z']);
  assert.ok(status.historySince.startsWith('2026-11-27T10:00'), `history since ${status.historySince}`);
  assert.equal(status.events, []);
  assert.is((Date.parse(status.staleAfter) - Date.parse(status.generatedAt)) / 1000, 3 * 300);
});

notSet.run();
