// The job as an operator runs it, each with the real command line and a real upsd: reloading the
// config on SIGHUP, refusing a second instance on the same folder, file modes under a strict
// umask, and a log reader that goes away.

import { spawn } from 'node:child_process';
import { on, once } from 'node:events';
import { existsSync, watch } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import * as assert from 'uvu/assert';
import type { Snapshot } from '../src/snapshot/types.ts';
import { REPO } from './helpers/cli.ts';
import { within } from './helpers/cycle.ts';
import { startDaemon, type Daemon } from './helpers/daemon.ts';
import { suiteWith } from './helpers/suite.ts';
import { startUpsd, type Upsd } from './helpers/upsd.ts';

interface Context {
  upsd: Upsd;
  dir: string;
  /** Writes a config into the test folder; outDir "out" unless given. */
  config(name: string, fields?: Record<string, unknown>): Promise<string>;
  status(): Promise<Snapshot>;
}

const ops = suiteWith<Context>('operations', {
  async before(context) {
    context.upsd = await startUpsd([{ name: 'rack', dev: 'ups.status: OL\nbattery.charge: 100\n' }]);
  },
  async beforeEach(context) {
    context.dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-ops-'));
    context.config = async (name, fields = {}) => {
      const file = path.join(context.dir, name);
      const host = { name: 'lab', host: context.upsd.host, port: context.upsd.port };
      await writeFile(file, JSON.stringify({ schedule: '* * * * * *', timeoutMs: 2000, outDir: 'out', hosts: [host], ...fields }));
      return file;
    };
    context.status = async () => JSON.parse(await readFile(path.join(context.dir, 'out', 'status.json'), 'utf8')) as Snapshot;
  },
  async afterEach({ dir }) {
    if (dir) await rm(dir, { recursive: true, force: true });
  },
  async after({ upsd }) {
    await upsd?.stop();
  },
});

ops('SIGHUP reloads the config; a bad one is refused with the reason and the job runs on', async (context) => {
  const file = await context.config('config.json', { title: 'Before' });
  const daemon = startDaemon(['--config', file, '--verbose']);
  try {
    await daemon.logged('run-finished');
    await writeFile(file, JSON.stringify({ title: 'Broken', hosts: [{ name: 'lab', host: '192.168.1.10:3493' }] }));
    daemon.child.kill('SIGHUP');
    await daemon.logged('reload-failed');
    const failed = daemon.events.find((event) => event.kind === 'reload-failed');
    assert.match(String(failed?.message), /hosts\[0\]\.host: .*includes a port/);
    const finished = daemon.count('run-finished');
    await daemon.logged('run-finished', finished + 2);
    assert.is((await context.status()).title, 'Before', 'still running on the old config');

    await context.config('config.json', { title: 'After' });
    daemon.child.kill('SIGHUP');
    await daemon.logged('reloaded');
    await daemon.logged('run-finished', daemon.count('run-finished') + 1);
    assert.is((await context.status()).title, 'After');
  } finally {
    assert.is(await daemon.stop(), 0, 'clean exit on SIGTERM after reloads');
  }
});

ops('a second instance on the same outDir is refused, naming the first by PID; the first writes on', async (context) => {
  const file = await context.config('config.json');
  const first = startDaemon(['--config', file, '--verbose']);
  const others: Daemon[] = [];
  try {
    await first.logged('run-finished');
    const second = startDaemon(['--config', file]);
    others.push(second);
    assert.is(await second.exit(), 1);
    const said = second.events.map((event) => String(event.text ?? '')).join('\n');
    assert.match(said, new RegExp(`another upsview \\(PID ${first.child.pid}\\) is writing to ${path.join(context.dir, 'out')}`));
    const once = startDaemon(['--config', file, '--once']);
    others.push(once);
    assert.is(await once.exit(), 1, '--once is refused as well');
    const finished = first.count('run-finished');
    await first.logged('run-finished', finished + 2);
    assert.is(first.count('write-failed'), 0, 'the first instance never failed a write');
  } finally {
    await Promise.all(others.map((other) => other.stop()));
    assert.is(await first.stop(), 0);
  }
  // The lock went with the first: a new instance starts.
  const after = startDaemon(['--config', file, '--once']);
  assert.is(await after.exit(), 0);
});

ops('an output folder that cannot be made at start is locked by the first write that reaches it', async (context) => {
  // Stands in for a mount point that is not there yet: the folder cannot be made under a file.
  const mount = path.join(context.dir, 'mnt');
  await writeFile(mount, 'not mounted yet');
  const file = await context.config('config.json', { outDir: 'mnt/www' });
  const daemon = startDaemon(['--config', file, '--verbose']);
  try {
    await daemon.logged('write-failed');
    await rm(mount);
    await mkdir(mount);
    await daemon.logged('write-recovered');
    assert.is((await readFile(path.join(mount, 'www', '.upsview.lock'), 'utf8')).split('\n')[0], String(daemon.child.pid));
    const second = startDaemon(['--config', file, '--once']);
    assert.is(await second.exit(), 1, 'a second instance is refused');
    assert.match(second.events.map((event) => String(event.text ?? '')).join('\n'), /another upsview \(PID \d+\) is writing to/);
  } finally {
    assert.is(await daemon.stop(), 0);
  }
  assert.not.ok(existsSync(path.join(mount, 'www', '.upsview.lock')), 'released on exit');
});

/** A host that accepts connections and never answers: a cycle polling it is in flight until its timeout. */
async function silentHost(): Promise<{ port: number; polled: Promise<unknown>; close(): void }> {
  const server = net.createServer(() => undefined).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { port: (server.address() as net.AddressInfo).port, polled: once(server, 'connection'), close: () => server.close() };
}

ops('SIGTERM during --once lets its cycle finish: the files are written, the lock released, exit 0', async (context) => {
  const silent = await silentHost();
  try {
    const file = await context.config('config.json', { hosts: [{ name: 'mute', host: '127.0.0.1', port: silent.port }] });
    const job = startDaemon(['--config', file, '--once']);
    await silent.polled;
    job.child.kill('SIGTERM');
    assert.is(await job.exit(), 0);
    assert.is(job.child.signalCode, null, 'not killed by the signal');
    assert.is((await context.status()).hosts[0]?.error?.code, 'TIMEOUT', 'the cycle in flight finished and was published');
    assert.not.ok(existsSync(path.join(context.dir, 'out', '.upsview.lock')));
  } finally {
    silent.close();
  }
});

ops('a SIGHUP while the daemon stops does not kill it: the cycle in flight finishes', async (context) => {
  const silent = await silentHost();
  try {
    const file = await context.config('config.json', { hosts: [{ name: 'mute', host: '127.0.0.1', port: silent.port }] });
    const daemon = startDaemon(['--config', file]);
    await silent.polled;
    daemon.child.kill('SIGTERM');
    await daemon.logged('stopping');
    daemon.child.kill('SIGHUP');
    assert.is(await daemon.exit(), 0);
    assert.is(daemon.child.signalCode, null, 'not killed by the signal');
    assert.is((await context.status()).hosts[0]?.error?.code, 'TIMEOUT');
    assert.not.ok(existsSync(path.join(context.dir, 'out', '.upsview.lock')));
  } finally {
    silent.close();
  }
});

ops('a second SIGTERM while the daemon stops ends it at once, and the next start runs as after a kill', async (context) => {
  const silent = await silentHost();
  try {
    // A host that never answers holds the cycle in flight, and so the stop, for a minute.
    const file = await context.config('config.json', { timeoutMs: 60_000, hosts: [{ name: 'mute', host: '127.0.0.1', port: silent.port }] });
    const daemon = startDaemon(['--config', file]);
    await silent.polled;
    daemon.child.kill('SIGTERM');
    await daemon.logged('stopping');
    daemon.child.kill('SIGTERM');
    assert.is(await daemon.exit(), 143);
    if (!daemon.child.stderr?.readableEnded) await once(daemon.child.stderr!, 'end');
    assert.is(daemon.count('stop-forced'), 1);
    assert.not.ok(existsSync(path.join(context.dir, 'out', 'status.json')), 'the cycle in flight was not finished');
  } finally {
    silent.close();
  }
  const again = await context.config('again.json');
  const job = startDaemon(['--config', again, '--once']);
  assert.is(await job.exit(), 0, 'the lock left behind is taken over');
  assert.ok(existsSync(path.join(context.dir, 'out', 'status.json')));
});

ops('under umask 077 the published files and folder are still readable by the web server', async (context) => {
  const file = await context.config('config.json', { outDir: 'site/ups' });
  const cli = path.join(REPO, 'src', 'cli.ts');
  const child = spawn('sh', ['-c', 'umask 077; exec "$0" --import tsx "$1" --once --config "$2"', process.execPath, cli, file], {
    cwd: REPO,
    stdio: 'ignore',
  });
  const [code] = await once(child, 'exit');
  assert.is(code, 0);
  for (const name of ['index.html', 'status.json']) {
    const mode = (await stat(path.join(context.dir, 'site', 'ups', name))).mode & 0o777;
    assert.is(mode.toString(8), '644', name);
  }
  for (const folder of ['site', 'site/ups']) {
    const mode = (await stat(path.join(context.dir, folder))).mode & 0o777;
    assert.is(mode.toString(8), '755', folder);
  }
});

ops('a log reader that goes away does not take the job down', async (context) => {
  const file = await context.config('config.json');
  await mkdir(path.join(context.dir, 'out'));
  const cli = path.join(REPO, 'src', 'cli.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', cli, '--config', file, '--verbose'], { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = once(child, 'exit');
  // Like `| head -1`: read one line, then close the pipe, so every later line meets EPIPE.
  const lines = createInterface({ input: child.stderr });
  await once(lines, 'line');
  lines.close();
  child.stderr.destroy();
  const watcher = watch(path.join(context.dir, 'out'));
  try {
    // Each run renames a new status.json into place; three more writes show the job alive and writing.
    const seen = new Set<string>();
    const writes = (async () => {
      for await (const [, name] of on(watcher, 'change') as AsyncIterable<[string, string]>) {
        if (name === 'status.json') seen.add((await context.status().catch(() => ({ generatedAt: '' }))).generatedAt);
        if (seen.size >= 4) return;
      }
    })();
    const died = exited.then(([code]) => assert.unreachable(`the job exited (${code}) after its log reader went away`));
    await within(Promise.race([writes, died]), 15_000, 'four writes after the log reader left');
  } finally {
    watcher.close();
    child.kill('SIGTERM');
    const [code] = await exited;
    assert.is(code, 0);
  }
});

ops.run();
