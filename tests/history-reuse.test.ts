// A steady cycle reuses what the history made of a UPS that did not change (its unit, its part of
// state.json, its sample line after the time: issue 11). What is reused must never be stale: the
// store follows a UPS that misses cycles, comes back and changes, cycle by cycle.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { emptyHistory, recordCycle } from '../src/history/model.ts';
import { sampleLine } from '../src/history/records.ts';
import { readSavedState, stateJson } from '../src/history/state-file.ts';
import { onMains, snapshotOf } from './helpers/page-snapshot.ts';

const T0 = Date.parse('2026-09-01T12:00:00Z');

test('state.json and the sample lines follow a UPS that misses cycles, comes back and changes', () => {
  const steady = onMains();
  const low = onMains({ 'battery.charge': '97' });
  // The second UPS's variables each minute; null while its driver is not connected.
  const second = [steady, steady, null, null, low, low, onMains({ 'battery.charge': '95' })];
  let history = emptyHistory();
  second.forEach((vars, i) => {
    const generatedAt = new Date(T0 + i * 60_000).toISOString();
    const snapshot = { ...snapshotOf([{ name: 'nas', ups: [{ name: 'a', vars: steady }, { name: 'b', vars }] }]), generatedAt };
    const recorded = recordCycle(history, snapshot, { intervalSeconds: 60 });
    history = recorded.state;
    const saved = readSavedState(JSON.parse(stateJson(history, generatedAt, 0).join(''))).saved;
    for (const key of ['nas/a', 'nas/b']) {
      const unit = history.units[key];
      assert.equal(saved?.units[key]?.last?.t, unit?.last?.t, `${key}: last sample after minute ${i}`);
      assert.equal(saved?.units[key]?.pending?.t, unit?.pending?.t, `${key}: bucket being filled after minute ${i}`);
      assert.equal(saved?.units[key]?.pending?.samples, unit?.pending?.samples, `${key}: samples in it after minute ${i}`);
    }
    const lines = recorded.record.samples.map((sample) => JSON.parse(sampleLine(sample)) as { time: string; ups: string; charge: number });
    const expected = [{ time: generatedAt, ups: 'a', charge: 100 }, ...(vars ? [{ time: generatedAt, ups: 'b', charge: Number(vars['battery.charge']) }] : [])];
    assert.equal(
      lines.map(({ time, ups, charge }) => ({ time, ups, charge })),
      expected,
      `sample lines of minute ${i}`,
    );
  });
  // Minutes 0-4 and 5-6 fill two buckets; the second UPS's first closed with the 3 samples it had.
  assert.equal(history.units['nas/b']?.fine.map((bucket) => bucket.samples), [3]);
  assert.equal(history.units['nas/b']?.pending?.samples, 2);
});

test.run();
