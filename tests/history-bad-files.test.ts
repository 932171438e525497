// A data folder with a bad file in it, read by the real command line (--once) polling a real upsd:
// a file that cannot be read, a state.json of a later upsview, a file where a folder should be,
// damaged day files. Each is said with the file and what is wrong with it, the page is written,
// and the history the store held is still there once the file is right again.

import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { LogLine } from '../src/shared/log.ts';
import { runCli } from './helpers/cli.ts';
import { startDaemon } from './helpers/daemon.ts';
import { seedStore } from './helpers/history-seed.ts';
import { createSim, upsVars } from './helpers/history-sim.ts';
import { suiteWith } from './helpers/suite.ts';
import { startUpsd, type Upsd } from './helpers/upsd.ts';

const DAY = 86_400_000;

interface Status {
  historySince: string;
  hosts: { ups: { availability: { month: { monitoredSeconds: number } } }[] }[];
}

interface Run {
  code: number | null;
  logs: LogLine[];
  status: Status;
}

interface Context {
  upsd: Upsd;
  dir: string;
  data: string;
  /** When the seeded history begins: ten days ago. */
  since: string;
  once(): Promise<Run>;
}

const bad = suiteWith<Context>('bad files in the data folder', {
  async before(context) {
    context.upsd = await startUpsd([{ name: 'ups', dev: 'ups.status: OL\nbattery.charge: 100\nups.load: 20\nups.realpower.nominal: 500\n' }]);
  },
  async beforeEach(context) {
    context.dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-history-bad-'));
    context.data = path.join(context.dir, 'data');
    const config = path.join(context.dir, 'config.json');
    await writeFile(config, JSON.stringify({ outDir: 'out', timeoutMs: 2000, hosts: [{ name: 'lab', host: context.upsd.host, port: context.upsd.port }] }));
    const now = Date.now();
    await seedStore(context.data, [{ host: 'lab', ups: 'ups' }], now - 10 * DAY, now - 60_000);
    context.since = new Date(now - 10 * DAY).toISOString();
    context.once = async () => {
      const result = await runCli(['--config', config, '--once']);
      const logs = result.stderr.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as LogLine);
      const status = JSON.parse(await readFile(path.join(context.dir, 'out', 'status.json'), 'utf8')) as Status;
      return { code: result.code, logs, status };
    };
  },
  async afterEach({ dir }) {
    if (dir) await rm(dir, { recursive: true, force: true });
  },
  async after({ upsd }) {
    await upsd?.stop();
  },
});

const monitoredDays = (run: Run) => Math.floor((run.status.hosts[0]?.ups[0]?.availability.month.monitoredSeconds ?? 0) / 86_400);
const ofKind = (run: Run, kind: string) => run.logs.filter((line) => line.kind === kind);

/** The newest day file of a folder: the hourly ones of today begin only once its first hour is over. */
const newest = async (dir: string) => (await readdir(dir)).sort().at(-1) ?? '';

bad('a day file that cannot be read is named, and the history is all there once it can be again', async ({ data, since, once }) => {
  const file = path.join(data, 'hourly', await newest(path.join(data, 'hourly')));
  const state = await readFile(path.join(data, 'state.json'), 'utf8');
  // A folder where the file should be: unreadable even to root (EACCES is not, for a test run as root).
  await rename(file, `${file}.away`);
  await mkdir(file);
  const blocked = await once();
  assert.is(blocked.code, 0, 'the page is written');
  assert.equal(ofKind(blocked, 'history-read-failed').map((line) => line.message), [`cannot read ${file}: EISDIR`]);
  assert.is(await readFile(path.join(data, 'state.json'), 'utf8'), state, 'the saved state is left as it was');

  await rm(file, { recursive: true });
  await rename(`${file}.away`, file);
  const back = await once();
  assert.equal(ofKind(back, 'history-read-failed'), []);
  assert.is(back.status.historySince, since, 'history since the first run, not since the fault');
  assert.is(monitoredDays(back), 10, 'the ten days are shown again');
});

bad('a running job reads a store it could not read at start again on SIGHUP, once it is mended', async ({ dir, data, since }) => {
  const file = path.join(data, 'hourly', await newest(path.join(data, 'hourly')));
  await rename(file, `${file}.away`);
  await mkdir(file);
  const daemon = startDaemon(['--config', path.join(dir, 'config.json'), '--verbose']);
  try {
    await daemon.logged('history-read-failed');
    await daemon.logged('run-finished');
    await rm(file, { recursive: true });
    await rename(`${file}.away`, file);
    daemon.child.kill('SIGHUP');
    await daemon.logged('reloaded');
    await daemon.logged('run-finished', 2);
    const status = JSON.parse(await readFile(path.join(dir, 'out', 'status.json'), 'utf8')) as Status;
    assert.is(status.historySince, since, 'history since the first run, without a restart');
  } finally {
    assert.is(await daemon.stop(), 0);
  }
  assert.is(daemon.count('history-loaded'), 1, 'read once the file was mended');
});

bad('a state.json written by a later upsview is left as it is, and said', async ({ data, once }) => {
  const file = path.join(data, 'state.json');
  const later = (await readFile(file, 'utf8')).replace('"version":1', '"version":2');
  await writeFile(file, later);
  const run = await once();
  assert.is(run.code, 0);
  assert.equal(ofKind(run, 'history-read-failed').map((line) => line.message), [`cannot read ${file}: written by a later upsview (state version 2; this one reads 1)`]);
  assert.equal(ofKind(run, 'history-damaged'), [], 'not taken for damage');
  assert.is(await readFile(file, 'utf8'), later, 'untouched');
});

bad('a file where the samples folder should be does not hide the history', async ({ data, since, once }) => {
  const samples = path.join(data, 'samples');
  await rm(samples, { recursive: true });
  await writeFile(samples, 'not a folder\n');
  const run = await once();
  assert.equal(ofKind(run, 'history-read-failed'), []);
  assert.is(run.status.historySince, since);
  assert.is(monitoredDays(run), 10);
  const failed = ofKind(run, 'history-write-failed');
  assert.is(failed.length, 1);
  assert.ok(String(failed[0]?.message).startsWith(`cannot append to ${samples}${path.sep}`), String(failed[0]?.message));
});

bad('damaged rollups and hourly files of one day are both kept, each said with what is wrong', async ({ data, once }) => {
  const day = await newest(path.join(data, 'hourly'));
  const spoilt: Record<string, string> = {};
  for (const folder of ['rollups', 'hourly']) {
    const file = path.join(data, folder, day);
    const text = await readFile(file, 'utf8');
    // First, not after the first line: between 01:00 and 02:00 UTC the day's hourly file holds one
    // line, and a bad line after it would be its last, which start-up cuts as a torn write instead.
    spoilt[folder] = `{"note":"${folder}"}\n${text}`;
    await writeFile(file, spoilt[folder]);
  }
  const run = await once();
  const damaged = ofKind(run, 'history-damaged');
  for (const folder of ['rollups', 'hourly']) {
    const movedTo = damaged.find((line) => line.file === path.join(data, folder, day))?.movedTo;
    assert.is(await readFile(String(movedTo), 'utf8'), spoilt[folder], `the ${folder} file as it was`);
  }
  assert.is((await readdir(path.join(data, 'damaged'))).length, 2, 'in two places');
  assert.equal(
    damaged.map((line) => [path.relative(data, String(line.file)), String(line.reason).replace(/ of \d+ /, ' of N ')]),
    [
      [path.join('hourly', day), 'line 1 of N is JSON but not a line of this file (a field missing or of the wrong type)'],
      [path.join('rollups', day), 'line 1 of N is JSON but not a line of this file (a field missing or of the wrong type)'],
    ],
  );
});

bad('a damaged hourly file of an older day costs that day only: the history goes on from when it began', async ({ data, since, once }) => {
  const days = (await readdir(path.join(data, 'hourly'))).sort();
  const older = days.at(-5) ?? '';
  const file = path.join(data, 'hourly', older);
  await writeFile(file, `checked the UPS, all fine\n${await readFile(file, 'utf8')}`);
  const run = await once();
  assert.equal(ofKind(run, 'history-damaged').map((line) => [line.file, line.reason, line.since]), [[file, 'line 1 of 25 is not JSON', since]]);
  assert.is(run.status.historySince, since, 'not restarted');
  assert.is(monitoredDays(run), 9, 'the other nine days are kept');
});

const states: [string, (text: string) => string, string][] = [
  ['empty (a power cut)', () => '', 'empty'],
  ['cut short', (text) => text.slice(0, 100), 'not JSON (cut short, or overwritten)'],
  ['of another shape', () => '[]\n', 'not a JSON object'],
  ['with a bad field', (text) => text.replace(/"since":"[^"]*"/, '"since":"yesterday"'), '"since" is not a time'],
];

for (const [what, spoil, reason] of states) {
  bad(`a state.json ${what} is moved aside, said with what is wrong`, async ({ data, once }) => {
    const file = path.join(data, 'state.json');
    await writeFile(file, spoil(await readFile(file, 'utf8')));
    const run = await once();
    assert.is(run.code, 0);
    assert.equal(ofKind(run, 'history-damaged').map((line) => [line.file, line.reason]), [[file, reason]]);
  });
}

bad.run();

const running = suite('an events file damaged while the job runs');

running('is not cut short at midnight: the next start moves it aside whole and says where it is bad', async () => {
  const start = Date.parse('2026-04-01T22:00:00Z');
  const sim = await createSim({ home: { reachable: true, ups: { a: upsVars() } } }, start);
  const home = sim.world.get(40_000);
  try {
    if (!home) throw new Error('no simulated host');
    for (const status of ['OB DISCHRG', 'OL', 'OB DISCHRG', 'OL']) {
      home.ups.a = upsVars({ 'ups.status': status });
      await sim.runUntil(sim.now() + 600_000, 300_000);
    }
    const file = path.join(sim.dataDir, 'events.jsonl');
    // A store more than a year old, so the day's housekeeping drops its oldest event and rewrites
    // the file; and a line added by hand in an editor.
    const old = JSON.stringify({ time: '2025-03-01T10:00:00.000Z', host: 'home', ups: 'a', type: 'on-battery', text: 'On battery' });
    const edited = [old, 'checked the UPS, all fine', await readFile(file, 'utf8')].join('\n');
    await writeFile(file, edited);
    // Past midnight UTC: the day's housekeeping reads the events file.
    await sim.runUntil(Date.parse('2026-04-02T00:10:00Z'), 300_000);
    assert.is(await readFile(file, 'utf8'), edited, 'no event removed');
    await sim.restart();
    const damaged = sim.logs.filter((line) => line.kind === 'history-damaged');
    assert.is(await readFile(String(damaged[0]?.movedTo), 'utf8'), edited, 'moved aside whole');
    assert.equal(damaged.map((line) => [line.file, line.reason]), [[file, 'line 2 of 6 is not JSON']]);
  } finally {
    await sim.cleanup();
  }
});

running.run();
