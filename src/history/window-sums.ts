// Pure: sums over the closed buckets of a window, kept by list identity. Closed bucket lists change
// only when a 5-minute bucket closes, and model.ts then makes new lists (it never changes one in
// place), so most cycles find a window's sums already made: for 576 UPSes, summing up to 1,200
// buckets per UPS every cycle cost milliseconds for figures that had not moved (issue 11).

import { hasStat, statAt, type Bucket } from './bucket.ts';

const CHARGE = statAt('charge');

export interface WindowSums {
  monitoredSeconds: number;
  onBatterySeconds: number;
  lowestCharge: number | null;
}

/** How many buckets of a list sorted by start end by `t`, each `length` long (a prefix of the list). */
function countEndingBy(list: readonly Bucket[], length: number, t: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((list[mid] as Bucket).t + length <= t) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** How many buckets of a sorted list start by `t`. */
export const countUpTo = (list: readonly Bucket[], t: number) => countEndingBy(list, 0, t);

/** The index range of the buckets that end after `from` and start by `now`. */
export function windowRange(list: readonly Bucket[], length: number, from: number, now: number): [number, number] {
  return [countEndingBy(list, length, from), countUpTo(list, now)];
}

/** Adds a bucket to sums, in place. */
export function addTo(sums: WindowSums, bucket: Bucket): void {
  sums.monitoredSeconds += bucket.monitoredSeconds;
  sums.onBatterySeconds += bucket.onBatterySeconds;
  if (!hasStat(bucket.stats, CHARGE)) return;
  const low = bucket.stats[CHARGE] as number;
  if (sums.lowestCharge === null || low < sums.lowestCharge) sums.lowestCharge = low;
}

/** The sums of one range of a list. */
interface Kept {
  first: number;
  end: number;
  sums: WindowSums;
}

const kept = new WeakMap<readonly Bucket[], Kept[]>();

/** A list serves three windows; more ranges mean the windows moved on while the list stayed. */
const RANGES_KEPT = 3;

/** The sums of list[first..end), made once per list and range; a copy the caller may add to. */
export function sumsOver(list: readonly Bucket[], first: number, end: number): WindowSums {
  const ranges = kept.get(list) ?? [];
  kept.set(list, ranges);
  let found = ranges.find((range) => range.first === first && range.end === end);
  if (!found) {
    found = { first, end, sums: { monitoredSeconds: 0, onBatterySeconds: 0, lowestCharge: null } };
    for (let i = first; i < end; i++) addTo(found.sums, list[i] as Bucket);
    // The oldest range goes first: a list that stays (a UPS no longer answering) keeps no more.
    if (ranges.length >= RANGES_KEPT) ranges.shift();
    ranges.push(found);
  }
  return { ...found.sums };
}
