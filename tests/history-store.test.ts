// The history store survives what a Raspberry Pi's SD card and power supply do to it: a kill at
// any moment, a damaged file, a full or read-only disk (issue 8 "Durability").

import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DAY, FIVE_MINUTES, emptyBucket } from '../src/history/bucket.ts';
import { loadHistory } from '../src/history/load.ts';
import { emptyHistory } from '../src/history/model.ts';
import { rowLine } from '../src/history/records.ts';
import { stateJson } from '../src/history/state-file.ts';
import type { HistoryLogEvent } from '../src/history/paths.ts';
import { createLogger, type LogLine } from '../src/shared/log.ts';
import { bundleHelper, killAtRandom } from './helpers/child-kill.ts';
import { pageText } from './helpers/cycle.ts';
import { asRoot } from './helpers/prerequisite.ts';
import { runUnless } from './helpers/suite.ts';
import { mountTmpfs } from './helpers/tmpfs.ts';
import { createSim, upsVars } from './helpers/history-sim.ts';
import { textOf } from '../src/publish/atomic-write.ts';

const T0 = Date.parse('2026-04-01T00:00:00Z');

function collectingLog(): { lines: LogLine[]; log: ReturnType<typeof createLogger<HistoryLogEvent>> } {
  const lines: LogLine[] = [];
  return { lines, log: createLogger<HistoryLogEvent>({ verbose: false, write: (line) => lines.push(JSON.parse(line) as LogLine) }) };
}

const damage = suite('damaged files');

damage('a torn last line is cut off quietly; the lines before it are kept', async () => {
  const sim = await createSim({ home: { reachable: true, ups: { a: upsVars() } } }, T0);
  try {
    await sim.runUntil(T0 + 3600_000, 300_000);
    const rollups = path.join(sim.dataDir, 'rollups', '2026-04-01.jsonl');
    const whole = await readFile(rollups, 'utf8');
    await appendFile(rollups, '{"host":"home","ups":"a","t":"2026-04-01T01:');
    // The raw samples are never read back, but they are appended to: theirs goes too.
    const samples = path.join(sim.dataDir, 'samples', '2026-04-01.jsonl');
    const allSamples = await readFile(samples, 'utf8');
    await appendFile(samples, '{"time":"2026-04-01T01:00:00.000Z","host":"ho');
    const { lines, log } = collectingLog();
    const loaded = await loadHistory(sim.dataDir, new Date(T0 + 3600_000), log);
    assert.equal(lines, []);
    assert.is(await readFile(rollups, 'utf8'), whole, 'the torn tail is gone, the rest untouched');
    assert.is(await readFile(samples, 'utf8'), allSamples, "the samples' torn tail is gone too");
    assert.is(loaded.history.units['home/a']?.fine.length, 12);
    assert.is(loaded.history.since, '2026-04-01T00:00:00.000Z');
  } finally {
    await sim.cleanup();
  }
});

// A day of rollups costs only what it held; the events and the state are what the rest is read against.
for (const [target, restarts] of [['rollups/2026-04-01.jsonl', false], ['events.jsonl', true], ['state.json', true]] as const) {
  damage(`a damaged ${target} is moved aside, said once, and the page says since when history runs (${restarts ? 'now' : 'as before'})`, async () => {
    const sim = await createSim({ home: { reachable: true, ups: { a: upsVars() } } }, T0);
    try {
      await sim.runUntil(T0 + 3600_000, 300_000);
      sim.world.get(40_000)!.ups.a = upsVars({ 'ups.status': 'OB' });
      await sim.runUntil(T0 + 3900_000, 300_000);
      const file = path.join(sim.dataDir, target);
      const text = await readFile(file, 'utf8');
      const spoilt = target.endsWith('.json') ? `{"version":1,${text.slice(12)}` : `garbage\n${text}`;
      await writeFile(file, spoilt);
      const restartAt = T0 + 4200_000;
      sim.setClock(restartAt);
      await sim.restart();
      const damaged = sim.logs.filter((line) => line.kind === 'history-damaged');
      assert.is(damaged.length, 1, 'said once');
      const aside = await readdir(path.join(sim.dataDir, 'damaged'));
      assert.equal(aside.length, 1);
      assert.ok(aside[0]?.startsWith(path.basename(target)), aside[0]);
      assert.is(await readFile(path.join(sim.dataDir, 'damaged', aside[0] ?? ''), 'utf8'), spoilt, 'kept as it was');
      const page = textOf((await sim.cycle(true)).files.find((entry) => entry.name === 'index.html')?.content ?? '');
      const since = restarts ? restartAt : T0;
      assert.match(pageText(page), restarts ? /History since 2026-04-01 01:10 UTC/ : /History since 2026-04-01 00:00 UTC/);
      const status = JSON.parse(textOf((await sim.cycle(true)).files.find((entry) => entry.name === 'status.json')?.content ?? '{}'));
      assert.is(status.historySince, new Date(since).toISOString());
      assert.is(damaged[0]?.since, new Date(since).toISOString(), 'the log says since when');
      assert.is(sim.logs.filter((line) => line.kind === 'history-damaged').length, 1, 'not said again');
    } finally {
      await sim.cleanup();
    }
  });
}

damage('a data folder that cannot be made is reported as HISTORY-READ, naming it, and history starts empty', async () => {
  const work = await mkdtemp(path.join(os.tmpdir(), 'upsview-history-blocked-'));
  try {
    // A file where the folder's parent should be: mkdir fails with ENOTDIR, even as root.
    await writeFile(path.join(work, 'file'), '');
    const dataDir = path.join(work, 'file', 'data');
    const { lines, log } = collectingLog();
    const loaded = await loadHistory(dataDir, new Date(T0), log);
    assert.equal(lines.map((line) => [line.kind, line.code]), [['history-read-failed', 'HISTORY-READ']]);
    assert.is(lines[0]?.message, `cannot read ${dataDir}: ENOTDIR`);
    assert.equal(loaded.history.units, {});
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});

damage.run();

const size = suite('a large site');

size('a day of 5-minute rows for 500 UPSes, 144,000 lines in one file, is read back whole', async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'upsview-history-large-'));
  try {
    const lines: string[] = [];
    for (let t = T0; t < T0 + DAY; t += FIVE_MINUTES) {
      for (let i = 0; i < 500; i++) lines.push(rowLine({ host: 'rack', ups: `ups${i}`, bucket: { ...emptyBucket(t), samples: 1, monitoredSeconds: 300 } }));
    }
    await mkdir(path.join(dataDir, 'rollups'));
    await writeFile(path.join(dataDir, 'rollups', '2026-04-01.jsonl'), `${lines.join('\n')}\n`);
    const lastCycleAt = new Date(T0 + DAY - 1000).toISOString();
    const history = emptyHistory(new Date(T0).toISOString());
    history.track.lastCycleAt = lastCycleAt;
    await writeFile(path.join(dataDir, 'state.json'), stateJson(history, lastCycleAt, 0).join(''));
    const { lines: logged, log } = collectingLog();
    const loaded = await loadHistory(dataDir, new Date(T0 + DAY), log);
    assert.equal(logged, [], 'nothing said: the store is read');
    const units = Object.values(loaded.history.units);
    assert.is(units.length, 500);
    assert.ok(units.every((unit) => unit.fine.length === 288 && unit.hourly.length === 24), 'every UPS has its day');
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

size.run();

const disk = suite('a full or read-only data disk');
const withTmpfs = runUnless(disk, asRoot ? null : 'the full and read-only disk tests mount a tmpfs, which needs root (CI runs them)');

for (const fault of ['full', 'read-only'] as const) {
  withTmpfs(`${fault}: the page is still built and published, the error is said once, the store recovers`, async () => {
    const tmpfs = await mountTmpfs(256);
    const sim = await createSim({ home: { reachable: true, ups: { a: upsVars() } } }, T0, { dataDir: path.join(tmpfs.dir, 'data') });
    try {
      await sim.runUntil(T0 + 600_000, 300_000);
      const filler = path.join(tmpfs.dir, 'filler');
      if (fault === 'full') await writeFile(filler, Buffer.alloc(512 * 1024)).catch((error: NodeJS.ErrnoException) => assert.is(error.code, 'ENOSPC'));
      else tmpfs.remount('ro');
      for (let i = 0; i < 3; i++) {
        sim.setClock(T0 + 900_000 + i * 300_000);
        const result = await sim.cycle(true);
        assert.is(result.writeError, null, 'the outputs are published');
        assert.ok(result.files.some((file) => file.name === 'index.html'));
      }
      assert.equal(sim.logs.map((line) => line.kind), ['history-write-failed']);
      assert.match(String(sim.logs[0]?.message), fault === 'full' ? /ENOSPC/ : /EROFS/);
      if (fault === 'full') await rm(filler);
      else tmpfs.remount('rw');
      sim.setClock(T0 + 1_800_000);
      await sim.cycle();
      assert.equal(sim.logs.map((line) => line.kind), ['history-write-failed', 'history-write-recovered']);
      const state = JSON.parse(await readFile(path.join(sim.dataDir, 'state.json'), 'utf8'));
      assert.is(state.savedAt, new Date(T0 + 1_800_000).toISOString());
      for (const name of await readdir(path.join(sim.dataDir, 'samples'))) {
        for (const line of (await readFile(path.join(sim.dataDir, 'samples', name), 'utf8')).trim().split('\n')) JSON.parse(line);
      }
    } finally {
      tmpfs.remount('rw');
      await sim.cleanup();
      await tmpfs.unmount();
    }
  });
}

withTmpfs('a stop after the data disk comes back saves the rollups a read-only spell held back, then the state', async () => {
  const tmpfs = await mountTmpfs(256);
  const sim = await createSim({ home: { reachable: true, ups: { a: upsVars() } } }, T0, { dataDir: path.join(tmpfs.dir, 'data') });
  try {
    await sim.runUntil(T0 + 600_000, FIVE_MINUTES);
    tmpfs.remount('ro');
    // Each cycle closes a 5-minute bucket, whose row the read-only disk holds back.
    await sim.runUntil(T0 + 1_500_000, FIVE_MINUTES);
    tmpfs.remount('rw');
    await sim.restart();
    assert.equal(sim.logs.map((line) => line.kind), ['history-write-failed', 'history-write-recovered'], 'the stop wrote what was held back');
    const closed = Object.values(sim.state.history.units).flatMap((unit) => unit.fine.map((bucket) => (bucket.t - T0) / FIVE_MINUTES));
    assert.equal(closed, [0, 1, 2, 3, 4], 'every bucket closed before the stop is read back, those of the read-only spell too');
  } finally {
    tmpfs.remount('rw');
    await sim.cleanup();
    await tmpfs.unmount();
  }
});

disk.run();

const kills = suite('SIGKILL at random points of history cycles');

kills('100 kills never leave an unreadable store, and nothing written is lost', async () => {
  const work = await mkdtemp(path.join(os.tmpdir(), 'upsview-history-kill-'));
  const dataDir = path.join(work, 'data');
  const bundle = await bundleHelper('history-kill-writer', work);
  await mkdir(path.join(work, 'out'));
  let samples = 0;
  try {
    for (let kill = 0; kill < 100; kill++) {
      await killAtRandom(bundle, [dataDir, path.join(work, 'out')], { UPSVIEW_HISTORY_KILL: '1' }, 30);
      const { lines, log } = collectingLog();
      const loaded = await loadHistory(dataDir, new Date(), log);
      // Read as a job's start reads it, which takes the store: let go, for the next writer.
      await loaded.store.lock?.release();
      assert.equal(lines.map((line) => line.kind), [], `after kill ${kill} the store reads cleanly`);
      const sampleFiles = await readdir(path.join(dataDir, 'samples'));
      const counted = (await Promise.all(sampleFiles.map((name) => readFile(path.join(dataDir, 'samples', name), 'utf8')))).join('').split('\n').filter(Boolean);
      for (const line of counted) JSON.parse(line);
      assert.ok(counted.length >= samples, `samples never shrink (${counted.length} after ${samples})`);
      samples = counted.length;
      assert.ok(loaded.history.track.lastCycleAt !== null);
    }
    const events = (await readFile(path.join(dataDir, 'events.jsonl'), 'utf8')).trim().split('\n');
    assert.ok(events.length > 10, `events were written (${events.length})`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});

kills.run();
