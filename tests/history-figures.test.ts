// The charts' and history.json's figures are made once per closed part of a series, from the
// previous closed part's where a slot holds the same bucket; a series with the pending 5-minute
// bucket on it patches that one slot; a chart whose figures did not move is kept. Whatever was
// patched or kept, every cycle's pages (and history.json, in each cycle that makes it) must equal
// what outputs draw from series they have never seen (their figures made from every slot), while
// values move every cycle and buckets close.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { emptyBucket, setStat, statAt, type Bucket } from '../src/history/bucket.ts';
import { figureAt, figureRowJson, rowOfMetric, slotFigures } from '../src/history/figures.ts';
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

/**
 * Readings that move every cycle, a runtime of 80 minutes (its series' figures kept in 32 bits, the
 * others' in 16), one past 2^31 tenths of a second, and a charge rounding to -0 (written as 0 either way).
 */
function readings(i: number, name: string): Record<string, string> {
  const onBattery = name === 'b' && i >= 12 && i < 20;
  return upsVars({
    'ups.load': (20 + ((i * 7 + name.charCodeAt(0)) % 13) / 3).toFixed(2),
    'input.voltage': (229 + (i % 5) * 0.37).toFixed(2),
    'battery.runtime': name === 'c' ? String(3_000_000_000 + i) : String((name === 'b' ? 4800 : 1800) - i * 3),
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

/** A closed 5-minute bucket whose runtime is `runtime` seconds in every sample, and a charge of 100 %. */
function bucketOf(t: number, runtime: number): Bucket {
  const bucket = emptyBucket(t);
  setStat(bucket.stats, statAt('runtime'), runtime, runtime, runtime, 1);
  setStat(bucket.stats, statAt('charge'), 100, 100, 100, 1);
  return { ...bucket, samples: 1, monitoredSeconds: 300 };
}

figures('figures read back exactly, whether a series keeps them in 16 or 32 bits', () => {
  const runtime = rowOfMetric(2);
  // Edges of 16 bits in tenths (±3276.7), the marks' own values (-3276.7, -3276.8), odd ones beyond.
  const sets = [
    [0, 3276.7, -3276.6, -3276.7, -3276.8, 1.25, Number.NaN],
    [3276.8, 0.1, -3276.8, 214748364.8, Number.POSITIVE_INFINITY],
  ];
  for (const values of sets) {
    const slots = [null, ...values.map((value, i) => bucketOf(i * 300_000, value))];
    const made = { base: slotFigures(slots), at: -1, patch: null };
    assert.is(made.base.tenths.BYTES_PER_ELEMENT, values.some((value) => Math.round(value * 10) > 32767) ? 4 : 2);
    assert.is(figureAt(made, runtime + 1, 0), null, 'an empty slot has no figure');
    assert.is(figureAt(made, rowOfMetric(1), 1), null, 'a metric the bucket lacks has no figure');
    values.forEach((value, i) => {
      assert.equal(figureAt(made, runtime + 1, i + 1), Math.round(value * 10) / 10, `runtime ${value}`);
      assert.is(figureAt(made, rowOfMetric(0) + 2, i + 1), 100);
    });
    assert.is(figureRowJson(made, runtime), JSON.stringify([null, ...values.map((value) => Math.round(value * 10) / 10)]));
    // Five minutes on: the same buckets one slot earlier, their figures copied from this series, and a new empty slot.
    const next = { base: slotFigures([...slots.slice(1), null], { figures: made.base, slots, shift: 1 }), at: -1, patch: null };
    assert.is(next.base.tenths.BYTES_PER_ELEMENT, made.base.tenths.BYTES_PER_ELEMENT, 'copied figures keep their width');
    assert.is(figureRowJson(next, runtime), JSON.stringify([...values.map((value) => Math.round(value * 10) / 10), null]));
  }
});

figures.run();
