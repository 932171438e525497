// Pure: sums over the closed buckets of a window, kept by list identity. Closed bucket lists change
// only when a 5-minute bucket closes, and model.ts then makes new lists (it never changes one in
// place), so most cycles find a window's sums already made: for 576 UPSes, summing up to 1,200
// buckets per UPS every cycle cost milliseconds for figures that had not moved (issue 11).

import type { Bucket } from './bucket.ts';

export interface WindowSums {
  monitoredSeconds: number;
  onBatterySeconds: number;
  lowestCharge: number | null;
}

/** How many buckets of a list sorted by start satisfy `before` (true for a prefix of the list). */
function prefixLength(list: readonly Bucket[], before: (bucket: Bucket) => boolean): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (before(list[mid] as Bucket)) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** How many buckets of a sorted list start by `t`. */
export const countUpTo = (list: readonly Bucket[], t: number) => prefixLength(list, (bucket) => bucket.t <= t);

/** The index range of the buckets that end after `from` and start by `now`. */
export function windowRange(list: readonly Bucket[], length: number, from: number, now: number): [number, number] {
  return [prefixLength(list, (bucket) => bucket.t + length <= from), countUpTo(list, now)];
}

/** Adds a bucket to sums, in place. */
export function addTo(sums: WindowSums, bucket: Bucket): void {
  sums.monitoredSeconds += bucket.monitoredSeconds;
  sums.onBatterySeconds += bucket.onBatterySeconds;
  const low = bucket.stats.charge?.min;
  if (low !== undefined && (sums.lowestCharge === null || low < sums.lowestCharge)) sums.lowestCharge = low;
}

const kept = new WeakMap<readonly Bucket[], Map<string, WindowSums>>();

/** A list serves three windows; more ranges mean the windows moved on while the list stayed. */
const RANGES_KEPT = 3;

/** The sums of list[first..end), made once per list and range; a copy the caller may add to. */
export function sumsOver(list: readonly Bucket[], first: number, end: number): WindowSums {
  const byRange = kept.get(list) ?? new Map<string, WindowSums>();
  kept.set(list, byRange);
  const range = `${first}/${end}`;
  let sums = byRange.get(range);
  if (!sums) {
    sums = { monitoredSeconds: 0, onBatterySeconds: 0, lowestCharge: null };
    for (let i = first; i < end; i++) addTo(sums, list[i] as Bucket);
    // The oldest range goes first: a list that stays (a UPS no longer answering) keeps no more.
    if (byRange.size >= RANGES_KEPT) byRange.delete(byRange.keys().next().value as string);
    byRange.set(range, sums);
  }
  return { ...sums };
}
