// A production install as the README gives it: the package's files (what git would ship) in a new
// folder, `npm ci --omit=dev`, then the bundle run from another folder against a real upsd. npm's
// prepare step must have built dist/upsview.mjs without any devDependency, and templates and assets
// must be found from the package, not the working folder. npm reads its local cache first, so
// this needs the registry only for packages never installed on this machine.

import { execFile, spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as assert from 'uvu/assert';
import { collect, REPO } from './helpers/cli.ts';
import { sampleUnits } from './helpers/sample-dumps.ts';
import { startUpsd, type Upsd } from './helpers/upsd.ts';
import { suiteWith } from './helpers/suite.ts';

const run = promisify(execFile);

interface Context {
  dir: string;
  app: string;
  npm: { stdout: string; stderr: string };
  upsd: Upsd;
}

const install = suiteWith<Context>('deploy: production install', {
  async before(context) {
    context.dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-install-'));
    context.app = path.join(context.dir, 'upsview');
    const { stdout } = await run('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: REPO, maxBuffer: 2 ** 24 });
    for (const file of stdout.split('\0').filter((name) => name && existsSync(path.join(REPO, name)))) {
      await mkdir(path.dirname(path.join(context.app, file)), { recursive: true });
      await cp(path.join(REPO, file), path.join(context.app, file));
    }
    context.npm = await run('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: context.app });
    context.upsd = await startUpsd(sampleUnits().slice(0, 1));
  },
  async after(context) {
    await context.upsd?.stop();
    if (context.dir) await rm(context.dir, { recursive: true, force: true });
  },
});

install('npm ci --omit=dev builds the bundle and installs no development tool', ({ app, npm }) => {
  assert.ok(existsSync(path.join(app, 'dist', 'upsview.mjs')), npm.stdout + npm.stderr);
  for (const tool of ['tsx', 'typescript', 'uvu', 'playwright-core']) assert.not.ok(existsSync(path.join(app, 'node_modules', tool)), tool);
});

install('the bundle runs from another folder and writes the page with its templates and styles', async ({ dir, app, upsd }) => {
  const config = path.join(dir, 'config.json');
  await writeFile(config, JSON.stringify({ title: 'Installed', outDir: path.join(dir, 'out'), hosts: [{ name: 'h', host: upsd.host, port: upsd.port }] }));
  const result = await collect(spawn(process.execPath, [path.join(app, 'dist', 'upsview.mjs'), '--config', config, '--once'], { cwd: os.tmpdir() }));
  assert.is(result.code, 0, result.stderr);
  const html = await readFile(path.join(dir, 'out', 'index.html'), 'utf8');
  assert.match(html, /<title>[^<]*Installed<\/title>/);
  assert.match(html, '.sev-critical'); // assets/upsview.css, inlined
});

install('npm start runs the bundle in the installed folder', async ({ app }) => {
  const result = await collect(spawn('npm', ['start', '--silent', '--', '--help'], { cwd: app }));
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stdout, 'Usage: upsview');
});

install.run();
