// Energy months each keep their own "estimated" flag (README "status.json", energy): a UPS that
// gained ups.realpower shows its earlier months as estimated and its later ones as measured, across
// restarts, and after an upgrade from a store whose state did not record the flag per month. The
// real cycle and store with an injected clock and an in-memory upsd.

import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as assert from 'uvu/assert';
import { createSim, upsVars, type Sim } from './helpers/history-sim.ts';
import { suiteWith } from './helpers/suite.ts';
import { textOf } from '../src/publish/atomic-write.ts';

const at = (iso: string) => Date.parse(iso);
const STEP = 30 * 60_000;

interface Month {
  period: string;
  kWh: number;
  estimated: boolean;
}

const months = suiteWith<{ sim: Sim; shown: Month[] }>('energy months', {
  async before(context) {
    context.sim = await createSim({ home: { reachable: true, ups: { x: upsVars() } } }, at('2026-03-20T00:00:00Z'), { schedule: '0 */30 * * * *' });
    const { sim } = context;
    const x = (vars: Record<string, string>) => {
      (sim.world.get(40_000) as { ups: Record<string, Record<string, string>> }).ups.x = vars;
    };
    // Most of March: no ups.realpower, so power is load × nominal power (estimated).
    await sim.runUntil(at('2026-03-31T12:00:00Z'), STEP);
    // Then measured.
    x(upsVars({ 'ups.realpower': '100' }));
    await sim.runUntil(at('2026-04-10T00:00:00Z'), STEP);
    // An upgrade: the state on disk was saved by a version without the months' flags.
    const file = path.join(sim.dataDir, 'state.json');
    const { estimatedMonths: _dropped, ...older } = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify(older));
    await sim.restart();
    await sim.runUntil(at('2026-05-02T00:00:00Z'), STEP);
    await sim.restart();
    // May 5: the last 30 days hold measured power only.
    await sim.runUntil(at('2026-05-05T00:00:00Z') - STEP, STEP);
    sim.setClock(at('2026-05-05T00:00:00Z'));
    const last = await sim.cycle(true);
    const status = JSON.parse(textOf(last.files.find((entry) => entry.name === 'status.json')?.content ?? '{}'));
    context.shown = status.hosts[0].ups[0].energy.months;
  },
  after: async ({ sim }) => sim?.cleanup(),
});

months('March is estimated, April and May measured, across a restart and an upgrade', ({ shown }) => {
  assert.equal(
    shown.map((month) => [month.period, month.estimated]),
    [
      ['2026-05', false],
      ['2026-04', false],
      ['2026-03', true],
    ],
  );
  assert.ok(shown.every((month) => month.kWh > 0), JSON.stringify(shown));
});

months.run();
