// The log line the README shows for a power event, against what the program prints: the bundle as
// `npm start` runs it, a real upsd whose dummy-ups sequence goes on battery and back. Log shippers
// and grep patterns are written from that example, so its fields must come in the order printed.

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import * as assert from 'uvu/assert';
import { BUNDLE, START_FLAGS, ensureBundle } from './helpers/bundle.ts';
import { REPO } from './helpers/cli.ts';
import { within } from './helpers/cycle.ts';
import { suiteWith } from './helpers/suite.ts';
import { OUTAGE_SEQUENCE } from './helpers/outage-sequence.ts';
import { startUpsd, type Upsd } from './helpers/upsd.ts';

interface Context {
  upsd: Upsd;
  dir: string;
  daemon: ChildProcess | null;
}

const logs = suiteWith<Context>('README: the power event log line', {
  async before(context) {
    context.daemon = null;
    context.upsd = await startUpsd([{ name: 'ups', dev: OUTAGE_SEQUENCE, seq: true }]);
    context.dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-readme-log-'));
    ensureBundle();
  },
  async after(context) {
    if (context.daemon && context.daemon.exitCode === null && context.daemon.signalCode === null) {
      const exited = once(context.daemon, 'exit');
      context.daemon.kill('SIGTERM');
      await exited;
    }
    await context.upsd?.stop();
    if (context.dir) await rm(context.dir, { recursive: true, force: true });
  },
});

/** The README's example line (its `…` stands for fields left out), as the object it shows. */
async function readmeExample(): Promise<Record<string, unknown>> {
  const readme = await readFile(path.join(REPO, 'README.md'), 'utf8');
  const span = /its type code is the line's[\s\S]*?`(\{"[\s\S]*?,…\})`/.exec(readme)?.[1];
  assert.ok(span, 'README shows a log line');
  // A code span may wrap; rendered, its line breaks are spaces.
  return JSON.parse(`${span.replace(/\n/g, ' ').slice(0, -'…}'.length - 1)}}`) as Record<string, unknown>;
}

logs('the on-mains line has the README example’s fields, in its order, and its words', async (context) => {
  const example = await readmeExample();
  const config = path.join(context.dir, 'config.json');
  await writeFile(config, JSON.stringify({ schedule: '* * * * * *', outDir: 'out', hosts: [{ name: 'NAS', host: context.upsd.host, port: context.upsd.port }] }));
  const daemon = spawn(process.execPath, [...START_FLAGS, BUNDLE, '--config', config], { cwd: context.dir, stdio: ['ignore', 'ignore', 'pipe'] });
  context.daemon = daemon;
  const lines: Record<string, unknown>[] = [];
  const onMains = new Promise<Record<string, unknown>>((resolve) => {
    createInterface({ input: daemon.stderr! }).on('line', (text) => {
      const line = JSON.parse(text) as Record<string, unknown>;
      lines.push(line);
      if (line.kind === 'on-mains') resolve(line);
    });
  });
  const line = await within(onMains, 30_000, 'the on-mains line');

  assert.equal(Object.keys(line).slice(0, Object.keys(example).length), Object.keys(example), JSON.stringify(line));
  assert.ok(!Number.isNaN(Date.parse(String(example.time))) && !Number.isNaN(Date.parse(String(line.time))), 'an ISO time');
  assert.equal([line.kind, line.host, line.ups], [example.kind, example.host, example.ups]);
  const words = /^Back on mains: on battery for (?:\d+ min )?\d+ s, lowest charge \d+ %/;
  assert.match(String(example.text), words);
  assert.match(String(line.text), /^Back on mains: on battery for \d+ s, lowest charge 61 %/);
  assert.is(typeof line.durationSeconds, 'number');
  // A machine too busy to keep a one-second schedule says so (README: run-skipped, runs-caught-up);
  // that is the job telling of its machine, not a line logged while all is well with the UPS.
  const busy = new Set(['run-skipped', 'runs-caught-up']);
  assert.equal(
    lines.map((logged) => logged.kind).filter((kind) => !busy.has(String(kind))),
    ['started', 'on-battery', 'on-mains'],
    'only the start and the power events: nothing else while all is well',
  );
});

logs.run();
