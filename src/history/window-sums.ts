// Pure: sums over the closed buckets of a window, kept by the identity of their list (or of the
// written hours' array). Those change only when a 5-minute bucket closes or an hour is written,
// and model.ts then makes new ones (it never changes one in place), so most cycles find a window's
// sums already made: for 576 UPSes, summing up to 1,200 buckets per UPS every cycle cost
// milliseconds for figures that had not moved (issue 11).

import { hasStat, statAt, type Bucket } from './bucket.ts';

const CHARGE = statAt('charge');

export interface WindowSums {
  monitoredSeconds: number;
  onBatterySeconds: number;
  lowestCharge: number | null;
}

/**
 * Buckets sorted by start, as the windows read them: a list of buckets, or the written hours
 * (written-hours.ts). `key` is what sums are kept by: the list or array, never changed once made.
 */
export interface Run {
  readonly key: object;
  readonly count: number;
  /** Each bucket's length, ms. */
  readonly length: number;
  startOf(i: number): number;
  add(sums: WindowSums, i: number): void;
}

/**
 * A class, not an object of two closures: a run is made per window of each UPS every cycle, and
 * without V8's optimising compiler (npm start) each of those closures was an allocation.
 */
class BucketRun implements Run {
  readonly key: readonly Bucket[];
  readonly count: number;
  readonly length: number;

  constructor(list: readonly Bucket[], length: number) {
    this.key = list;
    this.count = list.length;
    this.length = length;
  }

  startOf(i: number): number {
    return (this.key[i] as Bucket).t;
  }

  add(sums: WindowSums, i: number): void {
    addTo(sums, this.key[i] as Bucket);
  }
}

export const bucketRun = (list: readonly Bucket[], length: number): Run => new BucketRun(list, length);

/** How many buckets of a run end by `t`, each `length` long (a prefix of the run). */
function countEndingBy(run: Run, length: number, t: number): number {
  let low = 0;
  let high = run.count;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (run.startOf(mid) + length <= t) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * How many buckets of a run start by `t`: all of them, but for a clock stepped back, since closed
 * buckets are in the past. Found without a search: at 576 UPSes the windows' searches, a function
 * call per step, cost about 9 ms a cycle.
 */
function countStartingBy(run: Run, t: number): number {
  return run.count === 0 || run.startOf(run.count - 1) <= t ? run.count : countEndingBy(run, 0, t);
}

/** How many buckets of a sorted list start by `t`. */
export const countUpTo = (list: readonly Bucket[], t: number) => countStartingBy(bucketRun(list, 0), t);

/** The index range of the run's buckets that end after `from` and start by `now`. */
export const windowRange = (run: Run, from: number, now: number): [number, number] => [countEndingBy(run, run.length, from), countStartingBy(run, now)];

/** Adds a bucket to sums, in place. */
export function addTo(sums: WindowSums, bucket: Bucket): void {
  sums.monitoredSeconds += bucket.monitoredSeconds;
  sums.onBatterySeconds += bucket.onBatterySeconds;
  if (!hasStat(bucket.stats, CHARGE)) return;
  const low = bucket.stats[CHARGE] as number;
  if (sums.lowestCharge === null || low < sums.lowestCharge) sums.lowestCharge = low;
}

/** The sums of one range of a run, and the window starts that give the same range. */
interface Kept {
  end: number;
  /** Every `from` in [fromLow, fromHigh) leaves out the same buckets: those of index below the range's. */
  fromLow: number;
  fromHigh: number;
  sums: WindowSums;
}

const kept = new WeakMap<object, Kept[]>();

/** A run serves three windows; more ranges mean the windows moved on while the run stayed. */
const RANGES_KEPT = 3;

/**
 * The sums of the run's buckets that end after `from` and start by `now`, made once per run and
 * range; a copy the caller may add to. Most cycles the window has moved within its first bucket,
 * and its range is found without searching the run.
 */
export function sumsWithin(run: Run, from: number, now: number): WindowSums {
  const end = countStartingBy(run, now);
  const ranges = kept.get(run.key) ?? [];
  kept.set(run.key, ranges);
  let found = ranges.find((range) => range.end === end && from >= range.fromLow && from < range.fromHigh);
  if (!found) {
    const first = countEndingBy(run, run.length, from);
    const fromLow = first > 0 ? run.startOf(first - 1) + run.length : Number.NEGATIVE_INFINITY;
    const fromHigh = first < run.count ? run.startOf(first) + run.length : Number.POSITIVE_INFINITY;
    found = { end, fromLow, fromHigh, sums: { monitoredSeconds: 0, onBatterySeconds: 0, lowestCharge: null } };
    for (let i = first; i < end; i++) run.add(found.sums, i);
    // The oldest range goes first: a run that stays (a UPS no longer answering) keeps no more.
    if (ranges.length >= RANGES_KEPT) ranges.shift();
    ranges.push(found);
  }
  return { ...found.sums };
}

/** Adds `more` to sums, in place. */
export function addSums(sums: WindowSums, more: WindowSums): void {
  sums.monitoredSeconds += more.monitoredSeconds;
  sums.onBatterySeconds += more.onBatterySeconds;
  if (more.lowestCharge !== null && (sums.lowestCharge === null || more.lowestCharge < sums.lowestCharge)) sums.lowestCharge = more.lowestCharge;
}
