// The CLI's connections as a server sees them: the daemon on a one-second schedule keeps a single
// connection for all its cycles and logs out when stopped; --once logs out before it exits.

import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli, spawnCli } from './helpers/cli.ts';
import { createCycler, within, type Cycler } from './helpers/cycle.ts';
import { startFakeServer, type FakeServer } from './helpers/fake-server.ts';

const daemon = suite<{ fake: FakeServer; scratch: Cycler; config: string }>('connections of the CLI');

daemon.before.each(async (context) => {
  context.fake = await startFakeServer();
  context.scratch = await createCycler({ hosts: [{ name: 'unused', host: '127.0.0.1' }] });
  context.config = path.join(context.scratch.outDir, 'config.json');
  await writeFile(
    context.config,
    JSON.stringify({ schedule: '* * * * * *', timeoutMs: 2000, outDir: 'out', hosts: [{ name: 'nas', host: context.fake.host, port: context.fake.port }] }),
  );
});

daemon.after.each(async ({ fake, scratch }) => {
  await Promise.all([fake.close(), scratch.cleanup()]);
});

daemon('on a one-second schedule, one connection serves every cycle and SIGTERM logs it out', async ({ fake, config }) => {
  const child = spawnCli(['--config', config, '--verbose']);
  const exited = once(child, 'exit');
  let cycles = 0;
  const third = new Promise<void>((resolve) => {
    createInterface({ input: child.stderr! }).on('line', (line) => {
      if ((JSON.parse(line) as { kind: string }).kind === 'run-finished' && ++cycles === 3) resolve();
    });
  });
  try {
    await within(third, 15_000, 'three cycles');
    assert.is(fake.accepted, 1, 'one connection for three cycles');
    assert.not.ok(fake.requests.includes('LOGOUT'), 'still logged in between cycles');
  } finally {
    child.kill('SIGTERM');
  }
  const [code] = await exited;
  assert.is(code, 0);
  await within(fake.drained(), 5000, 'the connection to close');
  assert.is(fake.requests.at(-1), 'LOGOUT');
  assert.is(fake.maxOpen, 1);
});

daemon('--once connects once and logs out', async ({ fake, config }) => {
  const run = await runCli(['--config', config, '--once']);
  assert.is(run.code, 0, run.stderr);
  await within(fake.drained(), 5000, 'the connection to close');
  assert.is(fake.accepted, 1);
  assert.is(fake.requests.at(-1), 'LOGOUT');
});

daemon.run();
