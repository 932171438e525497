// Pure: the history the job keeps in memory, and one cycle's step of it. Everything is bounded by
// time and count (5-minute buckets for 24 h, hourly for 30 days, events for 30 days), so memory
// stays flat however long the job runs. The store (store.ts) writes what a step returns.

import { emptyTrack, upsKey, type PowerEvent } from '../snapshot/events.ts';
import { deriveEvents } from '../snapshot/power-events.ts';
import type { Snapshot } from '../snapshot/types.ts';
import { DAY, FIVE_MINUTES, HOUR, addSample, emptyBucket, floorTo, lastOf, placeInto, type Bucket } from './bucket.ts';
import { gapLimitSeconds, withGap } from './cadence.ts';
import { completedHours } from './hour-rows.ts';
import { samplesOf } from './sample.ts';
import type { ClosedRow, CycleRecord, HistoryState, UnitHistory } from './types.ts';

export const FINE_KEEP_MS = DAY;
export const HOURLY_KEEP_MS = 30 * DAY;
export const MAX_RECENT_EVENTS = 2000;

const MONTHS_KEPT = 13;
/** Data stamped this far after the current time is from a clock that was wrong, and dropped from memory. */
const FUTURE_SLACK_MS = HOUR;

export function emptyHistory(since: string | null = null): HistoryState {
  return { since, track: emptyTrack(), units: {}, events: [], energyMonths: {}, hourlyThrough: null, recentGaps: [] };
}

export const newUnit = (host: string, ups: string): UnitHistory => ({ host, ups, fine: [], hourly: [], daily: [], pending: null, last: null });

export const monthOf = (t: number) => new Date(t).toISOString().slice(0, 7);

/** Folds a bucket into the 5-minute list and/or the hourly and daily ones, in place (`owned` when loading). */
export function foldInto(unit: UnitHistory, bucket: Bucket, lists: { fine: boolean; coarse: boolean }, owned = false): void {
  if (lists.fine) placeInto(unit.fine, bucket, bucket.t, owned);
  if (!lists.coarse) return;
  placeInto(unit.hourly, bucket, floorTo(bucket.t, HOUR), owned);
  placeInto(unit.daily, bucket, floorTo(bucket.t, DAY), owned);
}

/** Drops what has aged out of memory (or is stamped in the future by a clock that was wrong). */
export function pruneUnit(unit: UnitHistory, now: number): UnitHistory {
  const prune = (list: Bucket[], from: number) => {
    const fits = (bucket: Bucket) => bucket.t >= from && bucket.t <= now + FUTURE_SLACK_MS;
    // Most cycles there is nothing to drop: keep the same list. The list is sorted by start, so
    // its two ends tell (a UPS has about a thousand buckets; a site may have hundreds of UPSes).
    const [first, last] = [list[0], list.at(-1)];
    return first === undefined || last === undefined || (fits(first) && fits(last)) ? list : list.filter(fits);
  };
  return {
    ...unit,
    fine: prune(unit.fine, now - FINE_KEEP_MS),
    hourly: prune(unit.hourly, now - HOURLY_KEEP_MS),
    daily: prune(unit.daily, floorTo(now, DAY) - HOURLY_KEEP_MS),
  };
}

export function pruneEvents(events: readonly PowerEvent[], now: number): PowerEvent[] {
  const from = now - HOURLY_KEEP_MS;
  return events.filter((event) => Date.parse(event.time) >= from).slice(-MAX_RECENT_EVENTS);
}

/** The month totals with a closed bucket's energy added; the last 13 months. */
function withEnergy(months: Record<string, number> | undefined, bucket: Bucket): Record<string, number> {
  const month = monthOf(bucket.t);
  const next = { ...months, [month]: (months?.[month] ?? 0) + bucket.wh };
  return Object.fromEntries(Object.entries(next).sort(([a], [b]) => (a < b ? -1 : 1)).slice(-MONTHS_KEPT));
}

/** One cycle: the events since the last one, the samples, and the 5-minute buckets that closed. */
export function recordCycle(state: HistoryState, snapshot: Snapshot, options: { intervalSeconds: number }): { state: HistoryState; record: CycleRecord } {
  const now = Date.parse(snapshot.generatedAt);
  const gapSeconds = gapLimitSeconds(options.intervalSeconds, state.recentGaps);
  const derived = deriveEvents(state.track, snapshot, { gapSeconds });
  const samples = samplesOf(snapshot);
  const rows: ClosedRow[] = [];
  const units: Record<string, UnitHistory> = {};
  const energyMonths = { ...state.energyMonths };
  const sampled = new Map(samples.map((sample) => [upsKey(sample.host, sample.ups), sample]));
  const keys = new Set([...Object.keys(state.units), ...sampled.keys()]);
  for (const key of keys) {
    const sample = sampled.get(key);
    const unit: UnitHistory = { ...(state.units[key] ?? newUnit(sample?.host ?? '', sample?.ups ?? '')) };
    const current = floorTo(sample?.t ?? now, FIVE_MINUTES);
    if (unit.pending && unit.pending.t !== current) {
      // New lists only when a bucket closes: the state of the last cycle is never changed.
      Object.assign(unit, { fine: [...unit.fine], hourly: [...unit.hourly], daily: [...unit.daily] });
      foldInto(unit, unit.pending, { fine: true, coarse: true });
      energyMonths[key] = withEnergy(energyMonths[key], unit.pending);
      rows.push({ host: unit.host, ups: unit.ups, bucket: unit.pending });
      unit.pending = null;
    }
    if (sample) {
      unit.pending = addSample(unit.pending ?? emptyBucket(current), sample, unit.last, gapSeconds);
      unit.last = lastOf(sample);
    }
    const pruned = pruneUnit(unit, now);
    if (pruned.fine.length > 0 || pruned.hourly.length > 0 || pruned.pending) units[key] = pruned;
  }
  const events = pruneEvents([...state.events, ...derived.events], now);
  const hours = completedHours(units, rows, state.hourlyThrough);
  return {
    state: { since: state.since ?? snapshot.generatedAt, track: derived.track, units, events, energyMonths, hourlyThrough: hours.through, recentGaps: withGap(state.recentGaps, state.track.lastCycleAt, snapshot.generatedAt) },
    record: { samples, rows, hourRows: hours.rows, events: derived.events },
  };
}
