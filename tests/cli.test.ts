import * as assert from 'uvu/assert';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { suiteWith } from './helpers/suite.ts';
import { runCli, spawnCli } from './helpers/cli.ts';
import { startDaemon } from './helpers/daemon.ts';
import { assertValidOutputDir } from './helpers/schemas.ts';
import { freePort } from './helpers/upsd.ts';

const cli = suiteWith<{ dir: string; deadPort: number }>('command line', {
  async before(context) {
    context.dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-cli-'));
    context.deadPort = await freePort();
  },
  async after({ dir }) {
    if (dir) await rm(dir, { recursive: true, force: true });
  },
});

async function writeConfig(dir: string, name: string, config: object): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, JSON.stringify(config));
  return file;
}

cli('--check validates, prints a summary and exits 0', async ({ dir, deadPort }) => {
  const file = await writeConfig(dir, 'ok.json', {
    hosts: [{ name: 'NAS', host: '127.0.0.1', port: deadPort }],
    hooks: { webhooks: [{ url: 'https://user:pw@ntfy.example/secret-topic?auth=tk', format: 'ntfy', headers: { Authorization: 'Bearer tk2' } }] },
  });
  const result = await runCli(['--check', '--config', file]);
  assert.is(result.code, 0);
  assert.match(result.stdout, /config OK/);
  assert.match(result.stdout, new RegExp(`NAS at 127\\.0\\.0\\.1:${deadPort}, all UPSes`));
  assert.match(result.stdout, /hook {6}ntfy webhook https:\/\/ntfy\.example\/…\n/);
  // The secrets themselves: the temp folder's random name may hold any two letters.
  assert.not.match(result.stdout, /secret-topic|user:pw|auth=tk|tk2/);
});

cli('a bad config exits 2 with every problem named and no stack trace', async ({ dir }) => {
  const file = await writeConfig(dir, 'bad.json', { timeoutMs: -1, hosts: [{ name: 'x' }] });
  for (const mode of ['--check', '--once']) {
    const result = await runCli([mode, '--config', file]);
    assert.is(result.code, 2, mode);
    assert.match(result.stderr, /timeoutMs: expected an integer 100-600000, got number -1/);
    assert.match(result.stderr, /hosts\[0\]\.host: required/);
    assert.not.match(result.stderr, /\bat .*\.ts:\d+/);
  }
});

cli('--once writes the outputs and exits 0 even when the host is down', async ({ dir, deadPort }) => {
  const file = await writeConfig(dir, 'once.json', { outDir: 'site', hosts: [{ name: 'NAS', host: '127.0.0.1', port: deadPort }] });
  const result = await runCli(['--once', '--config', file]);
  assert.is(result.code, 0);
  const status = JSON.parse(await readFile(path.join(dir, 'site', 'status.json'), 'utf8'));
  assert.is(status.hosts[0].error.code, 'CONNECTION-REFUSED');
  assert.match(await readFile(path.join(dir, 'site', 'index.html'), 'utf8'), /CONNECTION-REFUSED/);
  await assertValidOutputDir(path.join(dir, 'site'));
  assert.match(result.stderr, /"kind":"host-unreachable"/);
});

cli('--once exits 1 when the outputs cannot be written', async ({ dir, deadPort }) => {
  await writeFile(path.join(dir, 'blocker'), 'a file where the folder should be');
  const file = await writeConfig(dir, 'blocked.json', { outDir: 'blocker/site', hosts: [{ name: 'NAS', host: '127.0.0.1', port: deadPort }] });
  const result = await runCli(['--once', '--config', file]);
  assert.is(result.code, 1);
  assert.match(result.stderr, /"kind":"write-failed"/);
});

cli('the daemon runs once at start and exits 0 on SIGTERM', async ({ dir, deadPort }) => {
  // A schedule that will not tick during the test: the only run is the one at start.
  const file = await writeConfig(dir, 'daemon.json', {
    schedule: '0 0 1 1 *',
    outDir: 'daemon-out',
    hosts: [{ name: 'NAS', host: '127.0.0.1', port: deadPort }],
  });
  const child = spawnCli(['--config', file, '--verbose']);
  const lines = createInterface({ input: child.stderr! });
  for await (const line of lines) {
    if (line.includes('"kind":"run-finished"')) break;
  }
  const status = JSON.parse(await readFile(path.join(dir, 'daemon-out', 'status.json'), 'utf8'));
  assert.is(status.hosts[0].name, 'NAS');
  child.kill('SIGTERM');
  const [code] = await once(child, 'exit');
  assert.is(code, 0);
});

cli('a daemon stopped between saves of the history leaves its last cycle saved', async ({ dir, deadPort }) => {
  // Every second: cycles after the first save no state.json of their own for a minute (history/save.ts).
  const file = await writeConfig(dir, 'saves.json', {
    schedule: '* * * * * *',
    outDir: 'saves-out',
    dataDir: 'saves-data',
    hosts: [{ name: 'NAS', host: '127.0.0.1', port: deadPort }],
  });
  const daemon = startDaemon(['--config', file, '--verbose']);
  await daemon.logged('run-finished', 3);
  const readState = async () => JSON.parse(await readFile(path.join(dir, 'saves-data', 'state.json'), 'utf8'));
  const first = await readState();
  assert.is(await daemon.stop(), 0);
  const status = JSON.parse(await readFile(path.join(dir, 'saves-out', 'status.json'), 'utf8'));
  const saved = await readState();
  assert.ok(status.generatedAt > first.track.lastCycleAt, 'cycles ran after the state.json the first cycle saved');
  assert.is(saved.track.lastCycleAt, status.generatedAt, 'state.json holds the cycle status.json shows');
});

cli('--help exits 0 and an unknown option exits 2', async () => {
  assert.is((await runCli(['--help'])).code, 0);
  const bad = await runCli(['--frobnicate']);
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /Unknown option '--frobnicate'/);
});

cli.run();
