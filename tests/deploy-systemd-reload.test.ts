// `systemctl reload upsview` with the shipped unit: systemd runs the unit's ExecReload= with
// $MAINPID set to the job's PID, and the job reloads its config (README: "SIGHUP reloads the
// config"). Without ExecReload= systemd refuses the reload ("Job type reload is not applicable").
// systemd is not running here, so the command is run as systemd would run it: its words, with
// $MAINPID replaced, against the real daemon.

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as assert from 'uvu/assert';
import { REPO } from './helpers/cli.ts';
import { startDaemon, type Daemon } from './helpers/daemon.ts';
import { freePort } from './helpers/upsd.ts';
import { suiteWith } from './helpers/suite.ts';

const UNIT = path.join(REPO, 'deploy', 'systemd', 'upsview.service');

interface Context {
  dir: string;
  daemon: Daemon;
}

const reload = suiteWith<Context>('deploy: systemctl reload upsview', {
  async before(context) {
    context.dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-systemd-reload-'));
  },
  async after(context) {
    await context.daemon?.stop();
    if (context.dir) await rm(context.dir, { recursive: true, force: true });
  },
});

reload("the unit's ExecReload makes the running job reload its config", async (context) => {
  const unit = await readFile(UNIT, 'utf8');
  const lines = [...unit.matchAll(/^ExecReload=(.*)$/gm)].map((match) => (match[1] as string).trim());
  assert.is(lines.length, 1, 'one ExecReload= line: without it systemd refuses `systemctl reload upsview`');

  const config = path.join(context.dir, 'config.json');
  // Nothing listens on the port: the job runs, and reports the host down, which is all a reload needs.
  const port = await freePort();
  await writeFile(config, JSON.stringify({ schedule: '0 0 1 1 *', outDir: 'out', hosts: [{ name: 'a', host: '127.0.0.1', port }] }));
  context.daemon = startDaemon(['--config', config]);
  await context.daemon.logged('started');

  const [program, ...args] = (lines[0] as string).split(/\s+/).map((word) => word.replace('$MAINPID', String(context.daemon.child.pid)));
  assert.ok(program && path.isAbsolute(program), `ExecReload runs a program by absolute path: ${lines[0]}`);
  await promisify(execFile)(program, args);
  await context.daemon.logged('reloaded');
  assert.is(context.daemon.count('reload-failed'), 0);
  assert.is(context.daemon.child.exitCode, null, 'still running');
});

reload.run();
