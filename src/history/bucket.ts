// Pure: min/avg/max aggregates over a span of time (5 minutes on disk, an hour in memory for the
// 30-day views). Buckets merge exactly, so a row written twice after a clock step or a restart
// folds into one.

import { METRICS, type Metric, type Sample } from './sample.ts';

export const FIVE_MINUTES = 300_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/**
 * A bucket's figures: for each metric, in METRICS' order, its lowest, highest, sum and count (a
 * count of 0: no figure). One array of numbers, not an object per metric: V8 keeps the numbers of
 * such an array unboxed, so a bucket holds one array where it held eight objects and as many boxed
 * numbers, 1,060 bytes then. A month of history is ~1,040 buckets a UPS: 630 MB at 576 UPSes
 * (issue 11, Scale).
 */
export type Stats = number[];

/** Where a metric's four numbers begin in Stats: its place in METRICS, times four. */
export const statAt = (metric: Metric): number => METRICS.indexOf(metric) * 4;
const WIDTH = METRICS.length * 4;

export const noStats = (): Stats => new Array<number>(WIDTH).fill(0);

/** Whether the stats hold a figure of the metric whose numbers begin `at`. */
export const hasStat = (stats: Stats, at: number): boolean => (stats[at + 3] ?? 0) > 0;

/** Puts one metric's figures, in place. */
export function setStat(stats: Stats, at: number, min: number, max: number, sum: number, n: number): void {
  stats[at] = min;
  stats[at + 1] = max;
  stats[at + 2] = sum;
  stats[at + 3] = n;
}

export interface Bucket {
  /** Start, in ms since the epoch, aligned to the bucket's length in UTC. */
  t: number;
  samples: number;
  /** Seconds between successive samples no further apart than the gap limit. */
  monitoredSeconds: number;
  /** The part of monitoredSeconds that began on battery. */
  onBatterySeconds: number;
  /** Energy delivered to the load over monitoredSeconds. */
  wh: number;
  /** Some of `wh` comes from estimated power. */
  powerEstimated: boolean;
  stats: Stats;
}

/** What the previous sample of a UPS leaves for the credit of the next one. */
export interface LastSample {
  t: number;
  onBattery: boolean;
  power: number | null;
  powerEstimated: boolean;
}

export const floorTo = (t: number, step: number) => Math.floor(t / step) * step;

export const emptyBucket = (t: number): Bucket => ({ t, samples: 0, monitoredSeconds: 0, onBatterySeconds: 0, wh: 0, powerEstimated: false, stats: noStats() });

/** Merges `add` into `into`, in place: both stats arrays. */
function mergeStats(into: Stats, add: Stats): void {
  for (let at = 0; at < WIDTH; at += 4) {
    if (!hasStat(add, at)) continue;
    if (!hasStat(into, at)) setStat(into, at, add[at] as number, add[at + 1] as number, add[at + 2] as number, add[at + 3] as number);
    else setStat(into, at, Math.min(into[at] as number, add[at] as number), Math.max(into[at + 1] as number, add[at + 1] as number), (into[at + 2] as number) + (add[at + 2] as number), (into[at + 3] as number) + (add[at + 3] as number));
  }
}

export function mergeBuckets(a: Bucket, b: Bucket, t = a.t): Bucket {
  const stats = a.stats.slice();
  mergeStats(stats, b.stats);
  return {
    t,
    samples: a.samples + b.samples,
    monitoredSeconds: a.monitoredSeconds + b.monitoredSeconds,
    onBatterySeconds: a.onBatterySeconds + b.onBatterySeconds,
    wh: a.wh + b.wh,
    powerEstimated: a.powerEstimated || b.powerEstimated,
    stats,
  };
}

/**
 * Adds a sample. The time since the previous sample counts as monitored only when it is positive
 * and within the gap limit: a pause while the job was not running, or a clock step back, is
 * unknown time, never mains or battery (issue 8 "Time"). It is credited to the sample's bucket.
 */
export function addSample(bucket: Bucket, sample: Sample, last: LastSample | null, gapSeconds: number): Bucket {
  const seconds = last ? (sample.t - last.t) / 1000 : 0;
  const credited = seconds > 0 && seconds <= gapSeconds ? seconds : 0;
  const stats = bucket.stats.slice();
  for (let i = 0; i < METRICS.length; i++) {
    const value = sample.values[METRICS[i] as Metric];
    if (value === undefined) continue;
    const at = i * 4;
    if (hasStat(stats, at)) setStat(stats, at, Math.min(stats[at] as number, value), Math.max(stats[at + 1] as number, value), (stats[at + 2] as number) + value, (stats[at + 3] as number) + 1);
    else setStat(stats, at, value, value, value, 1);
  }
  const power = credited > 0 ? (last?.power ?? null) : null;
  return {
    t: bucket.t,
    samples: bucket.samples + 1,
    monitoredSeconds: bucket.monitoredSeconds + credited,
    onBatterySeconds: bucket.onBatterySeconds + (last?.onBattery ? credited : 0),
    wh: bucket.wh + (power === null ? 0 : (power * credited) / 3600),
    powerEstimated: bucket.powerEstimated || (power !== null && (last?.powerEstimated ?? false)),
    stats,
  };
}

export function lastOf(sample: Sample): LastSample {
  return { t: sample.t, onBattery: sample.onBattery, power: sample.values.power ?? null, powerEstimated: sample.powerEstimated };
}

/** A bucket with its own stats, safe to merge into in place. */
const ownCopy = (bucket: Bucket, t = bucket.t): Bucket => ({ ...bucket, t, stats: bucket.stats.slice() });

function mergeInto(target: Bucket, b: Bucket): void {
  target.samples += b.samples;
  target.monitoredSeconds += b.monitoredSeconds;
  target.onBatterySeconds += b.onBatterySeconds;
  target.wh += b.wh;
  target.powerEstimated ||= b.powerEstimated;
  mergeStats(target.stats, b.stats);
}

/**
 * How a bucket goes into a list. `shared`: the running history's lists, whose buckets are replaced,
 * never changed (outputs keep what they made of them by identity). At start-up the lists and their
 * buckets are the loader's own and merged into in place: `taken` puts the bucket in as it is (one
 * list of those a row read from the store goes into: no copy of thousands of rows), `copied` puts
 * in a copy (the other lists, so that a merge into one list's bucket does not change another's).
 */
export type Placing = 'shared' | 'taken' | 'copied';

/** Folds `bucket` into a sorted list at its place (under the start `t`), merging with a bucket of the same start. */
export function placeInto(list: Bucket[], bucket: Bucket, t = bucket.t, placing: Placing = 'shared'): void {
  let at = list.length;
  while (at > 0 && (list[at - 1] as Bucket).t > t) at--;
  const before = list[at - 1];
  if (before && before.t === t) {
    if (placing === 'shared') list[at - 1] = mergeBuckets(before, bucket);
    else mergeInto(before, bucket);
  } else if (placing === 'shared') list.splice(at, 0, bucket.t === t ? bucket : { ...bucket, t });
  else list.splice(at, 0, placing === 'taken' && bucket.t === t ? bucket : ownCopy(bucket, t));
}
