// Pure: the series behind the charts and history.json. 24 h as 5-minute averages, 30 days as
// daily min/avg/max, on-battery periods with exact times. A slot without data is null: a gap,
// never a value (issue 8 "Time").

import type { PowerEvent, UpsTrack } from '../snapshot/events.ts';
import { DAY, FIVE_MINUTES, floorTo, hasStat, mergeBuckets, type Bucket, type Stats } from './bucket.ts';
import type { Resolution, UnitContext } from './availability.ts';
import { countUpTo } from './window-sums.ts';
import { CHART_AT, slotFigures, type Figures, type SlotFigures } from './figures.ts';

export { CHART_METRICS, type ChartMetric } from './figures.ts';

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

/**
 * A chart's data: slots of equal length from `start`, 5 minutes for 24 h, UTC days for 30 days,
 * each the merged bucket of its time or null. A series keeps its identity while its slots show the
 * same figures, so outputs can keep what they made of it (history-json.ts, the page's cards).
 */
export interface Series {
  /** Start of the first slot, ms since the epoch. */
  start: number;
  slots: readonly (Bucket | null)[];
}

/** One of a bucket's stats numbers, at an index within them. */
const figure = (stats: Stats, i: number): number => stats[i] as number;

const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

/** The bucket stamped with its slot's start; itself when it starts there (buckets are never changed once made). */
const atStart = (bucket: Bucket, t: number): Bucket => (bucket.t === t ? bucket : { ...bucket, t });

/** The first `upTo` buckets of a list in their slots. */
function slotted(list: readonly Bucket[], upTo: number, start: number, step: number, count: number): (Bucket | null)[] {
  const slots: (Bucket | null)[] = new Array<Bucket | null>(count).fill(null);
  for (let i = 0; i < upTo; i++) {
    const bucket = list[i] as Bucket;
    const at = Math.floor((bucket.t - start) / step);
    if (at < 0 || at >= count || bucket.samples === 0) continue;
    const old = slots[at];
    slots[at] = old ? mergeBuckets(old, bucket) : atStart(bucket, start + at * step);
  }
  return slots;
}

/** The closed buckets' part of a series, and the last series drawn with the pending bucket on it. */
interface ClosedSeries {
  /** The start, step and how many of the list's buckets are in it. */
  key: string;
  step: number;
  series: Series;
  /** The closed slots' figures, made once when first asked for and shared by every series on them. */
  figures: SlotFigures | null;
  /** The same UPS's closed part before a bucket closed, whose figures this one's can take; until they are made. */
  earlier: ClosedSeries | null;
  withPending: { at: number; values: (number | null)[]; series: Series } | null;
}

/** Where each series made here takes its figures from: its closed part, and the pending slot's figures. */
const figureSources = new WeakMap<Series, { closed: ClosedSeries; at: number; patch: (number | null)[] | null; figures: Figures | null }>();

/**
 * Closed parts whose figures are made, by their last bucket: the next closed part of the same UPS
 * holds that bucket too, a slot or more earlier. One entry per UPS (the previous is dropped when
 * the next takes its figures), gone with the bucket.
 */
const byLastBucket = new WeakMap<Bucket, ClosedSeries>();

const lastBucket = (slots: readonly (Bucket | null)[]) => slots.findLast((slot) => slot !== null) ?? null;

/** A closed part made before `slots`, with figures and the same step, found by one of its last buckets. */
function earlierOf(slots: readonly (Bucket | null)[], start: number, step: number): ClosedSeries | null {
  for (let i = slots.length - 1, tries = 0; i >= 0 && tries < 3; i--) {
    const slot = slots[i];
    if (!slot) continue;
    tries++;
    const found = byLastBucket.get(slot);
    const shift = found ? (start - found.series.start) / step : -1;
    if (found?.figures && found.step === step && Number.isInteger(shift) && shift >= 0 && found.series.slots.length === slots.length) return found;
  }
  return null;
}

function closedFigures(closed: ClosedSeries): SlotFigures {
  const { series, earlier } = closed;
  const shift = earlier ? (series.start - earlier.series.start) / closed.step : 0;
  const figures = slotFigures(series.slots, earlier?.figures ? { figures: earlier.figures, slots: earlier.series.slots, shift } : null);
  const before = earlier && lastBucket(earlier.series.slots);
  if (before) byLastBucket.delete(before);
  const last = lastBucket(series.slots);
  if (last) byLastBucket.set(last, closed);
  closed.earlier = null;
  return figures;
}

/**
 * A series' figures, made once per series (the page and history.json ask for the same one): the
 * closed part's once per closed part, a series with the pending bucket on it that plus one slot.
 */
export function figuresOf(series: Series): Figures {
  const source = figureSources.get(series);
  if (!source) return { base: slotFigures(series.slots), at: -1, patch: null };
  if (source.figures) return source.figures;
  const base = (source.closed.figures ??= closedFigures(source.closed));
  source.figures = { base, at: source.at, patch: source.patch };
  return source.figures;
}

/**
 * Closed buckets change only when a 5-minute bucket closes, and model.ts then makes new lists (it
 * never changes one in place), so their part of a series is kept by list identity; a cycle adds
 * only the pending bucket. Weakly held: a replaced list takes its series with it. One series per
 * list, the latest: a list that stays (a UPS no longer answering) must not gather one per slot.
 */
const closedSeries = new WeakMap<readonly Bucket[], ClosedSeries>();

function closedPart(list: readonly Bucket[], start: number, step: number, count: number, now: number): ClosedSeries {
  // Buckets stamped after `now` (a clock stepped back) are left out, as the availability windows do.
  const upTo = countUpTo(list, now);
  const key = `${start}/${step}/${upTo}`;
  const kept = closedSeries.get(list);
  if (kept?.key === key) return kept;
  const slots = slotted(list, upTo, start, step, count);
  const found: ClosedSeries = { key, step, series: { start, slots }, figures: null, earlier: earlierOf(slots, start, step), withPending: null };
  closedSeries.set(list, found);
  figureSources.set(found.series, { closed: found, at: -1, patch: null, figures: null });
  return found;
}

/**
 * Gives each figure the slot merging `before` and `pending` shows, in the order of a series' arrays
 * (min, average and max of each chart metric), to `take` while it returns true; whether all went.
 * Worked out from the two buckets' stats, as mergeBuckets would: most cycles the figures are last
 * cycle's, found without making the merged bucket.
 */
function everyFigure(before: Bucket | null | undefined, pending: Bucket, take: (value: number | null, i: number) => boolean): boolean {
  let i = 0;
  for (const at of CHART_AT) {
    const a = before && hasStat(before.stats, at) ? before.stats : null;
    const b = hasStat(pending.stats, at) ? pending.stats : null;
    const one = a ?? b;
    let low: number | null = null;
    let avg: number | null = null;
    let high: number | null = null;
    if (a && b) {
      low = Math.min(figure(a, at), figure(b, at));
      high = Math.max(figure(a, at + 1), figure(b, at + 1));
      avg = (figure(a, at + 2) + figure(b, at + 2)) / (figure(a, at + 3) + figure(b, at + 3));
    } else if (one) {
      low = figure(one, at);
      high = figure(one, at + 1);
      avg = figure(one, at + 2) / figure(one, at + 3);
    }
    if (!take(round(low), i++) || !take(round(avg), i++) || !take(round(high), i++)) return false;
  }
  return true;
}

/** The closed series with the pending bucket in its slot; the same object while that slot shows the same figures. */
function withPending(closed: ClosedSeries, pending: Bucket, step: number): Series {
  const { start, slots } = closed.series;
  const at = Math.floor((pending.t - start) / step);
  const before = slots[at];
  const last = closed.withPending;
  if (last && last.at === at && everyFigure(before, pending, (value, i) => value === last.values[i])) return last.series;
  const values: (number | null)[] = [];
  everyFigure(before, pending, (value) => values.push(value) > 0);
  const slot = before ? mergeBuckets(before, pending) : atStart(pending, start + at * step);
  const series = { start, slots: slots.map((old, i) => (i === at ? slot : old)) };
  closed.withPending = { at, values, series };
  figureSources.set(series, { closed, at, patch: values, figures: null });
  return series;
}

/** The lists of a UPS without history, one per resolution: their series are kept like any other's. */
const NO_BUCKETS: Readonly<Record<Resolution, readonly Bucket[]>> = { fine: Object.freeze([]), hourly: Object.freeze([]), daily: Object.freeze([]) };

function seriesOf(context: UnitContext, now: number, step: number, count: number, resolution: Resolution): Series {
  const start = floorTo(now, step) - (count - 1) * step;
  const closed = closedPart(context.unit?.[resolution] ?? NO_BUCKETS[resolution], start, step, count, now);
  const pending = context.unit?.pending;
  const at = pending ? Math.floor((pending.t - start) / step) : -1;
  if (!pending || pending.samples === 0 || pending.t > now || at < 0 || at >= count) return closed.series;
  return withPending(closed, pending, step);
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
