// deploy/cron/upsview, the /etc/cron.d line, run as cron would run it (its command, from /, paths
// pointed at this repository and a private config) against a real upsd: it writes the outputs and
// exits 0, and with the config's schedule set to the crontab's cadence, as the file says, the page
// refreshes on that cadence, not the default 30 s, and is not called out of date before a few runs
// were missed, even on the first run (no previous status.json to measure the cadence from).

import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import cron from 'node-cron';
import * as assert from 'uvu/assert';
import { collect, REPO } from './helpers/cli.ts';
import { ensureBundle } from './helpers/bundle.ts';
import { sampleUnits } from './helpers/sample-dumps.ts';
import { startUpsd, type Upsd } from './helpers/upsd.ts';
import { suiteWith } from './helpers/suite.ts';

interface Context {
  upsd: Upsd;
  dir: string;
  line: string;
}

const crontab = suiteWith<Context>('deploy: cron', {
  async before(context) {
    const lines = (await readFile(path.join(REPO, 'deploy', 'cron', 'upsview'), 'utf8')).split('\n');
    context.line = lines.find((line) => line.trim() && !line.startsWith('#')) ?? '';
    context.upsd = await startUpsd(sampleUnits().slice(0, 2));
    context.dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-deploy-cron-'));
    ensureBundle();
  },
  async after(context) {
    await context.upsd?.stop();
    if (context.dir) await rm(context.dir, { recursive: true, force: true });
  },
});

crontab('the cron.d line is five time fields, a user and a --once command', ({ line }) => {
  const words = line.split(/\s+/);
  assert.ok(cron.validate(words.slice(0, 5).join(' ')), line);
  assert.is(words[5], 'upsview');
  assert.is(words.at(-1), '--once');
});

crontab('its command writes the outputs, and the page follows the crontab cadence', async ({ line, upsd, dir }) => {
  const words = line.split(/\s+/);
  const config = path.join(dir, 'config.json');
  const hosts = [{ name: 'closet', host: upsd.host, port: upsd.port }];
  await writeFile(config, JSON.stringify({ schedule: words.slice(0, 5).join(' '), outDir: 'out', hosts }));
  const command = words
    .slice(6)
    .map((word) => word.replace('/opt/upsview', REPO).replace('/etc/upsview/config.json', config));
  const result = await collect(spawn(command[0] as string, command.slice(1), { cwd: '/', stdio: ['ignore', 'pipe', 'pipe'] }));
  assert.is(result.code, 0, result.stderr);
  const status = JSON.parse(await readFile(path.join(dir, 'out', 'status.json'), 'utf8')) as { summary: { upsCount: number } };
  assert.is(status.summary.upsCount, 2);
  const html = await readFile(path.join(dir, 'out', 'index.html'), 'utf8');
  assert.match(html, '<meta http-equiv="refresh" content="300">');
  // Out of date after a few missed runs of five minutes, whatever the exact count.
  const time = (attribute: string) => Date.parse(new RegExp(`${attribute}="([^"]+)"`).exec(html)?.[1] ?? '');
  const staleAfter = (time('data-stale-after') - time('data-generated')) / 1000;
  assert.ok(staleAfter >= 300 && staleAfter % 300 === 0, `stale after ${staleAfter} s`);
});

crontab.run();
