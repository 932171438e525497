// Output safety: readers never see a partial file, a full or read-only disk leaves the previous
// files intact and the job recovers, leftover temp files are removed at start, and SIGKILL at
// random points never leaves a broken output file.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { removeStaleTempFiles } from '../src/publish/atomic-write.ts';
import { LOCK_NAME, acquireOutLock } from '../src/publish/out-lock.ts';
import { createCycler, type Cycler } from './helpers/cycle.ts';
import { startFakeServer, type FakeServer, type Units } from './helpers/fake-server.ts';
import { versionOf } from './helpers/kill-writer.ts';
import { bundleHelper, killAtRandom } from './helpers/child-kill.ts';
import { mountTmpfs, type Tmpfs } from './helpers/tmpfs.ts';
import { asRoot } from './helpers/prerequisite.ts';
import { runUnless, suiteWith } from './helpers/suite.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const isTemp = (name: string) => /^\.upsview-.+\.tmp$/.test(name);

interface Context {
  units: Units;
  fake: FakeServer;
  cycler: Cycler;
}

function setup(context: Context, outDir?: string) {
  return async () => {
    context.units = { ups1: { 'ups.status': 'OL', 'battery.charge': '100' } };
    context.fake = await startFakeServer({ units: context.units });
    context.cycler = await createCycler({
      hosts: [{ name: 'nas', host: context.fake.host, port: context.fake.port }],
      ...(outDir && { outDir }),
    });
  };
}

/** Makes each cycle's files differ in content and size. */
function vary(units: Units, cycle: number): void {
  const ups = units.ups1 as Record<string, string>;
  ups['battery.charge'] = String(cycle % 101);
  ups['ups.serial'] = `S${'9'.repeat(cycle % 240)}`;
}

// A plain-JS reader in its own process, reading both files back to back until stdin closes.
const READER = `
import { readFileSync } from 'node:fs';
import path from 'node:path';
const dir = process.argv[1];
const stats = { reads: 0, bad: [] };
let stop = false;
process.stdin.on('end', () => { stop = true; });
process.stdin.resume();
function check(name, ok, text) { if (!ok && stats.bad.length < 5) stats.bad.push(name + ': ' + text.slice(-120)); }
function round() {
  for (let i = 0; i < 20; i++) {
    stats.reads++;
    try {
      const json = readFileSync(path.join(dir, 'status.json'), 'utf8');
      let parsed = null;
      try { parsed = JSON.parse(json); } catch { /* recorded below */ }
      check('status.json', parsed !== null && parsed.schemaVersion === 1 && Array.isArray(parsed.hosts), json);
      const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
      check('index.html', /^<!doctype html>/i.test(html) && html.trimEnd().endsWith('</html>'), html);
    } catch (error) { check('read', false, String(error)); }
  }
  if (stop) process.stdout.write(JSON.stringify(stats)); else setImmediate(round);
}
round();
`;

const readers = suiteWith<Context>('a reader during 1,000 cycles', {
  beforeEach: (context) => setup(context)(),
  async afterEach({ fake, cycler }) {
    await fake?.close();
    await cycler?.cleanup();
  },
});

readers('never sees a partial or invalid index.html or status.json', async (context) => {
  const { cycler, units } = context;
  vary(units, 0);
  await cycler.run();
  const reader = spawn(process.execPath, ['--input-type=module', '-e', READER, cycler.outDir], { stdio: ['pipe', 'pipe', 'inherit'] });
  let output = '';
  reader.stdout.on('data', (chunk) => (output += chunk));
  const exited = once(reader, 'exit');
  for (let cycle = 1; cycle <= 1000; cycle++) {
    vary(units, cycle);
    const result = await cycler.step();
    assert.is(result.writeError, null);
  }
  reader.stdin.end();
  await exited;
  const stats = JSON.parse(output) as { reads: number; bad: string[] };
  assert.equal(stats.bad, []);
  assert.ok(stats.reads > 1000, `only ${stats.reads} reads`);
});

readers.run();

async function snapshotFiles(dir: string): Promise<Record<string, string>> {
  // Outputs write into sub-folders too (badges/, schemas/): every file, whatever its folder.
  const found = await readdir(dir, { recursive: true, withFileTypes: true });
  const names = found
    .filter((entry) => entry.isFile() && !entry.name.startsWith('filler'))
    .map((entry) => path.relative(dir, path.join(entry.parentPath ?? entry.path, entry.name)))
    .sort();
  const entries = await Promise.all(names.map(async (name) => [name, await readFile(path.join(dir, name), 'utf8')] as const));
  return Object.fromEntries(entries);
}

const disk = suite<Context>('a full or read-only out folder');
const withTmpfs = runUnless(disk, asRoot ? null : 'the full and read-only disk tests mount a tmpfs, which needs root (CI runs them)');


interface WriteFault {
  sizeKb: number;
  errno: string;
  begin(tmpfs: Tmpfs, outDir: string): Promise<void>;
  clear(tmpfs: Tmpfs, outDir: string): Promise<void>;
}

/** While the fault lasts: every cycle fails to write, is logged once, and leaves the old files and no temp files. */
async function provesWriteRecovery(context: Context, fault: WriteFault): Promise<void> {
  const tmpfs = await mountTmpfs(fault.sizeKb);
  const outDir = path.join(tmpfs.dir, 'out');
  try {
    await setup(context, outDir)();
    const { cycler, units } = context;
    await cycler.run();
    const before = await snapshotFiles(outDir);
    await fault.begin(tmpfs, outDir);
    vary(units, 7);
    for (let i = 0; i < 3; i++) {
      // A minute apart, as the schedule says: each cycle is due to save the history's state.json too.
      const result = await cycler.step(60_000);
      assert.is(result.writeError?.code, 'OUTPUT-WRITE');
      assert.ok(result.writeError?.message.includes(fault.errno), result.writeError?.message);
      assert.ok(result.writeError?.message.includes(outDir), 'the message names the folder');
    }
    assert.equal(await snapshotFiles(outDir), before, 'previous files intact, no temp files left');
    // The history store sits on the same disk: it fails too, said once, and the cycle goes on.
    assert.equal(cycler.logs.map((event) => event.kind).sort(), ['history-write-failed', 'write-failed']);
    await fault.clear(tmpfs, outDir);
    const back = await cycler.run();
    assert.is(back.ups('nas', 'ups1').vars['battery.charge'], '7');
    assert.equal(cycler.logs.map((event) => event.kind).sort(), ['history-write-failed', 'history-write-recovered', 'write-failed', 'write-recovered']);
  } finally {
    await context.fake?.close();
    tmpfs.remount('rw');
    await context.cycler?.cleanup();
    await tmpfs.unmount();
  }
}

withTmpfs('disk full: error logged once, previous files intact, no temp files, recovers when space returns', async (context) => {
  await provesWriteRecovery(context, {
    sizeKb: 512,
    errno: 'ENOSPC',
    async begin(_tmpfs, outDir) {
      // Fill every free block.
      await writeFile(path.join(outDir, 'filler'), Buffer.alloc(1024 * 1024)).then(
        () => assert.unreachable('the filler should not fit'),
        (error: NodeJS.ErrnoException) => assert.is(error.code, 'ENOSPC'),
      );
    },
    clear: (_tmpfs, outDir) => rm(path.join(outDir, 'filler')),
  });
});

withTmpfs('read-only folder: error logged once, previous files intact, recovers when writable again', async (context) => {
  await provesWriteRecovery(context, {
    sizeKb: 1024,
    errno: 'EROFS',
    begin: async (tmpfs) => tmpfs.remount('ro'),
    clear: async (tmpfs) => tmpfs.remount('rw'),
  });
});

disk('folders removed while the job runs are made again by the next cycle, output and history alike', async (context) => {
  await setup(context)();
  const { cycler } = context;
  try {
    await cycler.run();
    await rm(cycler.outDir, { recursive: true });
    await rm(path.join(cycler.config.dataDir, 'samples'), { recursive: true });
    const next = await cycler.run();
    assert.is(next.result.writeError, null);
    assert.ok((await readdir(cycler.outDir)).includes('index.html'));
    assert.ok((await readdir(path.join(cycler.outDir, 'badges'))).includes('site.json'));
    assert.is((await readdir(path.join(cycler.config.dataDir, 'samples'))).length, 1, 'the day file of samples is back');
    assert.equal(cycler.logs.filter((event) => event.kind.endsWith('failed')), []);
  } finally {
    await context.fake?.close();
    await context.cycler?.cleanup();
  }
});

disk('the CLI removes leftover temp files at start, in sub-folders and the textfile folder too, and nothing else', async (context) => {
  await setup(context)();
  const { cycler, fake } = context;
  const textfileDir = await mkdtemp(path.join(os.tmpdir(), 'upsview-textfile-'));
  try {
    await cycler.run();
    const leftovers = ['.upsview-index.html.4242.0a1b2c3d.tmp', '.upsview-status.json.4242.deadbeef.tmp', 'badges/.upsview-site.json.4242.0badf00d.tmp'];
    await Promise.all([...leftovers, 'notes.txt'].map((name) => writeFile(path.join(cycler.outDir, name), 'half')));
    await Promise.all(['.upsview-upsview.prom.4242.cafe0001.tmp', 'other.prom'].map((name) => writeFile(path.join(textfileDir, name), 'half')));
    const config = path.join(cycler.outDir, 'config.json');
    await writeFile(config, JSON.stringify({ outDir: '.', dataDir: cycler.config.dataDir, metrics: { textfileDir }, hosts: [{ name: 'nas', host: fake.host, port: fake.port }] }));
    const cli = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, '..', 'src', 'cli.ts'), '--once', '--config', config], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    cli.stderr.on('data', (chunk) => (stderr += chunk));
    const [code] = await once(cli, 'exit');
    assert.is(code, 0, stderr);
    const names = await readdir(cycler.outDir, { recursive: true });
    assert.equal(names.filter((name) => isTemp(path.basename(name))), []);
    assert.ok(names.includes('notes.txt'));
    assert.equal((await readdir(textfileDir)).sort(), ['other.prom', 'upsview.prom']);
    assert.match(stderr, /"kind":"temp-files-removed".*"count":3/);
    assert.match(stderr, /"kind":"temp-files-removed".*"count":1/);
  } finally {
    await fake.close();
    await cycler.cleanup();
    await rm(textfileDir, { recursive: true, force: true });
  }
});

disk.run();

const kills = suite('SIGKILL at random points');

kills('200 kills never leave a broken output file; leftover temp files are removed at start', async () => {
  const work = await mkdtemp(path.join(os.tmpdir(), 'upsview-kill-'));
  const outDir = path.join(work, 'out');
  const bundle = await bundleHelper('kill-writer', work);
  let cycle = 1;
  let midWrite = 0;
  try {
    for (let kill = 0; kill < 200; kill++) {
      await killAtRandom(bundle, [outDir, String(cycle)], { UPSVIEW_KILL_WRITER: '1' }, 40);

      const json = await readFile(path.join(outDir, 'status.json'), 'utf8');
      const { cycle: written } = JSON.parse(json) as { cycle: number };
      assert.is(json, versionOf(written).json, `status.json after kill ${kill} is one whole version`);
      const html = await readFile(path.join(outDir, 'index.html'), 'utf8');
      const htmlCycle = Number(/data-cycle="(\d+)"/.exec(html)?.[1]);
      assert.is(html, versionOf(htmlCycle).html, `index.html after kill ${kill} is one whole version`);

      // What the CLI does at start.
      if ((await readdir(outDir)).some(isTemp)) midWrite++;
      await removeStaleTempFiles(outDir);
      assert.equal((await readdir(outDir)).filter(isTemp), []);
      cycle = Math.max(written, htmlCycle) + 1;
    }
    assert.ok(midWrite > 0, 'some kills landed in the middle of a write');
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});

kills.run();

const lock = suite('the output folder\'s lock');

lock('a lock file made a moment ago with no PID yet is another instance starting: refused, and left alone', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-lock-'));
  try {
    // What the other instance has between making the file and writing its PID into it.
    await writeFile(path.join(dir, LOCK_NAME), '');
    const error = await acquireOutLock(dir).then(() => null, (caught: Error & { code?: string }) => caught);
    assert.is(error?.code, 'OUTPUT-LOCKED');
    assert.match(error?.message ?? '', /another upsview is starting on .* at the same moment/);
    assert.is(await readFile(path.join(dir, LOCK_NAME), 'utf8'), '', 'the other instance keeps its lock');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

lock('a lock left by a process that is gone, left empty long ago, or whose PID is another process now, is taken over', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-lock-'));
  const file = path.join(dir, LOCK_NAME);
  try {
    await writeFile(file, '');
    const minuteAgo = new Date(Date.now() - 60_000);
    await utimes(file, minuteAgo, minuteAgo);
    const fromEmpty = await acquireOutLock(dir);
    assert.is((await readFile(file, 'utf8')).split('\n')[0], String(process.pid));
    await fromEmpty.release();
    // A PID above the kernel's limit (4194304) is no process.
    await writeFile(file, '4194305\n');
    const fromDead = await acquireOutLock(dir);
    assert.is(fromDead.staleOwner, 4_194_305);
    await fromDead.release();
    // After a power cut: the PID is some other process's now (this test's own parent), not the one that made the lock.
    await writeFile(file, `${process.ppid}\n${(await readFile('/proc/sys/kernel/random/boot_id', 'utf8')).trim()} 1\n`);
    const fromReused = await acquireOutLock(dir);
    assert.is(fromReused.staleOwner, process.ppid);
    await fromReused.release();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

lock.run();
