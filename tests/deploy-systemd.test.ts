// deploy/systemd/upsview.service checked by systemd's own tools: `systemd-analyze verify` accepts
// it and `systemd-analyze security --offline` rates it 2.0 or better (issue 11; the README's old
// unit rated 9.6 UNSAFE). And what it starts is what the build makes: the bundle, with the unit's
// node options, reads the shipped example config from any working directory, whose outDir the unit
// may write and nginx serves, and whose dataDir is the unit's state folder.

import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import * as assert from 'uvu/assert';
import { runBundle, START_FLAGS } from './helpers/bundle.ts';
import { REPO } from './helpers/cli.ts';
import { ensurePackage } from './helpers/prerequisite.ts';
import { suiteWith } from './helpers/suite.ts';

const UNIT = path.join(REPO, 'deploy', 'systemd', 'upsview.service');
const EXAMPLE_CONFIG = path.join(REPO, 'deploy', 'upsview.json');
const SYSTEMD_ANALYZE = '/usr/bin/systemd-analyze';

interface Context {
  unit: string;
}

/** Runs systemd-analyze; resolves with its output whatever the exit code. */
async function analyze(args: readonly string[]): Promise<{ code: number; output: string }> {
  ensurePackage({ name: 'systemd', what: 'systemd-analyze', files: [SYSTEMD_ANALYZE] });
  try {
    const { stdout, stderr } = await promisify(execFile)(SYSTEMD_ANALYZE, args, { cwd: path.dirname(UNIT) });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

/** Every value of `key=` in the unit, in order. */
const values = (unit: string, key: string) => [...unit.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].map((match) => (match[1] as string).trim());

const systemd = suiteWith<Context>('deploy: systemd unit', {
  async before(context) {
    context.unit = await readFile(UNIT, 'utf8');
  },
});

systemd('systemd-analyze verify accepts the unit without a word', async () => {
  const { code, output } = await analyze(['verify', UNIT]);
  assert.is(code, 0, output);
  assert.is(output.trim(), '');
});

systemd('systemd-analyze security rates the unit 2.0 or better', async () => {
  const { output } = await analyze(['security', '--offline=true', UNIT]);
  const level = /Overall exposure level for upsview\.service: (\d+\.\d+)/.exec(output);
  assert.ok(level, output);
  assert.ok(Number(level[1]) <= 2.0, `exposure ${level[1]}`);
});

systemd('the unit runs as its own user and writes files the web server can read', ({ unit }) => {
  assert.equal(values(unit, 'User'), ['upsview']);
  assert.equal(values(unit, 'UMask'), ['0022']);
  assert.equal(values(unit, 'ProtectSystem'), ['strict']);
  assert.equal(values(unit, 'NoNewPrivileges'), ['yes']);
  assert.equal(values(unit, 'CapabilityBoundingSet'), ['']);
});

systemd('ExecStart runs the bundle, which reads the example config from any folder; its outDir and dataDir are writable', async ({ unit }) => {
  const [execStart] = values(unit, 'ExecStart');
  const words = (execStart as string).split(' ');
  assert.is(words[0], '/usr/bin/node');
  const script = words.findIndex((word) => word.endsWith('.mjs'));
  assert.is(path.relative('/opt/upsview', words[script] as string), path.join('dist', 'upsview.mjs'));
  assert.equal(words.slice(script + 1), ['--config', '/etc/upsview/config.json']);
  // The flags `npm start` runs with, which the footprint figures in the README measure.
  assert.equal(words.slice(1, script), START_FLAGS);

  const check = await runBundle(['--config', EXAMPLE_CONFIG, '--check'], { cwd: '/', nodeArgs: words.slice(1, script) });
  assert.is(check.code, 0, check.stderr);
  const outDir = /outDir\s+(\S+)/.exec(check.stdout)?.[1];
  assert.is(outDir, '/var/www/upsview');
  assert.ok(values(unit, 'ReadWritePaths').includes(outDir as string));
  // StateDirectory=upsview is /var/lib/upsview, writable by the service: where history is kept.
  const dataDir = /dataDir\s+(\S+)/.exec(check.stdout)?.[1];
  assert.is(dataDir, `/var/lib/${values(unit, 'StateDirectory')[0]}`);
  const nginx = await readFile(path.join(REPO, 'deploy', 'nginx', 'upsview.conf'), 'utf8');
  assert.match(nginx, `root ${outDir};`);
});

systemd.run();
