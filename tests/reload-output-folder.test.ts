// A SIGHUP that moves outDir (or dataDir): the folder left behind and the folder moved to, with
// the real command line and a real upsd.

import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as assert from 'uvu/assert';
import { LOCK_NAME } from '../src/publish/out-lock.ts';
import { startDaemon, type Daemon } from './helpers/daemon.ts';
import { asRoot } from './helpers/prerequisite.ts';
import { runUnless, suiteWith } from './helpers/suite.ts';
import { mountTmpfs, type Tmpfs } from './helpers/tmpfs.ts';
import { startUpsd, type Upsd } from './helpers/upsd.ts';

interface Context {
  upsd: Upsd;
  dir: string;
  file: string;
  /** Writes the config with this outDir (and node_exporter's textfile folder, when given). */
  config(outDir: string, textfileDir?: string): Promise<void>;
}

const reload = suiteWith<Context>('reload to another output folder', {
  async before(context) {
    context.upsd = await startUpsd([{ name: 'rack', dev: 'ups.status: OL\nbattery.charge: 100\n' }]);
  },
  async beforeEach(context) {
    context.dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-reload-out-'));
    context.file = path.join(context.dir, 'config.json');
    context.config = async (outDir, textfileDir) => {
      const host = { name: 'lab', host: context.upsd.host, port: context.upsd.port };
      const metrics = textfileDir ? { metrics: { textfileDir } } : {};
      await writeFile(context.file, JSON.stringify({ schedule: '* * * * * *', timeoutMs: 2000, outDir, hosts: [host], ...metrics }));
    };
  },
  async afterEach({ dir }) {
    if (dir) await rm(dir, { recursive: true, force: true });
  },
  async after({ upsd }) {
    await upsd?.stop();
  },
});

/** Sends SIGHUP and resolves once the reload is done, either way. */
async function reloadDaemon(daemon: Daemon): Promise<void> {
  const [done, failed] = [daemon.count('reloaded'), daemon.count('reload-failed')];
  daemon.child.kill('SIGHUP');
  await Promise.race([daemon.logged('reloaded', done + 1), daemon.logged('reload-failed', failed + 1)]);
}

const status = async (dir: string) => JSON.parse(await readFile(path.join(dir, 'status.json'), 'utf8')) as { generatedAt: string };

reload('a reload that moves dataDir leaves the store it leaves with its last cycle saved', async (context) => {
  const write = (dataDir: string) =>
    writeFile(context.file, JSON.stringify({ schedule: '* * * * * *', timeoutMs: 2000, outDir: 'www', dataDir, hosts: [{ name: 'lab', host: context.upsd.host, port: context.upsd.port }] }));
  await write('data-a');
  const daemon = startDaemon(['--config', context.file, '--verbose']);
  try {
    // Cycles a second apart: after the first, none saves state.json of its own for a minute (history/save.ts).
    await daemon.logged('run-finished', 3);
    await write('data-b');
    await reloadDaemon(daemon);
    await daemon.logged('run-finished', daemon.count('run-finished') + 1);
  } finally {
    assert.is(await daemon.stop(), 0);
  }
  const left = path.join(context.dir, 'data-a');
  const state = JSON.parse(await readFile(path.join(left, 'state.json'), 'utf8')) as { track: { lastCycleAt: string } };
  const [day] = (await readdir(path.join(left, 'samples'))).sort().reverse();
  const lines = (await readFile(path.join(left, 'samples', day ?? ''), 'utf8')).trim().split('\n');
  const lastSample = JSON.parse(lines.at(-1) ?? '{}') as { time: string };
  assert.ok(lines.length >= 3, `a sample per cycle (${lines.length})`);
  assert.is(state.track.lastCycleAt, lastSample.time, 'state.json holds the last cycle that wrote to this store');
});

const withTmpfs = runUnless(reload, asRoot ? null : 'the read-only output folder test mounts a tmpfs, which needs root (CI runs them)');

withTmpfs('leaving an output folder gone read-only: the job writes on in the new one and stops with exit 0', async (context) => {
  let disk: Tmpfs | null = await mountTmpfs(1024);
  const old = path.join(disk.dir, 'www');
  const moved = path.join(context.dir, 'www');
  try {
    await context.config(old);
    const daemon = startDaemon(['--config', context.file, '--verbose']);
    try {
      await daemon.logged('run-finished');
      // The disk fails into read-only, and the operator moves the page elsewhere.
      disk.remount('ro');
      await context.config(moved);
      await reloadDaemon(daemon);
      const failed = daemon.events.find((event) => event.kind === 'reload-failed');
      assert.is(failed, undefined, `reload refused: ${String(failed?.message)}`);
      const left = daemon.events.find((event) => event.kind === 'lock-release-failed');
      assert.match(String(left?.message), `cannot remove ${path.join(old, LOCK_NAME)}: EROFS`);
      // Cycles go on, in the new folder.
      await daemon.logged('run-finished', daemon.count('run-finished') + 2);
      assert.ok((await status(moved)).generatedAt);
    } finally {
      assert.is(await daemon.stop(), 0);
    }
    assert.not.ok(existsSync(path.join(moved, LOCK_NAME)), 'the new folder is released on exit');
  } finally {
    disk.remount('rw');
    await disk.unmount();
    disk = null;
  }
});

reload('a folder moved to that a killed instance left is taken over as at start: said, and its temp files removed', async (context) => {
  const moved = path.join(context.dir, 'www');
  const textfiles = path.join(context.dir, 'node-exporter');
  await mkdir(moved);
  await mkdir(textfiles);
  await writeFile(path.join(textfiles, '.upsview-upsview.prom.1a2b3c.tmp'), 'half the metrics');
  // A PID above any the kernel hands out: a process that no longer exists.
  const pidMax = Number((await readFile('/proc/sys/kernel/pid_max', 'utf8')).trim());
  await writeFile(path.join(moved, LOCK_NAME), `${pidMax + 1}\n`);
  await writeFile(path.join(moved, '.upsview-index.html.1a2b3c.tmp'), 'half a page');
  await context.config('out');
  const daemon = startDaemon(['--config', context.file, '--verbose']);
  try {
    await daemon.logged('run-finished');
    await context.config(moved, textfiles);
    await reloadDaemon(daemon);
    assert.is(daemon.count('reloaded'), 1);
    const takeover = daemon.events.find((event) => event.kind === 'lock-taken-over');
    assert.equal([takeover?.dir, takeover?.pid], [moved, pidMax + 1]);
    assert.equal(
      daemon.events.filter((event) => event.kind === 'temp-files-removed').map((event) => [event.dir, event.count]),
      [[moved, 1], [textfiles, 1]],
    );
    // Those the killed instance left, by name: the running job's own next cycle may be writing its own.
    assert.not.ok(existsSync(path.join(moved, '.upsview-index.html.1a2b3c.tmp')), 'no temp file left');
    assert.not.ok(existsSync(path.join(textfiles, '.upsview-upsview.prom.1a2b3c.tmp')), 'nor in the textfile folder');
  } finally {
    assert.is(await daemon.stop(), 0);
  }
});

reload('moving back to a folder that could not be made at start: the lock file goes with the job', async (context) => {
  // Stands in for a mount that is not up at start: the folder cannot be made under a file.
  const mount = path.join(context.dir, 'mnt');
  await writeFile(mount, 'not mounted yet');
  const first = path.join(mount, 'www');
  await context.config(first);
  const daemon = startDaemon(['--config', context.file, '--verbose']);
  try {
    await daemon.logged('write-failed');
    await context.config(path.join(context.dir, 'elsewhere'));
    await reloadDaemon(daemon);
    // The mount comes up, and the operator moves the page back.
    await rm(mount);
    await mkdir(mount);
    await context.config(first);
    await reloadDaemon(daemon);
    await daemon.logged('run-finished', daemon.count('run-finished') + 2);
    assert.is(daemon.count('reloaded'), 2);
    assert.is(daemon.count('lock-taken-over'), 0, 'never took its own lock for a dead one');
  } finally {
    assert.is(await daemon.stop(), 0);
  }
  assert.ok(existsSync(path.join(first, 'status.json')));
  assert.not.ok(existsSync(path.join(first, LOCK_NAME)), 'released on exit');
});

reload.run();
