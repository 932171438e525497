// The status.json left by an earlier process, read at start as untrusted input (issue 9, items 5
// and 9): crafted nesting, foreign keys, bad times, a huge file and a FIFO at its path. None may
// stop the job from publishing, reach the next status.json, or block start-up; each that is not
// used is said in one log line.

import { spawnSync } from 'node:child_process';
import { constants } from 'node:fs';
import { open, readFile, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as assert from 'uvu/assert';
import { PREVIOUS_MAX_BYTES, readPreviousSnapshot } from '../src/app/read-previous.ts';
import { initialRunState } from '../src/app/run-once.ts';
import { createSessionPool } from '../src/nut/pool.ts';
import { systemClock } from '../src/shared/clock.ts';
import { createRecordingTransport } from './helpers/recording-transport.ts';
import { createCycler, pageText, within, type Cycler } from './helpers/cycle.ts';
import { suiteWith } from './helpers/suite.ts';
import { freePort, startUpsd, type Upsd } from './helpers/upsd.ts';
import type { Snapshot, UpsSnapshot } from '../src/snapshot/types.ts';

interface Context {
  upsd: Upsd;
  cycler: Cycler;
  file: string;
  /** Starts "a new process" on whatever is at outDir/status.json now. */
  restart(): Promise<void>;
}

const previous = suiteWith<Context>('previous status.json', {
  async before(context) {
    context.upsd = await startUpsd([{ name: 'rack', dev: 'ups.status: OL\nbattery.charge: 81\n' }]);
  },
  async beforeEach(context) {
    context.cycler = await createCycler({ hosts: [{ name: 'lab', host: context.upsd.host, port: context.upsd.port }] });
    context.file = path.join(context.cycler.outDir, 'status.json');
    context.restart = async () => {
      context.cycler.state = initialRunState(await readPreviousSnapshot(context.cycler.outDir, context.cycler.deps.log));
    };
  },
  async afterEach({ cycler }) {
    await cycler?.cleanup();
  },
  async after({ upsd }) {
    await upsd?.stop();
  },
});

const ignoredLines = (cycler: Cycler) => cycler.logs.filter((line) => line.kind === 'previous-ignored');

previous('a restart asks for the UPSes of the last status.json in the same write as LIST UPS: one round trip after the connect', async (context) => {
  const { cycler } = context;
  await cycler.run();
  await context.restart();
  // A new process's connections, recorded.
  const recording = createRecordingTransport();
  cycler.deps.sessions = createSessionPool({ keep: false, deps: { transport: recording.transport, timers: systemClock } });
  const published = await cycler.run();
  assert.is(published.ups('lab', 'rack').vars['battery.charge'], '81');
  // Leaving out the NETVERs that only carry an ACK. The GET DESCs of names this process has not seen yet ride along.
  const [first, ...later] = (recording.connections[0] ?? []).filter((write) => write !== 'NETVER\n');
  assert.ok(first?.startsWith('LIST UPS\nLIST VAR rack\n'), first);
  assert.not.ok(later.some((write) => write.includes('LIST ')), later.join(''));
});

previous('a key nested 20,000 deep and foreign keys are dropped; the job writes on with its last values', async (context) => {
  const { cycler } = context;
  await cycler.run();
  const depth = 20_000;
  const deep = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  const status = JSON.parse(await readFile(context.file, 'utf8')) as Snapshot;
  const rack = status.hosts[0]?.ups[0] as UpsSnapshot;
  // A UPS upsd no longer lists is carried over from this file (shown as gone): it carries the deep key too.
  const ghost = { ...rack, name: 'ghost' };
  const text = JSON.stringify({ ...status, hosts: [{ ...status.hosts[0], ups: [rack, ghost] }] }, null, 2)
    .replace(/^\{/, `{"deep":${deep},"extra":"root",`)
    .replace('"name": "lab",', `"name": "lab", "hostExtra": ${deep},`)
    .replaceAll('"name": "rack",', `"name": "rack", "upsExtra": ${deep},`)
    .replaceAll('"name": "ghost",', `"name": "ghost", "upsExtra": ${deep},`);
  await writeFile(context.file, text);
  await context.restart();
  assert.is(context.cycler.state.previous?.hosts[0]?.ups[0]?.vars['battery.charge'], '81', 'the known fields were kept');
  for (let cycle = 0; cycle < 2; cycle++) {
    // run() fails the test when the cycle could not publish.
    const published = await cycler.run();
    const written = await readFile(context.file, 'utf8');
    for (const key of ['deep', 'extra', 'hostExtra', 'upsExtra']) assert.not.ok(written.includes(`"${key}"`), key);
    assert.is(published.ups('lab', 'rack').vars['battery.charge'], '81');
    assert.is(published.ups('lab', 'ghost').gone, true);
  }
  assert.equal(ignoredLines(cycler), []);
});

previous('a time that is not an ISO time ignores the file with one log line; no "NaN" on the page', async (context) => {
  const { cycler } = context;
  const dead = await createCycler({ outDir: cycler.outDir, hosts: [{ name: 'lab', host: '127.0.0.1', port: await freePort() }] });
  await cycler.run();
  const text = (await readFile(context.file, 'utf8')).replace(/"lastSuccessAt": "[^"]+"/g, '"lastSuccessAt": "yesterday"');
  await writeFile(context.file, text);
  dead.state = initialRunState(await readPreviousSnapshot(dead.outDir, dead.deps.log));
  const published = await dead.run();
  assert.not.match(pageText(published.html), /NaN/);
  assert.not.ok((await readFile(context.file, 'utf8')).includes('yesterday'));
  const lines = ignoredLines(dead);
  assert.is(lines.length, 1);
  assert.match(String(lines[0]?.reason), /^hosts\[0\]\.lastSuccessAt: expected an ISO time$/);
});

previous(`a file over ${PREVIOUS_MAX_BYTES / 1024 / 1024} MB is not read: memory stays small`, async (context) => {
  const { cycler } = context;
  // A sparse 43 MB file: costs no disk, but reading it would cost its size and more in memory.
  await writeFile(context.file, '');
  await truncate(context.file, 43 * 1024 * 1024);
  global.gc?.();
  const before = process.memoryUsage().rss;
  await context.restart();
  const grown = (process.memoryUsage().rss - before) / 1024 / 1024;
  assert.ok(grown < 16, `RSS grew by ${grown.toFixed(1)} MB`);
  assert.is(cycler.state.previous, null);
  assert.match(String(ignoredLines(cycler)[0]?.reason), /^45088768 bytes, more than the 16777216 it may have$/);
  await cycler.run();
});

previous('a FIFO at status.json neither blocks start-up nor publishing', async (context) => {
  const { cycler } = context;
  const made = spawnSync('mkfifo', [context.file]);
  assert.is(made.status, 0, 'mkfifo');
  try {
    await within(context.restart(), 3000, 'reading the previous status.json');
    assert.is(cycler.state.previous, null);
    assert.match(String(ignoredLines(cycler)[0]?.reason), /not a regular file/);
    const published = await cycler.run();
    assert.is(published.host('lab').error, null, 'the FIFO was replaced by the new file');
  } finally {
    // A reader still blocked in open() (the fault) is let go by a writer opening the other end.
    await open(context.file, constants.O_WRONLY | constants.O_NONBLOCK).then((handle) => handle.close(), () => undefined);
  }
});

previous.run();
