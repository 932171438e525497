// The availability windows' sums are kept between cycles and found again without searching the
// buckets: whatever the clock does (moving on, stepping back, jumping), they must be the sums of
// exactly the buckets in the window, for a list of buckets and for the hours already written.

import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { HOUR, emptyBucket, setStat, statAt, type Bucket } from '../src/history/bucket.ts';
import { bucketRun, sumsWithin, type Run, type WindowSums } from '../src/history/window-sums.ts';
import { NO_HOURS, withBuckets, writtenRun } from '../src/history/written-hours.ts';

const windows = suite('availability window sums');

const T0 = Date.parse('2026-04-01T00:00:00Z');

/** Hours with gaps between them, each with its own figures. */
const hoursArb = fc.uniqueArray(fc.record({ at: fc.integer({ min: 0, max: 200 }), monitored: fc.integer({ min: 1, max: 3600 }), onBattery: fc.integer({ min: 0, max: 60 }), charge: fc.option(fc.integer({ min: 0, max: 100 })) }), { selector: (hour) => hour.at, maxLength: 60 });

function bucketsOf(hours: { at: number; monitored: number; onBattery: number; charge: number | null }[]): Bucket[] {
  return [...hours]
    .sort((a, b) => a.at - b.at)
    .map((hour) => {
      const bucket = { ...emptyBucket(T0 + hour.at * HOUR), samples: 1, monitoredSeconds: hour.monitored, onBatterySeconds: hour.onBattery };
      if (hour.charge !== null) setStat(bucket.stats, statAt('charge'), hour.charge, hour.charge, hour.charge, 1);
      return bucket;
    });
}

/** The sums as the windows define them: every bucket that ends after `from` and starts by `now`. */
function expected(buckets: readonly Bucket[], from: number, now: number): WindowSums {
  const inside = buckets.filter((bucket) => bucket.t + HOUR > from && bucket.t <= now);
  const charges = inside.filter((bucket) => (bucket.stats[statAt('charge') + 3] as number) > 0).map((bucket) => bucket.stats[statAt('charge')] as number);
  return {
    monitoredSeconds: inside.reduce((sum, bucket) => sum + bucket.monitoredSeconds, 0),
    onBatterySeconds: inside.reduce((sum, bucket) => sum + bucket.onBatterySeconds, 0),
    lowestCharge: charges.length > 0 ? Math.min(...charges) : null,
  };
}

/** Cycles: each moves the clock on, or back, by up to a few hours; every window is asked each cycle. */
const cyclesArb = fc.array(fc.integer({ min: -4 * 60, max: 6 * 60 }), { minLength: 1, maxLength: 80 });

windows('each cycle gives the sums of the buckets in the window, for a list and for the written hours', () => {
  fc.assert(
    fc.property(hoursArb, fc.integer({ min: 0, max: 220 * 60 }), cyclesArb, (hours, startMinute, steps) => {
      const buckets = bucketsOf(hours);
      const runs: [string, Run][] = [
        ['list', bucketRun(buckets, HOUR)],
        ['written', writtenRun(withBuckets(NO_HOURS, buckets))],
        // Start-up gathers the hours as it reads them, not always in order.
        ['written, gathered newest first', writtenRun(withBuckets(NO_HOURS, [...buckets].reverse()))],
      ];
      let now = T0 + startMinute * 60_000;
      for (const step of steps) {
        now += step * 60_000;
        for (const length of [7 * 24 * HOUR, 30 * 24 * HOUR, 5 * HOUR]) {
          const from = now - length;
          for (const [name, run] of runs) assert.equal(sumsWithin(run, from, now), expected(buckets, from, now), `${name} at ${new Date(now).toISOString()}`);
        }
      }
    }),
    { numRuns: 300 },
  );
});

windows('the written hours merge an hour written twice (a clock stepped back) into one', () => {
  const [first, again] = bucketsOf([
    { at: 3, monitored: 1200, onBattery: 0, charge: 90 },
    { at: 3, monitored: 600, onBattery: 60, charge: 40 },
  ]);
  const hours = withBuckets(withBuckets(NO_HOURS, [first as Bucket]), [again as Bucket]);
  assert.equal(sumsWithin(writtenRun(hours), T0, T0 + 10 * HOUR), { monitoredSeconds: 1800, onBatterySeconds: 60, lowestCharge: 40 });
});

windows.run();
