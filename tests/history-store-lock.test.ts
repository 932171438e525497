// One job per history store, as per output folder: two configs side by side, each with the default
// "data" beside it, are two jobs on one store. With the real command line and a real upsd: the
// second leaves the store alone and says whose it is, still writing its own page.

import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as assert from 'uvu/assert';
import type { LogLine } from '../src/shared/log.ts';
import { runCli } from './helpers/cli.ts';
import { startDaemon } from './helpers/daemon.ts';
import { suiteWith } from './helpers/suite.ts';
import { startUpsd, type Upsd } from './helpers/upsd.ts';

interface Context {
  upsd: Upsd;
  dir: string;
}

const store = suiteWith<Context>('one job per history store', {
  async before(context) {
    context.upsd = await startUpsd([{ name: 'ups', dev: 'ups.status: OL\nbattery.charge: 100\n' }]);
    context.dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-store-lock-'));
  },
  async after({ upsd, dir }) {
    await upsd?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  },
});

store('a second job on the same data folder leaves it alone, names the first, and still writes its page', async ({ upsd, dir }) => {
  const configs = ['home', 'office'].map((name) => path.join(dir, `${name}.json`));
  for (const [i, file] of configs.entries()) {
    // A schedule that does not tick during the test: the daemon's one cycle is the one at start.
    const config = { outDir: `out-${i}`, schedule: '0 0 1 1 *', timeoutMs: 2000, hosts: [{ name: 'lab', host: upsd.host, port: upsd.port }] };
    await writeFile(file, JSON.stringify(config));
  }
  const [home = '', office = ''] = configs;
  const state = path.join(dir, 'data', 'state.json');
  const daemon = startDaemon(['--config', home, '--verbose']);
  let saved: string;
  try {
    await daemon.logged('run-finished');
    saved = await readFile(state, 'utf8');

    const second = await runCli(['--config', office, '--once']);
    assert.is(second.code, 0, second.stderr);
    const failed = logLines(second.stderr).filter((line) => line.kind === 'history-read-failed');
    assert.is(failed.length, 1, second.stderr);
    assert.is(failed[0]?.code, 'HISTORY-LOCKED');
    assert.ok(String(failed[0]?.message).includes(`another upsview (PID ${daemon.child.pid}) is writing to ${path.join(dir, 'data')}`), String(failed[0]?.message));
    assert.ok(String(failed[0]?.message).includes('another dataDir'), 'says what to change');
    assert.is(await readFile(state, 'utf8'), saved, "the first job's state is left as it was");
    await access(path.join(dir, 'out-1', 'status.json'));
  } finally {
    assert.is(await daemon.stop(), 0);
  }

  // Once the first has stopped (and let go of the store), the second keeps its history there.
  const alone = await runCli(['--config', office, '--once']);
  assert.is(alone.code, 0, alone.stderr);
  assert.equal(logLines(alone.stderr).filter((line) => line.kind === 'history-read-failed'), []);
  assert.is.not(await readFile(state, 'utf8'), saved, 'its cycle is saved');
  assert.is(await access(path.join(dir, 'data', '.upsview.lock')).then(() => 'there', () => 'gone'), 'gone', 'let go of at exit');
});

const logLines = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as LogLine);

store.run();
