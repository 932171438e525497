// The texts upsd gives for each variable (GET DESC) stay with the last good values of a host that
// is down, also in a new process: every --once run from cron is one, and so is a restarted daemon.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Snapshot } from '../src/snapshot/types.ts';
import { runCli } from './helpers/cli.ts';
import { pageNowText } from './helpers/cycle.ts';
import { startUpsd } from './helpers/upsd.ts';

const kept = suite('variable descriptions of a host that is down');

kept('a --once run while the host is down shows the descriptions the last run had', async () => {
  const upsd = await startUpsd([{ name: 'ups1', dev: 'ups.status: OL\nbattery.charge: 64\n' }]);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-descriptions-'));
  const config = path.join(dir, 'config.json');
  await writeFile(config, JSON.stringify({ outDir: 'out', timeoutMs: 800, hosts: [{ name: 'lab', host: upsd.host, port: upsd.port }] }));
  const read = (name: string) => readFile(path.join(dir, 'out', name), 'utf8');
  try {
    const first = await runCli(['--config', config, '--once']);
    assert.is(first.code, 0, first.stderr);
    const before = (JSON.parse(await read('status.json')) as Snapshot).hosts[0]?.descriptions;
    assert.is(before?.['battery.charge'], 'Battery charge (percent of full)', 'upsd described the variable');

    await upsd.stop();
    const second = await runCli(['--config', config, '--once']);
    assert.is(second.code, 0, second.stderr);
    const after = JSON.parse(await read('status.json')) as Snapshot;
    assert.is(after.hosts[0]?.error?.code, 'CONNECTION-REFUSED');
    assert.is(after.hosts[0]?.ups[0]?.vars['battery.charge'], '64', 'the last good values are shown');
    assert.equal(after.hosts[0]?.descriptions, before, 'and described as before');
    assert.ok(pageNowText(await read('index.html')).includes('Battery charge (percent of full)'), 'the page describes the variable');
  } finally {
    await upsd.stop();
    await rm(dir, { recursive: true, force: true });
  }
});

kept.run();
