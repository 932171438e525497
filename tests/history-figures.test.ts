// The charts' and history.json's figures are made once per closed part of a series, from the
// previous closed part's where a slot holds the same bucket; a series with the pending 5-minute
// bucket on it patches that one slot; a chart whose figures did not move is kept. Whatever was patched or kept, every cycle's files must equal what outputs draw from
// series they have never seen (their figures made from every slot), while values move every cycle
// and buckets close.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Series } from '../src/history/series.ts';
import { historyView, type HistoryView } from '../src/history/view.ts';
import { createOutputs } from '../src/outputs/registry.ts';
import { textOf } from '../src/publish/atomic-write.ts';
import { createSim, upsVars } from './helpers/history-sim.ts';

const START = Date.parse('2026-06-30T23:40:00Z');
const CYCLE_MS = 30_000;

/** The same series as new objects: nothing an output kept or derived is found for them. */
const unseen = (series: Series): Series => ({ start: series.start, slots: [...series.slots] });

function unseenView(view: HistoryView): HistoryView {
  const ups = Object.fromEntries(Object.entries(view.ups).map(([key, unit]) => [key, { ...unit, day: unseen(unit.day), month: unseen(unit.month) }]));
  return { ...view, ups };
}

/** Readings that move every cycle, a runtime past 2^31 tenths of a second, and a charge rounding to -0 (written as 0 either way). */
function readings(i: number, name: string): Record<string, string> {
  const onBattery = name === 'b' && i >= 12 && i < 20;
  return upsVars({
    'ups.load': (20 + ((i * 7 + name.charCodeAt(0)) % 13) / 3).toFixed(2),
    'input.voltage': (229 + (i % 5) * 0.37).toFixed(2),
    'battery.runtime': name === 'c' ? String(3_000_000_000 + i) : String(1800 - i * 3),
    'battery.charge': name === 'c' ? '-0.04' : onBattery ? String(100 - (i - 12) * 2) : '100',
    'ups.status': onBattery ? 'OB DISCHRG' : 'OL',
  });
}

const figures = suite('chart figures patched and kept between cycles');

figures('every cycle’s history.json, page and variables pages equal outputs that never saw the series', async () => {
  const names = ['a', 'b', 'c'];
  const sim = await createSim({ site: { reachable: true, ups: Object.fromEntries(names.map((name) => [name, upsVars()])) } }, START);
  const host = sim.world.get(40_000);
  try {
    const compared = new Set<string>();
    // 70 cycles of 30 s from 23:40: seven 5-minute buckets close and the UTC day turns.
    for (let i = 0; i < 70; i++) {
      sim.setClock(START + i * CYCLE_MS);
      if (host) for (const name of names) host.ups[name] = readings(i, name);
      const result = await sim.cycle(true);
      const context = { snapshot: result.snapshot, config: sim.config, history: unseenView(historyView(sim.state.history, result.snapshot)) };
      const fresh = new Map((await createOutputs()).flatMap((output) => output.build(context)).map((file) => [file.name, textOf(file.content)]));
      for (const file of result.files) {
        if (file.name !== 'history.json' && !file.name.endsWith('.html')) continue;
        assert.ok(textOf(file.content) === fresh.get(file.name), `cycle ${i}: ${file.name} equals a build from unseen series`);
        compared.add(file.name);
      }
    }
    assert.ok(compared.has('history.json') && compared.has('index.html'));
  } finally {
    await sim.cleanup();
  }
});

figures.run();
