// Config problems as the user meets them: each gives one clear message on stderr that names the
// file (and the field), exit code 2, and no stack trace.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as assert from 'uvu/assert';
import { suiteWith } from './helpers/suite.ts';

const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli.ts');

async function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

const host = { name: 'nas', host: '127.0.0.1' };

/** Each case: the file's content (or null: do not create it) and what the message must say. */
const CASES: Record<string, { content: string | null; dir?: boolean; says: RegExp[] }> = {
  'malformed JSON': { content: '{"hosts": [', says: [/not valid JSON/] },
  'wrong types': {
    content: JSON.stringify({ timeoutMs: 'soon', hosts: [{ ...host, port: '3493' }] }),
    says: [/timeoutMs: expected an integer/, /hosts\[0\]\.port: expected an integer 1-65535/],
  },
  'unknown keys': { content: JSON.stringify({ hosts: [host], outdir: 'x' }), says: [/outdir: unknown key \(did you mean "outDir"\?\)/] },
  'bad cron': { content: JSON.stringify({ schedule: 'every minute', hosts: [host] }), says: [/schedule: expected a cron expression/] },
  'duplicate host names': {
    content: JSON.stringify({ hosts: [host, { name: 'NAS', host: '127.0.0.2' }] }),
    says: [/hosts\[1\]\.name: .*hosts\[0\]\.name/],
  },
  'a port in host': {
    content: JSON.stringify({ hosts: [{ name: 'nas', host: '192.168.1.10:3493' }] }),
    says: [/hosts\[0\]\.host: "192\.168\.1\.10:3493" includes a port: write "host": "192\.168\.1\.10", "port": 3493/],
  },
  'a missing file': { content: null, says: [/file not found/] },
  'an unreadable file': { content: null, dir: true, says: [/cannot be read/] },
  'not an object': { content: '[1, 2]', says: [/expected an object/] },
};

interface Context {
  dir: string;
}

const errors = suiteWith<Context>('config errors on the command line', {
  async before(context) {
    context.dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-cli-'));
  },
  async after({ dir }) {
    if (dir) await rm(dir, { recursive: true, force: true });
  },
});

for (const [name, spec] of Object.entries(CASES)) {
  errors(`${name}: one clear message naming the path, exit 2, no stack trace`, async ({ dir }) => {
    const file = path.join(dir, `${name.replace(/\W+/g, '-')}.json`);
    // Root reads any file whatever its mode, so "unreadable" is a folder where the file should be.
    if (spec.dir) await mkdir(file);
    else if (spec.content !== null) await writeFile(file, spec.content);
    for (const mode of [[], ['--check'], ['--once']]) {
      const { code, stdout, stderr } = await runCli(['--config', file, ...mode]);
      assert.is(code, 2, `${mode.join(' ')}: ${stderr}`);
      assert.is(stdout, '');
      assert.ok(stderr.includes(file), `names the file: ${stderr}`);
      for (const pattern of spec.says) assert.match(stderr, pattern);
      assert.not.match(stderr, /^\s+at /m, 'no stack trace');
      assert.is(stderr.trim().split('\n')[0]?.startsWith('upsview: '), true, stderr);
    }
  });
}

errors('a bad option: usage on stderr, exit 2', async () => {
  const { code, stderr } = await runCli(['--no-such-option']);
  assert.is(code, 2);
  assert.match(stderr, /Usage: upsview/);
  assert.not.match(stderr, /^\s+at /m);
});

errors.run();
