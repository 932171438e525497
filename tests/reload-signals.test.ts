// SIGHUPs that come while a cycle is in flight, with the real command line: a host that never
// answers holds each cycle for its whole timeout, so the signals are sure to arrive mid-cycle.

import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import * as assert from 'uvu/assert';
import { startDaemon } from './helpers/daemon.ts';
import { suiteWith } from './helpers/suite.ts';

interface Context {
  dir: string;
  mute: net.Server;
  port: number;
}

const signals = suiteWith<Context>('reload signals', {
  async before(context) {
    context.dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-reload-signals-'));
    // Accepts connections and never answers: every cycle lasts its timeout.
    context.mute = net.createServer(() => undefined).listen(0, '127.0.0.1');
    await once(context.mute, 'listening');
    context.port = (context.mute.address() as net.AddressInfo).port;
  },
  async after({ dir, mute }) {
    mute?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  },
});

signals('SIGHUPs during a cycle make one reload after the one under way, not one each', async ({ dir, port }) => {
  const file = path.join(dir, 'config.json');
  // A schedule that will not tick during the test: the cycles are the one at start and one per reload.
  // Each cycle holds for 3 s: all five signals come within the first, even on a busy machine.
  const save = (title: string) =>
    writeFile(file, JSON.stringify({ title, schedule: '0 0 1 1 *', timeoutMs: 3000, hosts: [{ name: 'mute', host: '127.0.0.1', port }] }));
  await save('Before');
  const daemon = startDaemon(['--config', file, '--verbose']);
  try {
    await daemon.logged('started');
    // The edit is saved before the signals: a reload reading the file as it is rewritten would be refused.
    await save('After');
    for (let signal = 1; signal <= 5; signal++) {
      daemon.child.kill('SIGHUP');
      await daemon.logged('reload-requested', signal);
    }
    await daemon.logged('reloaded', 2);
    // The first cycle on the second reload's config.
    await daemon.logged('run-finished', 3);
    const status = JSON.parse(await readFile(path.join(dir, 'out', 'status.json'), 'utf8')) as { title: string };
    assert.is(status.title, 'After');
  } finally {
    assert.is(await daemon.stop(), 0);
  }
  // One reload started with the first signal; one more, after it, served the other four.
  assert.is(daemon.count('reloaded'), 2);
  assert.is(daemon.count('run-finished'), 3, 'one cycle at start and one per reload');
});

signals.run();
