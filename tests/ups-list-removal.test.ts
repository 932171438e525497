// A UPS taken out of a host's `ups` list leaves the page (README "Config"), also one that upsd had
// already stopped listing, or stops listing at the same time: it is not kept as "gone" for a week,
// and no "ups-gone" event is sent.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Snapshot } from '../src/snapshot/types.ts';
import { startDaemon, type Daemon } from './helpers/daemon.ts';
import { startUpsd, type Upsd } from './helpers/upsd.ts';

interface Site {
  upsd: Upsd;
  daemon: Daemon;
  /** Rewrites the config with this `ups` list and has the daemon reload it. */
  choose(ups: string[]): Promise<void>;
  status(): Promise<Snapshot>;
}

/** A daemon on a upsd with `rack` and `old`, both in the host's ups list, on `schedule`. */
async function withSite(schedule: string, test: (site: Site) => Promise<void>): Promise<void> {
  const upsd = await startUpsd([
    { name: 'rack', dev: 'ups.status: OL\n' },
    { name: 'old', dev: 'ups.status: OL\nbattery.charge: 42\n' },
  ]);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-ups-list-'));
  const config = path.join(dir, 'config.json');
  const writeConfig = (ups: string[]) =>
    writeFile(config, JSON.stringify({ schedule, timeoutMs: 2000, outDir: 'out', hosts: [{ name: 'lab', host: upsd.host, port: upsd.port, ups }] }));
  await writeConfig(['rack', 'old']);
  const daemon = startDaemon(['--config', config, '--verbose']);
  try {
    await daemon.logged('run-finished');
    await test({
      upsd,
      daemon,
      async choose(ups) {
        await writeConfig(ups);
        daemon.child.kill('SIGHUP');
        await daemon.logged('reloaded');
      },
      status: async () => JSON.parse(await readFile(path.join(dir, 'out', 'status.json'), 'utf8')) as Snapshot,
    });
  } finally {
    await daemon.stop();
    await upsd.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

const removal = suite('a UPS taken out of the ups list');

removal('leaves the page after upsd stopped listing it, with no "gone" mark and no event', () =>
  withSite('* * * * * *', async ({ upsd, daemon, choose, status }) => {
    // Taken out of ups.conf on the NUT server: the page says upsd does not know it.
    await upsd.unlistUps('old');
    await daemon.logged('driver-lost');
    await daemon.logged('run-finished', daemon.count('run-finished') + 1);
    assert.is((await status()).byId.lab_old?.error, 'UNKNOWN-UPS');

    // Then out of upsview's config too.
    await choose(['rack']);
    await daemon.logged('run-finished', daemon.count('run-finished') + 2);
    const after = await status();
    assert.equal(after.hosts[0]?.ups.map((ups) => ups.name), ['rack']);
    assert.is(after.summary.severity, 'ok');
    assert.is(after.summary.headline, 'rack on mains power');
    assert.is(daemon.count('ups-gone'), 0, 'no event says it went');
  }),
);

// A schedule that does not tick during the test: one cycle at start, one after the reload.
removal('leaves the page when taken out of ups.conf and the ups list together', () =>
  withSite('0 0 1 1 *', async ({ upsd, daemon, choose, status }) => {
    await upsd.unlistUps('old');
    await choose(['rack']);
    await daemon.logged('run-finished', 2);
    const after = await status();
    assert.equal(after.hosts[0]?.ups.map((ups) => ups.name), ['rack']);
    assert.is(after.summary.severity, 'ok');
    assert.is(daemon.count('ups-gone'), 0, 'no event says it went');
  }),
);

removal.run();
