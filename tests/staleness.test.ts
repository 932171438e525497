// When the data counts as out of date (issue 9, item 7): status.json's staleAfter and the page's
// stale mark follow the job's real cadence, the schedule's longest gap or the gaps cycles really
// take when a slow host stretches them, and for --once from cron the time since the last run.

import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as assert from 'uvu/assert';
import type { Snapshot } from '../src/snapshot/types.ts';
import { runCli } from './helpers/cli.ts';
import { createCycler } from './helpers/cycle.ts';
import { suiteWith } from './helpers/suite.ts';
import { startUpsd, type Upsd } from './helpers/upsd.ts';

const stale = suiteWith<{ upsd: Upsd }>('staleness', {
  async before(context) {
    context.upsd = await startUpsd([{ name: 'rack', dev: 'ups.status: OL\n' }]);
  },
  async after({ upsd }) {
    await upsd?.stop();
  },
});

const secondsAhead = (status: Snapshot) => (Date.parse(status.staleAfter) - Date.parse(status.generatedAt)) / 1000;
const pageStaleAfter = (html: string) => /data-stale-after="([^"]+)"/.exec(html)?.[1];

stale('a one-second schedule whose cycles take four seconds goes stale after three of those', async ({ upsd }) => {
  const cycler = await createCycler({ schedule: '* * * * * *', hosts: [{ name: 'lab', host: upsd.host, port: upsd.port }] });
  let monotonic = 0;
  // Cycles start 4 s apart on the clock that never steps, as behind a host that takes 3-4 s.
  cycler.deps.monotonic = () => monotonic;
  try {
    const first = await cycler.run();
    assert.is(secondsAhead(first.status), 3, 'before any gap is seen: three schedule intervals');
    for (let cycle = 0; cycle < 3; cycle++) {
      monotonic += 4000;
      const published = await cycler.run();
      assert.is(secondsAhead(published.status), 12);
      assert.is(pageStaleAfter(published.html), published.status.staleAfter, 'the page marks itself stale at the same time');
    }
  } finally {
    await cycler.cleanup();
  }
});

stale('--once from a five-minute crontab with the 30 s default schedule: stale after 15 min, not 90 s', async ({ upsd }) => {
  const cycler = await createCycler({ hosts: [{ name: 'unused', host: '127.0.0.1' }] });
  const config = path.join(cycler.outDir, 'config.json');
  await writeFile(config, JSON.stringify({ outDir: 'out', hosts: [{ name: 'lab', host: upsd.host, port: upsd.port }] }));
  const statusFile = path.join(cycler.outDir, 'out', 'status.json');
  const read = async () => JSON.parse(await readFile(statusFile, 'utf8')) as Snapshot;
  try {
    assert.is((await runCli(['--once', '--config', config])).code, 0);
    assert.is(secondsAhead(await read()), 90, 'a first run knows only the schedule');
    // The previous run, as cron started it five minutes ago.
    const earlier = await read();
    const fiveMinutesAgo = new Date(Date.now() - 300_000).toISOString();
    await writeFile(statusFile, JSON.stringify({ ...earlier, generatedAt: fiveMinutesAgo }));
    assert.is((await runCli(['--once', '--config', config])).code, 0);
    const next = await read();
    assert.ok(secondsAhead(next) >= 900 && secondsAhead(next) < 910, `stale after ${secondsAhead(next)} s`);
    const html = await readFile(path.join(cycler.outDir, 'out', 'index.html'), 'utf8');
    assert.is(pageStaleAfter(html), next.staleAfter);
    assert.match(html, /renewed every 5 min,/);
  } finally {
    await cycler.cleanup();
  }
});

stale.run();
