// Pure: the history the job keeps in memory, and one cycle's step of it. Everything is bounded by
// time and count (5-minute buckets for 24 h, hourly for 30 days, events for 30 days), so memory
// stays flat however long the job runs. The store (store.ts) writes what a step returns.

import { emptyTrack, upsKey, type PowerEvent } from '../snapshot/events.ts';
import { deriveEvents } from '../snapshot/power-events.ts';
import type { Snapshot } from '../snapshot/types.ts';
import { DAY, FIVE_MINUTES, HOUR, addSample, emptyBucket, floorTo, lastOf, placeInto, type Bucket, type Placing } from './bucket.ts';
import { gapLimitSeconds, withGap } from './cadence.ts';
import { CHART_AT } from './figures.ts';
import { completedHours, moveWrittenHours } from './hour-rows.ts';
import { samplesOf, type Sample } from './sample.ts';
import { NO_HOURS, hourCount, hoursWithin } from './written-hours.ts';
import type { ClosedRow, CycleRecord, HistoryState, UnitHistory } from './types.ts';

export const FINE_KEEP_MS = DAY;
export const HOURLY_KEEP_MS = 30 * DAY;
export const MAX_RECENT_EVENTS = 2000;

const MONTHS_KEPT = 13;
/** Data stamped this far after the current time is from a clock that was wrong, and dropped from memory. */
const FUTURE_SLACK_MS = HOUR;

export function emptyHistory(since: string | null = null): HistoryState {
  return { since, track: emptyTrack(), units: {}, events: [], energyMonths: {}, estimatedMonths: {}, hourlyThrough: null, recentGaps: [] };
}

export const newUnit = (host: string, ups: string): UnitHistory => ({ host, ups, fine: [], hourly: [], written: NO_HOURS, daily: [], pending: null, last: null });

export const monthOf = (t: number) => new Date(t).toISOString().slice(0, 7);

/**
 * Of a closed 5-minute bucket's figures, memory keeps those up to the last chart metric's: the
 * 24-hour charts and the day's lowest charge are all that read them, and its row on disk has the
 * rest. A day of 576 UPSes is 166,000 such buckets: 16 MB less (issue 11, Scale).
 */
const FINE_STATS = Math.max(...CHART_AT) + 4;

const keptFine = (bucket: Bucket): Bucket => (bucket.stats.length > FINE_STATS ? { ...bucket, stats: bucket.stats.slice(0, FINE_STATS) } : bucket);

/**
 * Folds a bucket into the 5-minute list and/or the hourly and daily ones, in place. `loaded`: the
 * bucket was read from the store and is the loader's own; its first list takes it as it is. The
 * hourly and daily lists come first: they merge every figure, the 5-minute list keeps fewer.
 */
export function foldInto(unit: UnitHistory, bucket: Bucket, lists: { fine: boolean; coarse: boolean }, loaded = false): void {
  const placing = (first: boolean): Placing => (!loaded ? 'shared' : first ? 'taken' : 'copied');
  if (lists.coarse) {
    placeInto(unit.hourly, bucket, floorTo(bucket.t, HOUR), placing(!lists.fine));
    placeInto(unit.daily, bucket, floorTo(bucket.t, DAY), placing(false));
  }
  if (lists.fine) placeInto(unit.fine, keptFine(bucket), bucket.t, placing(true));
}

/** The list without what has aged out (or is stamped in the future); the same list when nothing has, unless `copy`. */
function pruneList(list: Bucket[], from: number, to: number, copy: boolean): Bucket[] {
  // Most cycles there is nothing to drop: keep the same list. The list is sorted by start, so
  // its two ends tell (a UPS has about a thousand buckets; a site may have hundreds of UPSes).
  const first = list[0];
  const last = list.at(-1);
  if (first === undefined || last === undefined || (first.t >= from && last.t <= to)) return copy ? [...list] : list;
  return list.filter((bucket) => bucket.t >= from && bucket.t <= to);
}

/**
 * Drops what has aged out of memory by `agedBy` (agedOutBy) or is stamped in the future by a clock
 * that was wrong; the same unit when nothing has, unless `copy` asks for new lists (to fold a bucket into).
 */
export function pruneUnit(unit: UnitHistory, now: number, copy = false, agedBy = now): UnitHistory {
  const to = now + FUTURE_SLACK_MS;
  const fine = pruneList(unit.fine, agedBy - FINE_KEEP_MS, to, copy);
  const hourly = pruneList(unit.hourly, agedBy - HOURLY_KEEP_MS, to, copy);
  const daily = pruneList(unit.daily, floorTo(agedBy, DAY) - HOURLY_KEEP_MS, to, copy);
  // Never folded into: no copy needed.
  const written = hoursWithin(unit.written, agedBy - HOURLY_KEEP_MS, to);
  return fine === unit.fine && hourly === unit.hourly && daily === unit.daily && written === unit.written ? unit : { ...unit, fine, hourly, daily, written };
}

/**
 * A clock this far before the history began is wrong, not the history: a Raspberry Pi has no RTC
 * and runs from 1970 (or a saved time) until NTP steps it. Recorded, such cycles took the real
 * history for data "in the future" and dropped it from memory, wrote a 1970 energy month, and the
 * step to the right time made a monitoring gap of 56 years. The margin lets a history begun by a
 * clock slightly ahead go on.
 */
const BEFORE_HISTORY_MS = DAY;

/**
 * No right clock reads earlier than this (upsview dates from 2026). Without it a store begun while
 * the clock still read 1970, on a first boot or with a new `dataDir`, began the history then:
 * "History since 1970-01-01", a 1970 energy month, and a monitoring gap of 56 years once NTP set it.
 */
const EARLIEST_RIGHT_CLOCK_MS = Date.parse('2020-01-01T00:00:00Z');

/** Whether a time was read from a clock not yet set: earlier than any right clock reads. */
export const clockNotSet = (t: number): boolean => t < EARLIEST_RIGHT_CLOCK_MS;

/** Whether `now` is too early to be believed: from a clock not yet set, or before the history began by more than the margin. */
export function clockBeforeHistory(since: string | null, now: number): boolean {
  return clockNotSet(now) || (since !== null && now < Date.parse(since) - BEFORE_HISTORY_MS);
}

/**
 * The time by which what is old is dropped, from memory and from disk: the earlier of this
 * cycle's and the last one's. A clock that is wrong, far ahead, for one cycle would otherwise
 * drop weeks of history for good, and the next cycle, right again, could not bring it back.
 */
export function agedOutBy(now: number, lastCycleAt: string | null): number {
  const last = lastCycleAt === null ? Number.NaN : Date.parse(lastCycleAt);
  return Number.isNaN(last) ? now : Math.min(now, last);
}

const inReach = (event: PowerEvent, from: number, to: number) => {
  const t = Date.parse(event.time);
  return t >= from && t <= to;
};

export function pruneEvents(events: readonly PowerEvent[], now: number, agedBy = now): PowerEvent[] {
  return events.filter((event) => inReach(event, agedBy - HOURLY_KEEP_MS, now + FUTURE_SLACK_MS)).slice(-MAX_RECENT_EVENTS);
}

/** The events with this cycle's added and the old (or future) dropped; the same list when neither happens (most cycles). */
function nextEvents(events: PowerEvent[], added: readonly PowerEvent[], now: number, agedBy: number): PowerEvent[] {
  const stays = events.length <= MAX_RECENT_EVENTS && events.every((event) => inReach(event, agedBy - HOURLY_KEEP_MS, now + FUTURE_SLACK_MS));
  return added.length === 0 && stays ? events : pruneEvents([...events, ...added], now, agedBy);
}

/** The month totals with a closed bucket's energy added; the last 13 months, none after the bucket's. */
function withEnergy(months: Record<string, number> | undefined, bucket: Bucket): Record<string, number> {
  const month = monthOf(bucket.t);
  const next = { ...months, [month]: (months?.[month] ?? 0) + bucket.wh };
  // A month after this bucket's (and the slack's) was stamped by a clock that was ahead.
  const latest = monthOf(bucket.t + FUTURE_SLACK_MS);
  return Object.fromEntries(Object.entries(next).filter(([key]) => key <= latest).sort(([a], [b]) => (a < b ? -1 : 1)).slice(-MONTHS_KEPT));
}

/**
 * The months of `months` that hold estimated energy, with the closed bucket's month when its power
 * was estimated: each month keeps its own flag, not the UPS's latest (a UPS can gain ups.realpower).
 */
function withEstimate(flagged: readonly string[] | undefined, months: Record<string, number>, bucket: Bucket): readonly string[] {
  const next = new Set(flagged);
  if (bucket.powerEstimated && bucket.wh > 0) next.add(monthOf(bucket.t));
  return [...next].filter((month) => Object.hasOwn(months, month)).sort();
}

/**
 * Adds a closed bucket's energy to its UPS's month totals and their flags, in place: `energy` is the
 * caller's own copy (a cycle's, or the one a start-up makes of the saved state).
 */
export function addClosedEnergy(energy: Pick<HistoryState, 'energyMonths' | 'estimatedMonths'>, key: string, bucket: Bucket): void {
  const months = withEnergy(energy.energyMonths[key], bucket);
  energy.energyMonths[key] = months;
  energy.estimatedMonths[key] = withEstimate(energy.estimatedMonths[key], months, bucket);
}

interface Step {
  now: number;
  agedBy: number;
  gapSeconds: number;
  /** Takes a 5-minute bucket that closed. */
  closed: (key: string, unit: UnitHistory, bucket: Bucket) => void;
}

/**
 * A UPS's history after this cycle; null when it holds nothing. The unit of the last cycle is never
 * changed, and it is kept as it is when nothing happened to it (a UPS without data this cycle):
 * outputs and the state file keep what they made of it by identity.
 */
function stepUnit(key: string, before: UnitHistory | undefined, sample: Sample | undefined, step: Step): UnitHistory | null {
  let unit = before ?? newUnit(sample?.host ?? '', sample?.ups ?? '');
  const current = floorTo(sample?.t ?? step.now, FIVE_MINUTES);
  const closing = unit.pending;
  if (closing && closing.t !== current) {
    // New lists only when a bucket closes (the history's memos hold lists by identity), made
    // without what has aged out rather than copied whole and then filtered.
    unit = { ...pruneUnit(unit, step.now, true, step.agedBy), pending: null };
    foldInto(unit, closing, { fine: true, coarse: true });
    step.closed(key, unit, closing);
  }
  if (sample) unit = { ...unit, pending: addSample(unit.pending ?? emptyBucket(current), sample, unit.last, step.gapSeconds), last: lastOf(sample) };
  const pruned = pruneUnit(unit, step.now, false, step.agedBy);
  return pruned.fine.length > 0 || pruned.hourly.length > 0 || hourCount(pruned.written) > 0 || pruned.pending ? pruned : null;
}

/** One cycle: the events since the last one, the samples, and the 5-minute buckets that closed. */
export function recordCycle(state: HistoryState, snapshot: Snapshot, options: { intervalSeconds: number }): { state: HistoryState; record: CycleRecord } {
  const now = Date.parse(snapshot.generatedAt);
  const agedBy = agedOutBy(now, state.track.lastCycleAt);
  // Not recorded: the first cycle on a right clock takes it from the last one that was (a monitoring gap, then the changes).
  if (clockBeforeHistory(state.since, now)) {
    const lastGood = state.track.lastCycleAt === null ? now : Date.parse(state.track.lastCycleAt);
    return { state, record: { samples: [], rows: [], hourRows: [], events: [], agedBy: lastGood } };
  }
  const gapSeconds = gapLimitSeconds(options.intervalSeconds, state.recentGaps);
  const derived = deriveEvents(state.track, snapshot, { gapSeconds });
  const samples = samplesOf(snapshot);
  const rows: ClosedRow[] = [];
  const units: Record<string, UnitHistory> = {};
  // Copied only when a bucket closes: most cycles the month totals stay the same object.
  let energy: Pick<HistoryState, 'energyMonths' | 'estimatedMonths'> = state;
  const closed = (key: string, unit: UnitHistory, bucket: Bucket) => {
    if (energy === state) energy = { energyMonths: { ...state.energyMonths }, estimatedMonths: { ...state.estimatedMonths } };
    addClosedEnergy(energy, key, bucket);
    rows.push({ host: unit.host, ups: unit.ups, bucket });
  };
  const step: Step = { now, agedBy, gapSeconds, closed };
  const sampled = new Map(samples.map((sample) => [upsKey(sample.host, sample.ups), sample]));
  const put = (key: string, unit: UnitHistory | null) => {
    if (unit) units[key] = unit;
  };
  for (const key of Object.keys(state.units)) put(key, stepUnit(key, state.units[key], sampled.get(key), step));
  for (const [key, sample] of sampled) if (!Object.hasOwn(state.units, key)) put(key, stepUnit(key, undefined, sample, step));
  const events = nextEvents(state.events, derived.events, now, agedBy);
  const hours = completedHours(units, rows, state.hourlyThrough);
  // Once an hour is written, memory keeps only what it still reads of it.
  const kept = hours.through === state.hourlyThrough ? units : moveWrittenHours(units, hours.through);
  return {
    state: { since: state.since ?? snapshot.generatedAt, track: derived.track, units: kept, events, energyMonths: energy.energyMonths, estimatedMonths: energy.estimatedMonths, hourlyThrough: hours.through, recentGaps: withGap(state.recentGaps, state.track.lastCycleAt, snapshot.generatedAt) },
    record: { samples, rows, hourRows: hours.rows, events: derived.events, agedBy },
  };
}
