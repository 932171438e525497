// The output folder removed while the daemon runs: the next cycle makes it again, and with it the
// lock file, so the folder stays one instance's. Real command line, real upsd.

import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as assert from 'uvu/assert';
import { LOCK_NAME } from '../src/publish/out-lock.ts';
import { runCli } from './helpers/cli.ts';
import { startDaemon } from './helpers/daemon.ts';
import { suiteWith } from './helpers/suite.ts';
import { startUpsd, type Upsd } from './helpers/upsd.ts';

interface Context {
  upsd: Upsd;
  dir: string;
  file: string;
}

const lock = suiteWith<Context>('output folder lock', {
  async before(context) {
    context.upsd = await startUpsd([{ name: 'rack', dev: 'ups.status: OL\nbattery.charge: 100\n' }]);
    context.dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-lock-removed-'));
    context.file = path.join(context.dir, 'config.json');
    const host = { name: 'lab', host: context.upsd.host, port: context.upsd.port };
    await writeFile(context.file, JSON.stringify({ schedule: '* * * * * *', timeoutMs: 2000, hosts: [host] }));
  },
  async after({ upsd, dir }) {
    if (dir) await rm(dir, { recursive: true, force: true });
    await upsd?.stop();
  },
});

lock('an output folder removed while the daemon runs is locked again: a second instance is still refused', async ({ dir, file }) => {
  const out = path.join(dir, 'out');
  const daemon = startDaemon(['--config', file, '--verbose']);
  try {
    await daemon.logged('run-finished');
    await rm(out, { recursive: true, force: true });
    // The cycle after the removal makes the folder again.
    await daemon.logged('run-finished', daemon.count('run-finished') + 2);
    assert.ok(existsSync(path.join(out, 'status.json')), 'the page is back');
    assert.ok(existsSync(path.join(out, LOCK_NAME)), 'and so is the lock file');

    const second = await runCli(['--config', file, '--once']);
    assert.is(second.code, 1, 'a --once on the same folder is refused');
    assert.match(second.stderr, `another upsview (PID ${daemon.child.pid})`);
    assert.is(daemon.count('write-failed'), 0, 'the daemon writes on undisturbed');
  } finally {
    assert.is(await daemon.stop(), 0);
  }
  assert.not.ok(existsSync(path.join(out, LOCK_NAME)), 'released on exit');
});

lock.run();
