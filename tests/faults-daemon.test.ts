// The job as it runs for months: the CLI on a one-second schedule keeps running through a host
// that hangs, keeps the other host current, logs the outage once, recovers by itself when the
// host answers again, and stops cleanly on SIGTERM.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { LogLine as LogEvent } from '../src/shared/log.ts';
import type { Snapshot } from '../src/snapshot/types.ts';
import { createCycler, within } from './helpers/cycle.ts';
import { startFakeServer } from './helpers/fake-server.ts';
import { assertValidOutputDir } from './helpers/schemas.ts';
import { startUpsd } from './helpers/upsd.ts';

const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli.ts');

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
  const daemon = spawn(process.execPath, ['--import', 'tsx', CLI, '--config', config, '--verbose'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = once(daemon, 'exit');
  const events: LogEvent[] = [];
  const waiters: { kind: string; count: number; resolve: () => void }[] = [];
  createInterface({ input: daemon.stderr }).on('line', (line) => {
    events.push(JSON.parse(line) as LogEvent);
    for (const waiter of waiters) if (events.filter((event) => event.kind === waiter.kind).length >= waiter.count) waiter.resolve();
  });
  const logged = (kind: string, count = 1) =>
    within(new Promise<void>((resolve) => waiters.push({ kind, count, resolve })), 15_000, `${count} × ${kind}`);
  const status = async () => JSON.parse(await readFile(path.join(scratch.outDir, 'out', 'status.json'), 'utf8')) as Snapshot;
  try {
    await logged('run-finished', 3);
    const down = await status();
    assert.is(down.hosts[0]?.error?.code, 'TIMEOUT');
    assert.is(down.hosts[1]?.error, null);
    assert.is(daemon.exitCode, null, 'still running');

    fake.setScript(null);
    await logged('host-up');
    await logged('run-finished', events.filter((event) => event.kind === 'run-finished').length + 1);
    const up = await status();
    await assertValidOutputDir(path.join(scratch.outDir, 'out'));
    assert.is(up.hosts[0]?.error, null);
    assert.is(up.hosts[0]?.ups[0]?.stale, false);
    assert.is(events.filter((event) => event.kind === 'host-down').length, 1, 'the outage is logged once');
  } finally {
    daemon.kill('SIGTERM');
    const [code] = await exited;
    await Promise.all([fake.close(), upsd.stop(), scratch.cleanup()]);
    assert.is(code, 0, 'clean exit on SIGTERM');
  }
  assert.ok(events.some((event) => event.kind === 'stopping'));
});

test.run();
