// state.json is saved when the history needs it, not every cycle (src/history/save.ts
// STATE_EVERY_MS): by the first cycle, by a cycle that closes a bucket or notices an event, by
// every cycle while a UPS is on battery, a minute after the last save, and as the job stops. A
// kill between saves loses only the time since the last one, which the next start counts as a
// monitoring gap.

import * as assert from 'uvu/assert';
import { test } from 'uvu';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createSim, upsVars, type Sim } from './helpers/history-sim.ts';
import { textOf } from '../src/publish/atomic-write.ts';

/** 20 s before a 5-minute bucket ends. */
const T0 = Date.parse('2026-08-01T00:04:40Z');
const S = 1000;

const savedCycle = async (sim: Sim): Promise<number> =>
  Date.parse(JSON.parse(await readFile(path.join(sim.dataDir, 'state.json'), 'utf8')).track.lastCycleAt);

const everySecond = () => createSim({ home: { reachable: true, ups: { a: upsVars() } } }, T0, { schedule: '* * * * * *' });

test('unchanging readings every second: saved by the first cycle, as a bucket closes, then a minute on', async () => {
  const sim = await everySecond();
  try {
    const seen: number[] = [];
    for (let t = T0; t <= T0 + 85 * S; t += S) {
      sim.setClock(t);
      await sim.cycle();
      seen.push(await savedCycle(sim));
    }
    const saves = [...new Set(seen)].map((t) => (t - T0) / S);
    assert.equal(saves, [0, 20, 80], 'the first cycle, the one at 00:05:00 that closes a bucket, and 60 s after it');
  } finally {
    await sim.cleanup();
  }
});

test('on battery every cycle is saved, and a stop saves the last cycle', async () => {
  const sim = await everySecond();
  try {
    sim.setClock(T0 + 30 * S);
    await sim.cycle();
    const host = sim.world.get(40_000)!;
    host.ups.a = upsVars({ 'ups.status': 'OB DISCHRG', 'battery.charge': '90' });
    for (let t = T0 + 31 * S; t <= T0 + 35 * S; t += S) {
      sim.setClock(t);
      await sim.cycle();
      assert.is(await savedCycle(sim), t, `the cycle at +${(t - T0) / S} s on battery is saved`);
    }
    host.ups.a = upsVars();
    sim.setClock(T0 + 36 * S);
    await sim.cycle();
    assert.is(await savedCycle(sim), T0 + 36 * S, 'the cycle back on mains is saved');
    sim.setClock(T0 + 37 * S);
    await sim.cycle();
    assert.is(await savedCycle(sim), T0 + 36 * S, 'the next one on mains is not');
    await sim.restart();
    assert.is(await savedCycle(sim), T0 + 37 * S, 'a stop saves the last cycle');
    assert.is(sim.logs.filter((line) => line.kind === 'monitoring-gap').length, 0, 'so a restart goes on without a gap');
  } finally {
    await sim.cleanup();
  }
});

test('a kill between saves: the time since the last save is a monitoring gap, not monitored time', async () => {
  const sim = await everySecond();
  try {
    // Saved at +20 s (the bucket closes at 00:05:00), killed after the cycle at +50 s, started at +60 s.
    await sim.runUntil(T0 + 50 * S, S);
    assert.is(await savedCycle(sim), T0 + 20 * S);
    sim.setClock(T0 + 60 * S);
    await sim.restart({ killed: true });
    const result = await sim.cycle(true);
    const gaps = sim.logs.filter((line) => line.kind === 'monitoring-gap').map((line) => line.durationSeconds);
    assert.equal(gaps, [40], 'from the last saved cycle to the first after the start');
    const status = JSON.parse(textOf(result.files.find((file) => file.name === 'status.json')?.content ?? '{}'));
    assert.is(status.hosts[0].ups[0].availability.day.monitoredSeconds, 20, 'the 20 s up to the save are monitored; the 40 s after it are not');
  } finally {
    await sim.cleanup();
  }
});

test.run();
