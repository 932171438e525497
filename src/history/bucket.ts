// Pure: min/avg/max aggregates over a span of time (5 minutes on disk, an hour in memory for the
// 30-day views). Buckets merge exactly, so a row written twice after a clock step or a restart
// folds into one.

import { METRICS, type Metric, type Sample } from './sample.ts';

export const FIVE_MINUTES = 300_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

export interface Stat {
  min: number;
  max: number;
  sum: number;
  n: number;
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
  stats: Partial<Record<Metric, Stat>>;
}

/** What the previous sample of a UPS leaves for the credit of the next one. */
export interface LastSample {
  t: number;
  onBattery: boolean;
  power: number | null;
  powerEstimated: boolean;
}

export const floorTo = (t: number, step: number) => Math.floor(t / step) * step;

export const emptyBucket = (t: number): Bucket => ({ t, samples: 0, monitoredSeconds: 0, onBatterySeconds: 0, wh: 0, powerEstimated: false, stats: {} });

function mergeStat(a: Stat | undefined, b: Stat | undefined): Stat | undefined {
  if (!a || !b) return a ?? b;
  return { min: Math.min(a.min, b.min), max: Math.max(a.max, b.max), sum: a.sum + b.sum, n: a.n + b.n };
}

export function mergeBuckets(a: Bucket, b: Bucket, t = a.t): Bucket {
  const stats: Partial<Record<Metric, Stat>> = {};
  for (const metric of METRICS) {
    const merged = mergeStat(a.stats[metric], b.stats[metric]);
    if (merged) stats[metric] = merged;
  }
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
  const stats = { ...bucket.stats };
  for (const metric of METRICS) {
    const value = sample.values[metric];
    if (value === undefined) continue;
    const old = stats[metric];
    stats[metric] = old ? { min: Math.min(old.min, value), max: Math.max(old.max, value), sum: old.sum + value, n: old.n + 1 } : { min: value, max: value, sum: value, n: 1 };
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

/** A bucket with its own stats objects, safe to merge into in place. */
export function ownCopy(bucket: Bucket, t = bucket.t): Bucket {
  // A loop, not entries and fromEntries: start-up copies thousands of buckets, under npm start's interpreter.
  const stats: Partial<Record<Metric, Stat>> = {};
  for (const metric of METRICS) {
    const stat = bucket.stats[metric];
    if (stat) stats[metric] = { min: stat.min, max: stat.max, sum: stat.sum, n: stat.n };
  }
  return { ...bucket, t, stats };
}

function mergeInto(target: Bucket, b: Bucket): void {
  target.samples += b.samples;
  target.monitoredSeconds += b.monitoredSeconds;
  target.onBatterySeconds += b.onBatterySeconds;
  target.wh += b.wh;
  target.powerEstimated ||= b.powerEstimated;
  for (const metric of METRICS) {
    const add = b.stats[metric];
    const into = target.stats[metric];
    if (!add) continue;
    if (!into) {
      target.stats[metric] = { ...add };
      continue;
    }
    if (add.min < into.min) into.min = add.min;
    if (add.max > into.max) into.max = add.max;
    into.sum += add.sum;
    into.n += add.n;
  }
}

/**
 * How a bucket goes into a list. `shared`: the running history's lists, whose buckets are replaced,
 * never changed (outputs keep what they made of them by identity). At start-up the lists and their
 * buckets are the loader's own and merged into in place: `taken` puts the bucket in as it is (the
 * first list a row read from the store goes into: no copy of thousands of rows), `copied` puts in a
 * copy (the other lists, so that a merge into one list's bucket does not change another's).
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

export const average = (stat: Stat | undefined): number | null => (stat && stat.n > 0 ? stat.sum / stat.n : null);
