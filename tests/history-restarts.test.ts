// The history across a restart, a kill between a cycle's appends and its state.json, a save that
// fails for a while, and a wall clock that jumps: what the page and status.json show afterwards
// is what they showed before, with nothing counted twice and nothing lost.

import { readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { historyView, type UpsHistory } from '../src/history/view.ts';
import { dayCharts, monthCharts } from '../src/outputs/page/history-charts.ts';
import type { Snapshot } from '../src/snapshot/types.ts';
import { createSim, upsVars, type Sim } from './helpers/history-sim.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** The simulated upsd's first host (nut-world.ts numbers them from here). */
const HOME_PORT = 40_000;

/** The UPS's status from the next cycle on. */
function powerFrom(sim: Sim, status: 'OL' | 'OB DISCHRG'): void {
  const home = sim.world.get(HOME_PORT);
  if (!home) throw new Error('no simulated host');
  home.ups.a = upsVars({ 'ups.realpower': '360', 'ups.status': status });
}

const withSim = (start: number, run: (sim: Sim) => Promise<void>) => async () => {
  const sim = await createSim({ home: { reachable: true, ups: { a: upsVars({ 'ups.realpower': '360' }) } } }, start);
  try {
    await run(sim);
  } finally {
    await sim.cleanup();
  }
};

const shown = (sim: Sim): UpsHistory => historyView(sim.state.history, sim.state.previous as Snapshot).ups['home/a'] as UpsHistory;

/** What a user reads of the UPS's history: availability, energy and outages. */
const figures = (ups: UpsHistory) => ({
  availability: ups.availability,
  energyDays: ups.energy.days,
  energyMonths: ups.energy.months,
  onBattery: ups.onBattery,
});

async function lines(file: string): Promise<{ t?: string; time?: string; type?: string }[]> {
  return (await readFile(file, 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
}

/** One cycle at `at` whose state.json never lands: the process is killed after its appends, before the rename. */
async function killedBeforeState(sim: Sim, at: number): Promise<void> {
  const file = path.join(sim.dataDir, 'state.json');
  const saved = await readFile(file, 'utf8');
  sim.setClock(at);
  await sim.cycle();
  await writeFile(file, saved);
}

const restarts = suite('history across restarts');

restarts(
  'the hour the history began in is kept after a restart (the job installed at 10:17)',
  withSim(Date.parse('2026-04-01T10:17:00Z'), async (sim) => {
    await sim.runUntil(Date.parse('2026-04-01T13:17:00Z'), 5 * MINUTE);
    const before = figures(shown(sim));
    assert.is(before.availability.week.monitoredSeconds, 3 * 3600);
    await sim.restart();
    assert.equal(figures(shown(sim)), before);
  }),
);

restarts(
  'the charts are drawn the same after a restart, with readings that move every poll and an hour not yet rolled up',
  withSim(Date.parse('2026-04-01T09:00:00Z'), async (sim) => {
    // A poll a minute, the load different each time: every 5-minute slot and every hour has figures of its own.
    await sim.runUntil(Date.parse('2026-04-01T11:37:00Z'), MINUTE, (t) => {
      const home = sim.world.get(HOME_PORT);
      if (home) home.ups.a = upsVars({ 'ups.realpower': '360', 'ups.load': String(20 + ((t / MINUTE) % 17)) });
    });
    // The charts as the page draws them: lines, bands and their words.
    const charts = () => [...dayCharts(shown(sim), sim.now(), null), ...monthCharts(shown(sim), sim.now())];
    const before = charts();
    assert.ok(new Set(before[1]?.line.match(/\d+(?=[LH]|$)/g)).size > 5, `the load line moves: ${before[1]?.line}`);
    await sim.restart();
    // 11:00 to 11:30 are read back from their 5-minute rows alone (no hourly row yet): each row goes
    // into the 24-hour slots and into the hour and day it belongs to, and one must not change another.
    assert.equal(charts(), before);
  }),
);

restarts(
  'killed before its state.json, the cycle that closed an hour and ended an outage counts neither twice',
  withSim(Date.parse('2026-04-01T09:00:00Z'), async (sim) => {
    await sim.runUntil(Date.parse('2026-04-01T10:55:00Z'), 5 * MINUTE);
    powerFrom(sim, 'OB DISCHRG');
    await sim.runUntil(Date.parse('2026-04-01T11:00:00Z'), 5 * MINUTE);
    powerFrom(sim, 'OL');
    // 11:05 closes the 11:00 bucket, writes the 10:00 hour and ends the outage; then the kill.
    await killedBeforeState(sim, Date.parse('2026-04-01T11:05:00Z'));
    sim.setClock(Date.parse('2026-04-01T11:05:20Z'));
    await sim.restart();
    await sim.runUntil(Date.parse('2026-04-01T12:30:00Z'), 5 * MINUTE);
    const before = figures(shown(sim));
    await sim.restart();
    assert.equal(figures(shown(sim)), before, 'a second restart reads back what the job showed');

    const hours = (await lines(path.join(sim.dataDir, 'hourly', '2026-04-01.jsonl'))).map((row) => row.t);
    assert.equal(hours, ['2026-04-01T09:00:00.000Z', '2026-04-01T10:00:00.000Z', '2026-04-01T11:00:00.000Z'], 'each hour once');
    const events = (await lines(path.join(sim.dataDir, 'events.jsonl'))).map((event) => event.type);
    assert.equal(events, ['on-battery', 'on-mains'], 'the outage ends once');
    assert.is(before.availability.day.outages, 1);
    assert.is(before.energyMonths[0]?.kWh, before.energyDays[0]?.kWh, "the month's energy is the day's: the first day of the history");
  }),
);

restarts(
  'a store that cannot be written for a while keeps the rollups and events for when it can',
  withSim(Date.parse('2026-04-01T09:00:00Z'), async (sim) => {
    await sim.runUntil(Date.parse('2026-04-01T11:00:00Z'), 5 * MINUTE);
    // The rollups folder becomes a file: every append of 11:05 to 11:20 fails, samples included.
    const rollups = path.join(sim.dataDir, 'rollups');
    await rename(rollups, `${rollups}.away`);
    await writeFile(rollups, 'not a folder');
    powerFrom(sim, 'OB DISCHRG');
    await sim.runUntil(Date.parse('2026-04-01T11:10:00Z'), 5 * MINUTE);
    powerFrom(sim, 'OL');
    await sim.runUntil(Date.parse('2026-04-01T11:20:00Z'), 5 * MINUTE);
    assert.ok(sim.logs.some((line) => line.kind === 'history-write-failed'));
    await rm(rollups);
    await rename(`${rollups}.away`, rollups);
    await sim.runUntil(Date.parse('2026-04-01T12:30:00Z'), 5 * MINUTE);
    assert.ok(sim.logs.some((line) => line.kind === 'history-write-recovered'));

    const before = figures(shown(sim));
    await sim.restart();
    assert.equal(figures(shown(sim)), before, 'a restart reads back what the job showed');
    const events = (await lines(path.join(sim.dataDir, 'events.jsonl'))).map((event) => event.type);
    assert.equal(events, ['on-battery', 'on-mains'], 'the outage of the failing minutes is in the store');
    const rows = (await lines(path.join(rollups, '2026-04-01.jsonl'))).map((row) => row.t?.slice(11, 16));
    assert.ok(['11:00', '11:05', '11:10', '11:15'].every((t) => rows.includes(t)), `the 5-minute rows of the failing minutes: ${rows.join(' ')}`);
  }),
);

const clock = suite('a wall clock that jumps');

clock(
  'one cycle with the clock 25 days ahead deletes no history, on disk or in memory',
  withSim(Date.parse('2026-04-01T00:00:00Z'), async (sim) => {
    await sim.runUntil(Date.parse('2026-04-21T00:00:00Z'), 5 * MINUTE);
    const files = async () => [...(await readdir(path.join(sim.dataDir, 'rollups'))), ...(await readdir(path.join(sim.dataDir, 'hourly')))];
    const stored = await files();
    const month = shown(sim).availability.month.monitoredSeconds;
    assert.is(month, 20 * 86_400);
    sim.setClock(Date.parse('2026-04-21T00:00:00Z') + 25 * DAY);
    await sim.cycle();
    sim.setClock(Date.parse('2026-04-21T00:05:00Z'));
    await sim.cycle();
    const now = await files();
    assert.equal(stored.filter((name) => !now.includes(name)), [], 'no day file removed');
    assert.ok(shown(sim).availability.month.monitoredSeconds >= month, 'memory kept the 20 days');
    await sim.restart();
    await sim.cycle();
    assert.ok(shown(sim).availability.month.monitoredSeconds >= month, 'and so did the store');
  }),
);

clock(
  'what was stamped while the clock was 40 days ahead goes once it is right again',
  withSim(Date.parse('2026-04-01T10:00:00Z'), async (sim) => {
    await sim.runUntil(Date.parse('2026-04-01T11:00:00Z'), 5 * MINUTE);
    const ahead = Date.parse('2026-05-11T11:05:00Z');
    sim.setClock(ahead);
    await sim.runUntil(ahead + 10 * MINUTE, 5 * MINUTE);
    powerFrom(sim, 'OB DISCHRG');
    await sim.runUntil(ahead + 20 * MINUTE, 5 * MINUTE);
    powerFrom(sim, 'OL');
    await sim.runUntil(ahead + 30 * MINUTE, 5 * MINUTE);
    sim.setClock(Date.parse('2026-04-01T11:40:00Z'));
    await sim.runUntil(Date.parse('2026-04-04T10:00:00Z'), 5 * MINUTE);
    const ups = shown(sim);
    assert.equal(ups.energy.months.map((month) => month.period), ['2026-04'], 'no month in the future');
    assert.equal(ups.events.map((event) => event.time.slice(0, 10)).filter((day) => day > '2026-04-04'), [], 'no event in the future');
    assert.is(ups.availability.day.outages, 0, 'the outage stamped in May is not in the last 24 h');
  }),
);

restarts.run();
clock.run();
