// Pure: the hours already in the hourly rollups on disk, as memory keeps them for the 7- and
// 30-day availability windows, which is all that still reads them. The 30-day charts take their
// days from the daily list and the hourly file holds the rest. Four numbers an hour in one typed
// array a UPS, where a bucket object an hour took ~190 bytes: 80 MB for a month of 576 UPSes
// (issue 11, Scale), 13 MB this way.

import { HOUR, hasStat, statAt, type Bucket } from './bucket.ts';
import type { Run, WindowSums } from './window-sums.ts';

/**
 * Per hour, oldest first and one each: its start (ms), seconds monitored, seconds on battery and
 * lowest charge (NaN: none). Never changed once made: outputs keep sums by its identity.
 */
export type WrittenHours = Float64Array;

const STRIDE = 4;
const CHARGE = statAt('charge');

export const NO_HOURS: WrittenHours = new Float64Array(0);

export const hourCount = (hours: WrittenHours): number => hours.length / STRIDE;

const startOf = (hours: WrittenHours, i: number): number => hours[i * STRIDE] as number;

/** Adds hour `i` to sums, in place. */
function addHour(sums: WindowSums, hours: WrittenHours, i: number): void {
  const at = i * STRIDE;
  sums.monitoredSeconds += hours[at + 1] as number;
  sums.onBatterySeconds += hours[at + 2] as number;
  const low = hours[at + 3] as number;
  if (!Number.isNaN(low) && (sums.lowestCharge === null || low < sums.lowestCharge)) sums.lowestCharge = low;
}

/** A class, not an object of closures, as window-sums.ts's runs of buckets. */
class WrittenRun implements Run {
  readonly key: WrittenHours;
  readonly count: number;
  readonly length = HOUR;

  constructor(hours: WrittenHours) {
    this.key = hours;
    this.count = hourCount(hours);
  }

  startOf(i: number): number {
    return startOf(this.key, i);
  }

  add(sums: WindowSums, i: number): void {
    addHour(sums, this.key, i);
  }
}

export const writtenRun = (hours: WrittenHours): Run => new WrittenRun(hours);

/** The lower of two charges, NaN being none. */
const lower = (a: number, b: number) => (Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.min(a, b));

export interface HourGatherer {
  add(bucket: Bucket): void;
  done(): WrittenHours;
}

/**
 * Written hours gathered an hour bucket at a time, in any order and an hour possibly in several
 * parts (a clock stepped back writes a partial row), on top of `hours`; `done` merges them. Start-up
 * gathers a month of hourly rows as it reads them, four numbers each, not a bucket each.
 */
export function gatherHours(hours: WrittenHours = NO_HOURS): HourGatherer {
  const cells: number[] = Array.from(hours);
  return {
    add(bucket: Bucket): void {
      cells.push(bucket.t, bucket.monitoredSeconds, bucket.onBatterySeconds, hasStat(bucket.stats, CHARGE) ? (bucket.stats[CHARGE] as number) : Number.NaN);
    },
    done(): WrittenHours {
      const order = Array.from({ length: cells.length / STRIDE }, (_, i) => i * STRIDE).sort((a, b) => (cells[a] as number) - (cells[b] as number));
      const merged: number[] = [];
      for (const at of order) {
        const last = merged.length - STRIDE;
        if (last >= 0 && merged[last] === cells[at]) {
          merged[last + 1] = (merged[last + 1] as number) + (cells[at + 1] as number);
          merged[last + 2] = (merged[last + 2] as number) + (cells[at + 2] as number);
          merged[last + 3] = lower(merged[last + 3] as number, cells[at + 3] as number);
        } else merged.push(...cells.slice(at, at + STRIDE));
      }
      return Float64Array.from(merged);
    },
  };
}

/** The hours with `buckets` (hours, in any order) merged in at their places: a new array. */
export function withBuckets(hours: WrittenHours, buckets: readonly Bucket[]): WrittenHours {
  const gathered = gatherHours(hours);
  for (const bucket of buckets) gathered.add(bucket);
  return gathered.done();
}

/** The hours that start from `from` to `to`; the same array when all do (most cycles). */
export function hoursWithin(hours: WrittenHours, from: number, to: number): WrittenHours {
  const count = hourCount(hours);
  if (count === 0 || (startOf(hours, 0) >= from && startOf(hours, count - 1) <= to)) return hours;
  let first = 0;
  while (first < count && startOf(hours, first) < from) first++;
  let end = count;
  while (end > first && startOf(hours, end - 1) > to) end--;
  return hours.slice(first * STRIDE, end * STRIDE);
}
