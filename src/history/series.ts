// Pure: the series behind the charts and history.json. 24 h as 5-minute averages, 30 days as
// daily min/avg/max, on-battery periods with exact times. A slot without data is null: a gap,
// never a value (issue 8 "Time").

import type { PowerEvent, UpsTrack } from '../snapshot/events.ts';
import { DAY, FIVE_MINUTES, average, floorTo, mergeBuckets, type Bucket } from './bucket.ts';
import { bucketsSince, type Resolution, type UnitContext } from './availability.ts';

export const CHART_METRICS = ['charge', 'load', 'runtime', 'inputVoltage'] as const;
export type ChartMetric = (typeof CHART_METRICS)[number];

export const DAY_SLOTS = 288;
export const MONTH_SLOTS = 30;

export interface Band {
  min: (number | null)[];
  avg: (number | null)[];
  max: (number | null)[];
}

export interface Period {
  /** ms since the epoch */
  start: number;
  /** null while it lasts */
  end: number | null;
}

/** A chart's data: slots of equal length from `start`, 5 minutes for 24 h, UTC days for 30 days. */
export interface Series {
  /** Start of the first slot, ms since the epoch. */
  start: number;
  /** The line is drawn through the averages; lows and highs give the range in words. */
  bands: Record<ChartMetric, Band>;
  /** Slots with at least one sample. */
  covered: boolean[];
}

const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

function slotted(buckets: readonly Bucket[], start: number, step: number, count: number): (Bucket | null)[] {
  const slots: (Bucket | null)[] = Array.from({ length: count }, () => null);
  for (const bucket of buckets) {
    const at = Math.floor((bucket.t - start) / step);
    if (at < 0 || at >= count || bucket.samples === 0) continue;
    const old = slots[at];
    slots[at] = old ? mergeBuckets(old, bucket) : { ...bucket, t: start + at * step };
  }
  return slots;
}

const perMetric = <T>(make: (metric: ChartMetric) => T) =>
  Object.fromEntries(CHART_METRICS.map((metric) => [metric, make(metric)])) as Record<ChartMetric, T>;

function seriesOf(context: UnitContext, now: number, step: number, count: number, resolution: Resolution): Series {
  const start = floorTo(now, step) - (count - 1) * step;
  const slots = slotted(bucketsSince(context.unit, start, now, resolution), start, step, count);
  return {
    start,
    bands: perMetric((metric) => bandOf(slots, metric)),
    covered: slots.map((slot) => slot !== null),
  };
}

function bandOf(slots: readonly (Bucket | null)[], metric: ChartMetric): Band {
  return {
    min: slots.map((slot) => round(slot?.stats[metric]?.min ?? null)),
    avg: slots.map((slot) => round(average(slot?.stats[metric]))),
    max: slots.map((slot) => round(slot?.stats[metric]?.max ?? null)),
  };
}

export const daySeries = (context: UnitContext, now: number): Series => seriesOf(context, now, FIVE_MINUTES, DAY_SLOTS, 'fine');

export const monthSeries = (context: UnitContext, now: number): Series => seriesOf(context, now, DAY, MONTH_SLOTS, 'daily');

/** On-battery periods from the events: each on-battery with the on-mains that closed it. */
export function batteryPeriods(events: readonly PowerEvent[], track: UpsTrack | undefined, now: number): Period[] {
  const periods: Period[] = [];
  let open: number | null = null;
  for (const event of events) {
    const at = Date.parse(event.time);
    if (event.type === 'on-battery') open = at;
    if (event.type !== 'on-mains') continue;
    // Its duration stops where the UPS was last seen on battery when a gap hid the return.
    const start = open ?? at - (event.durationSeconds ?? 0) * 1000;
    periods.push({ start, end: Math.min(at, start + (event.durationSeconds ?? 0) * 1000) });
    open = null;
  }
  const since = track?.batterySince ? Date.parse(track.batterySince) : open;
  if (since !== null && since <= now) periods.push({ start: since, end: null });
  return periods;
}
