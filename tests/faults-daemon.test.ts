// The job as it runs for months: the CLI on a one-second schedule keeps running through a host
// that hangs, keeps the other host current, logs the outage once, recovers by itself when the
// host answers again, and stops cleanly on SIGTERM.

import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Snapshot } from '../src/snapshot/types.ts';
import { createCycler } from './helpers/cycle.ts';
import { startDaemon } from './helpers/daemon.ts';
import { startFakeServer } from './helpers/fake-server.ts';
import { assertValidOutputDir } from './helpers/schemas.ts';
import { startUpsd } from './helpers/upsd.ts';

test('the daemon survives a hanging host, recovers by itself, and stops on SIGTERM', async () => {
  const upsd = await startUpsd([{ name: 'rack', dev: 'ups.status: OL\n' }]);
  const fake = await startFakeServer({ script: () => undefined });
  const scratch = await createCycler({ hosts: [{ name: 'unused', host: '127.0.0.1' }] });
  const config = path.join(scratch.outDir, 'config.json');
  await writeFile(
    config,
    JSON.stringify({
      schedule: '* * * * * *',
      timeoutMs: 500,
      outDir: 'out',
      hosts: [
        { name: 'nas', host: fake.host, port: fake.port },
        { name: 'lab', host: upsd.host, port: upsd.port },
      ],
    }),
  );
  const daemon = startDaemon(['--config', config, '--verbose']);
  const { events, logged } = daemon;
  const status = async () => JSON.parse(await readFile(path.join(scratch.outDir, 'out', 'status.json'), 'utf8')) as Snapshot;
  try {
    await logged('run-finished', 3);
    const down = await status();
    assert.is(down.hosts[0]?.error?.code, 'TIMEOUT');
    assert.is(down.hosts[1]?.error, null);
    assert.is(daemon.child.exitCode, null, 'still running');

    fake.setScript(null);
    await logged('host-back');
    await logged('run-finished', daemon.count('run-finished') + 1);
    const up = await status();
    await assertValidOutputDir(path.join(scratch.outDir, 'out'));
    assert.is(up.hosts[0]?.error, null);
    assert.is(up.hosts[0]?.ups[0]?.stale, false);
    assert.is(daemon.count('host-unreachable'), 1, 'the outage is logged once');
  } finally {
    const code = await daemon.stop();
    await Promise.all([fake.close(), upsd.stop(), scratch.cleanup()]);
    assert.is(code, 0, 'clean exit on SIGTERM');
  }
  assert.ok(events.some((event) => event.kind === 'stopping'));
});

test.run();
