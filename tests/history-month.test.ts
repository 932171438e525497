// 30 days of cycles in seconds: the real cycle and store with an injected clock and an in-memory
// upsd. Outages (one across a restart), a restart after a pause, a pause without restart, clock
// steps both ways, an unreachable host, a lost driver, a UPS that appears and one that goes.
// Events, availability and charts are asserted exactly (issue 8 "Tests").

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as assert from 'uvu/assert';
import { createSim, runOutage, upsVars, type Sim } from './helpers/history-sim.ts';
import { pageText } from './helpers/cycle.ts';
import { suiteWith } from './helpers/suite.ts';
import { FIGURE_ROWS, coveredRow, figureRow } from '../src/history/figures.ts';
import { figuresOf, type Series } from '../src/history/series.ts';
import { historyView } from '../src/history/view.ts';
import { hourCount } from '../src/history/written-hours.ts';
import type { Snapshot } from '../src/snapshot/types.ts';
import { textOf } from '../src/publish/atomic-write.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-03-01T00:00:00Z');
const at = (day: number, hours = 0, minutes = 0, seconds = 0) => T0 + day * DAY + hours * HOUR + minutes * MIN + seconds * 1000;

interface Context {
  sim: Sim;
  gapPage: string;
  gapAvailability: unknown;
  finalPage: string;
  status: Record<string, unknown> & { events: { type: string; host: string | null; ups: string | null; durationSeconds?: number; text: string }[] };
  history: { ups: { host: string; ups: string; month: { charge: { min: (number | null)[] } } }[] };
}

const month = suiteWith<Context>('30 days of history', {
  async before(context) {
    context.sim = await createSim(
      { home: { reachable: true, ups: { a: A(), b: upsVars() } }, lab: { reachable: true, ups: { c: upsVars() } } },
      T0,
    );
    await thirtyDays(context.sim, context);
  },
  after: async ({ sim }) => sim?.cleanup(),
});

const setUps = (sim: Sim, port: number, name: string, vars: Record<string, string> | 'no-driver' | undefined) => {
  const host = sim.world.get(port);
  if (!host) throw new Error(`no host on ${port}`);
  if (vars === undefined) delete host.ups[name];
  else host.ups[name] = vars;
};
const HOME = 40_000;
const LAB = 40_001;
const A = (extra: Record<string, string> = {}) => upsVars({ 'ups.realpower': '100', 'ups.test.result': 'Done and passed', ...extra });

async function thirtyDays(sim: Sim, context: Context): Promise<void> {
  const step = 5 * MIN;
  await sim.runUntil(at(2, 1, 55), step);
  // 02:00:00 to 02:08:12 on battery, the charge falling to 61 % and the runtime to 10 min.
  await runOutage(sim, {
    port: HOME,
    ups: ['a', 'b'],
    start: at(2, 2),
    seconds: 492,
    lowestCharge: 61,
    lowestRuntime: 600,
    onMains: (name, charge) => (name === 'a' ? A({ 'battery.charge': charge }) : upsVars({ 'battery.charge': charge })),
  });
  sim.setClock(at(2, 2, 10));
  await sim.runUntil(at(4, 12), step);
  // Stopped for 2 h 05 min, then started again: memory comes from the store.
  sim.setClock(at(4, 14, 5));
  await sim.restart();
  await sim.runUntil(at(6, 10) - step, step);
  // On battery at 10:00, restarted at 10:05, back on mains at 10:20: one outage of 20 min.
  setUps(sim, HOME, 'a', A({ 'ups.status': 'OB DISCHRG', 'battery.charge': '90' }));
  await sim.runUntil(at(6, 10), step);
  sim.setClock(at(6, 10, 5));
  await sim.restart();
  await sim.runUntil(at(6, 10, 15), step);
  setUps(sim, HOME, 'a', A());
  await sim.runUntil(at(8, 6), step);
  // Six hours without a cycle (a suspended machine), same process.
  sim.setClock(at(8, 12, 5));
  const gap = await sim.cycle(true);
  context.gapPage = textOf(gap.files.find((file) => file.name === 'index.html')?.content ?? '');
  context.gapAvailability = JSON.parse(textOf(gap.files.find((file) => file.name === 'status.json')?.content ?? '{}')).hosts[0].ups[0].availability.day;
  sim.setClock(at(8, 12, 10));
  await sim.runUntil(at(10) - step, step);
  setUps(sim, LAB, 'd', upsVars());
  await sim.runUntil(at(12, 12), step);
  // The wall clock steps back 55 minutes, then on day 14 forward 3 hours.
  sim.setClock(at(12, 11, 5));
  await sim.runUntil(at(14, 8), step);
  sim.setClock(at(14, 11, 5));
  await sim.runUntil(at(16, 20) - step, step);
  sim.world.get(LAB)!.reachable = false;
  await sim.runUntil(at(16, 20, 25), step);
  sim.world.get(LAB)!.reachable = true;
  await sim.runUntil(at(18, 4) - step, step);
  setUps(sim, LAB, 'c', 'no-driver');
  await sim.runUntil(at(18, 4, 10), step);
  setUps(sim, LAB, 'c', upsVars());
  await sim.runUntil(at(20) - step, step);
  setUps(sim, HOME, 'b', undefined);
  await sim.runUntil(at(25, 3) - step, step);
  setUps(sim, LAB, 'c', upsVars({ 'ups.status': 'OB DISCHRG', 'battery.charge': '50' }));
  await sim.runUntil(at(25, 3), step);
  setUps(sim, LAB, 'c', upsVars({ 'ups.status': 'OB DISCHRG LB', 'battery.charge': '20', 'ups.alarm': 'Replace battery!' }));
  await sim.runUntil(at(25, 3, 5), step);
  setUps(sim, LAB, 'c', upsVars({ 'ups.status': 'OL CHRG LB', 'battery.charge': '20', 'ups.alarm': 'Replace battery!' }));
  await sim.runUntil(at(25, 3, 10), step);
  setUps(sim, LAB, 'c', upsVars({ 'battery.charge': '25' }));
  await sim.runUntil(at(27, 9) - step, step);
  setUps(sim, HOME, 'a', A({ 'ups.test.result': 'Done and warning' }));
  await sim.runUntil(at(30) - step, step);
  sim.setClock(at(30));
  const last = await sim.cycle(true);
  const file = (name: string) => textOf(last.files.find((entry) => entry.name === name)?.content ?? '');
  context.finalPage = file('index.html');
  context.status = JSON.parse(file('status.json'));
  context.history = JSON.parse(file('history.json'));
}


month('every event, in order, with its duration', async ({ sim }) => {
  const stored = (await readFile(path.join(sim.dataDir, 'events.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
  const brief = (event: { type: string; host: string | null; ups: string | null; durationSeconds?: number }) =>
    `${event.type} ${event.host ?? '-'}/${event.ups ?? '-'}${event.durationSeconds === undefined ? '' : ` ${event.durationSeconds}`}`;
  assert.equal(stored.map(brief), [
    'on-battery home/a',
    'on-battery home/b',
    'on-mains home/a 492',
    'on-mains home/b 492',
    'monitoring-gap -/- 7500',
    'on-battery home/a',
    'on-mains home/a 1200',
    'monitoring-gap -/- 21900',
    'ups-appeared lab/d',
    'monitoring-gap -/- 11100',
    'host-unreachable lab/-',
    'host-back lab/- 1800',
    'driver-lost lab/c',
    'driver-back lab/c 900',
    'ups-gone home/b',
    'on-battery lab/c',
    'low-battery lab/c',
    'alarm lab/c',
    'on-mains lab/c 600',
    'low-battery-cleared lab/c',
    'alarm-cleared lab/c',
    'self-test home/a',
  ]);
  assert.equal(
    sim.logs.filter((line) => stored.some((event) => event.type === line.kind)).map((line) => line.kind),
    stored.map((event) => event.type),
    'the log has one line per event',
  );
  const texts = stored.map((event) => event.text);
  assert.ok(texts.includes('Back on mains: on battery for 8 min 12 s, lowest charge 61 %, lowest runtime 10 min'), texts.join('\n'));
  assert.ok(texts.includes('Back on mains: on battery for 20 min, lowest charge 90 %, lowest runtime 30 min'), 'the outage across a restart keeps its start');
  assert.ok(texts.includes('Not monitored for 2 h 05 min, since 2026-03-05 12:00 UTC'));
  assert.ok(texts.includes('Self-test result: Done and warning'));
  assert.ok(stored.every((event) => (event.durationSeconds ?? 0) >= 0), 'no negative duration after the clock stepped back');
});

month('availability over 24 h, 7 days and 30 days', ({ status, gapAvailability }) => {
  const hosts = status.hosts as { name: string; ups: { name: string; availability: Record<string, unknown> }[] }[];
  const of = (host: string, ups: string) => hosts.find((h) => h.name === host)?.ups.find((u) => u.name === ups)?.availability;
  // 30 days less the three pauses (2 h 05 min, 6 h 05 min, 3 h 05 min); the 55 minutes the clock
  // went back are lived twice, so they count twice.
  const monitored = 30 * 86_400 - 7500 - 21_900 - 11_100 + 3300;
  assert.equal(of('home', 'a'), {
    day: { mainsPercent: 100, outages: 0, onBatterySeconds: 0, longestOutageSeconds: 0, lowestCharge: 100, monitoredSeconds: 86_400, windowSeconds: 86_400 },
    week: { mainsPercent: 100, outages: 0, onBatterySeconds: 0, longestOutageSeconds: 0, lowestCharge: 100, monitoredSeconds: 604_800, windowSeconds: 604_800 },
    month: {
      mainsPercent: Math.round(((monitored - 1692) / monitored) * 10_000) / 100,
      outages: 2,
      onBatterySeconds: 1692,
      longestOutageSeconds: 1200,
      lowestCharge: 61,
      monitoredSeconds: monitored,
      windowSeconds: 2_592_000,
    },
  });
  assert.equal(of('lab', 'c')?.week, {
    mainsPercent: 99.9,
    outages: 1,
    onBatterySeconds: 600,
    longestOutageSeconds: 600,
    lowestCharge: 20,
    monitoredSeconds: 604_800,
    windowSeconds: 604_800,
  });
  // Just after the six-hour pause: 18 h of the last 24 monitored, and the pause is not mains.
  assert.equal(gapAvailability, { mainsPercent: 100, outages: 0, onBatterySeconds: 0, longestOutageSeconds: 0, lowestCharge: 100, monitoredSeconds: 64_800, windowSeconds: 86_400 });
});

month('events in status.json: the last 7 days, newest first, with durations', ({ status }) => {
  assert.equal(
    status.events.map((event) => `${event.type} ${event.ups ?? '-'}`),
    ['self-test a', 'alarm-cleared c', 'low-battery-cleared c', 'on-mains c', 'alarm c', 'low-battery c', 'on-battery c'],
  );
  assert.is(status.events[3]?.durationSeconds, 600);
  assert.is(status.historySince, '2026-03-01T00:00:00.000Z');
});

month('charts: the 30-day band, on-battery spans and a visible gap', ({ history, finalPage, gapPage }) => {
  const a = history.ups.find((ups) => ups.ups === 'a');
  // Thirty UTC days up to today: the first slot is day 1 of the run.
  const expected = Array.from({ length: 30 }, (_, slot) => (slot === 1 ? 61 : slot === 5 ? 90 : 100));
  assert.equal(a?.month.charge.min, expected);
  // The two outages of a, each a hairline at its time of day in the 30-day charts (10 units a day).
  assert.ok(finalPage.includes('<rect class="ob" x="10.8" width="0.5" height="100"/><rect class="ob" x="54.2" width="0.5" height="100"/>'));
  // After the six-hour pause: the 72 five-minute slots from 06:05 to 12:00 are a gap, and the line breaks there.
  assert.ok(gapPage.includes('<rect class="gap" x="215" width="72" height="100"/>'), 'the gap is drawn');
  const chargePath = /aria-label="Charge over the last 24 hours[^"]*"><rect class="gap"[^>]*\/><path class="line" d="([^"]+)"/.exec(gapPage)?.[1] ?? '';
  assert.equal(chargePath, 'M0 0H214M287 0h1', 'the line stops at the gap and starts again after it');
  assert.match(pageText(gapPage), /Monitored 18 h 00 min/);
});

month('a restart reads back the same 30 days: hourly rollups plus the last 5-minute rows', async ({ sim }) => {
  const view = () => historyView(sim.state.history, sim.state.previous as Snapshot);
  const before = view();
  await sim.restart();
  const after = view();
  for (const key of Object.keys(before.ups)) {
    assert.equal(after.ups[key]?.availability, before.ups[key]?.availability, key);
    // What the charts and history.json show; the buckets behind a slot may be split differently.
    const figures = (series: Series | undefined) =>
      series && { rows: Array.from({ length: FIGURE_ROWS }, (_, row) => figureRow(figuresOf(series), row)), covered: coveredRow(figuresOf(series)) };
    assert.equal(figures(after.ups[key]?.month), figures(before.ups[key]?.month), key);
    assert.equal(figures(after.ups[key]?.day), figures(before.ups[key]?.day), key);
  }
});

month('memory stays bounded: 24 h of 5-minute buckets and 30 days of hourly ones', ({ sim }) => {
  for (const unit of Object.values(sim.state.history.units)) {
    assert.ok(unit.fine.length <= 289, `${unit.ups}: ${unit.fine.length} fine buckets`);
    const hours = unit.hourly.length + hourCount(unit.written);
    assert.ok(hours <= 721, `${unit.ups}: ${hours} hours`);
    // Once written to the hourly rollups, an hour is kept as four numbers, not a bucket.
    assert.ok(unit.hourly.length <= 2, `${unit.ups}: ${unit.hourly.length} hourly buckets not yet written`);
  }
});

month.run();
