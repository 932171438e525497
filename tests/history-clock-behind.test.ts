// A Raspberry Pi has no RTC: after a power cut it boots at 1970 and runs so until NTP steps the
// clock. The real cycle and store with an injected clock: the history from before the boot stays
// whole, nothing is stamped 1970, and the gap shown is the real one.

import * as assert from 'uvu/assert';
import { textOf } from '../src/publish/atomic-write.ts';
import { createSim, upsVars, type Sim } from './helpers/history-sim.ts';
import type { CycleResult } from './helpers/published-files.ts';
import { suiteWith } from './helpers/suite.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-03-01T00:00:00Z');

interface Context {
  sim: Sim;
}

interface Status {
  events: { type: string; time: string; durationSeconds?: number }[];
  hosts: { ups: { availability: { day: { monitoredSeconds: number }; week: { monitoredSeconds: number } }; energy: { months: { period: string; kWh: number }[] } }[] }[];
}

const statusOf = (result: CycleResult) => JSON.parse(textOf(result.files.find((file) => file.name === 'status.json')?.content ?? '')) as Status;

const clock = suiteWith<Context>('a clock at 1970 until NTP', {
  async before(context) {
    context.sim = await createSim({ home: { reachable: true, ups: { a: upsVars({ 'ups.realpower': '100' }) } } }, T0);
  },
  after: async ({ sim }) => sim?.cleanup(),
});

clock('a restart at 1970, then the step to the right time: history kept whole, nothing stamped 1970, the real gap', async ({ sim }) => {
  await sim.runUntil(T0 + DAY, 5 * MIN);
  const shutdown = sim.now();
  const before = statusOf(await sim.cycle(true)).hosts[0]?.ups[0];

  sim.setClock(5_000);
  await sim.restart();
  for (let i = 0; i < 4; i++) {
    sim.setClock(5_000 + i * 5 * MIN);
    await sim.cycle();
  }
  assert.is(sim.logs.filter((line) => line.kind === 'history-paused').length, 1, 'said once');

  // NTP steps the clock: 30 minutes after the last cycle before the power cut.
  sim.setClock(shutdown + 30 * MIN);
  const status = statusOf(await sim.cycle(true));
  const ups = status.hosts[0]?.ups[0];
  assert.equal(
    status.events.map((event) => [event.type, event.durationSeconds]),
    [['monitoring-gap', 30 * 60]],
    'one gap, of the 30 minutes really missed',
  );
  assert.ok(!JSON.stringify(status).includes('1970'), 'nothing dated 1970');
  assert.is(ups?.availability.week.monitoredSeconds, before?.availability.week.monitoredSeconds, 'the day before the boot is still monitored time');
  assert.equal(ups?.energy.months.map((month) => month.period), ['2026-03']);
  assert.ok((ups?.energy.months[0]?.kWh ?? 0) >= (before?.energy.months[0]?.kWh ?? Infinity), "the month's energy is kept");

  await sim.restart();
  const restarted = statusOf(await sim.cycle(true));
  assert.equal(restarted.hosts[0]?.ups[0]?.energy.months, ups?.energy.months, 'and on disk');
  assert.equal(restarted.events.map((event) => event.type), ['monitoring-gap']);
});

clock.run();
