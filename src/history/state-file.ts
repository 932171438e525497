// Pure: state.json, the small file that carries what the next cycle needs across a restart: the
// last known state of every host and UPS (so events continue: an outage that began before a
// restart ends with its full duration), the 5-minute buckets being filled and the month totals.

import { isPlainObject, type Fields } from '../config/fields.ts';
import { FLAG_EVENTS, type EventTrack, type FlagEventToken, type HostTrack, type UpsTrack } from '../snapshot/events.ts';
import type { LastSample } from './bucket.ts';
import type { HistoryState, UnitHistory } from './types.ts';
import { bucketFrom, bucketJson, isoText } from './records.ts';

export const STATE_VERSION = 1;

export interface SavedState {
  since: string | null;
  track: EventTrack;
  units: Record<string, Pick<UnitHistory, 'host' | 'ups' | 'pending' | 'last'>>;
  energyMonths: Record<string, Record<string, number>>;
  /** Null in files saved before months kept their own flag. */
  estimatedMonths: HistoryState['estimatedMonths'] | null;
  hourlyThrough: number | null;
  recentGaps: number[];
  /** Lines of events.jsonl when this state was saved; any after them were appended by a cycle whose state was not saved. Null in older files. */
  eventLines: number | null;
}

/**
 * Each UPS's part of the file, kept with the unit: a UPS without data this cycle keeps its unit
 * object (model.ts), so its text is not made again. Weakly held: it goes with the unit.
 */
const unitTexts = new WeakMap<UnitHistory, { key: string; text: string }>();

function unitText(key: string, unit: UnitHistory): string {
  const kept = unitTexts.get(unit);
  if (kept?.key === key) return kept.text;
  const last = unit.last && { ...unit.last, t: isoText(unit.last.t) };
  const text = `${JSON.stringify(key)}:${JSON.stringify({ host: unit.host, ups: unit.ups, pending: unit.pending && bucketJson(unit.pending), last })}`;
  unitTexts.set(unit, { key, text });
  return text;
}

/** The month totals' and flags' text, kept while model.ts keeps the same objects (until a bucket closes). */
const monthsTexts = new WeakMap<object, string>();

function monthsText(months: HistoryState['energyMonths'] | HistoryState['estimatedMonths']): string {
  const text = monthsTexts.get(months) ?? JSON.stringify(months);
  monthsTexts.set(months, text);
  return text;
}

/**
 * The same text as JSON.stringify of the whole state, in pieces kept across cycles: for 576 UPSes,
 * making every unit's objects again cost ~1.8 MB and milliseconds a cycle (issue 11). The writer
 * takes the pieces as they are; the file is hundreds of KB for 576 UPSes, and a joined copy of it
 * would be garbage each cycle.
 */
export function stateJson(state: HistoryState, savedAt: string, eventLines: number): string[] {
  const hourlyThrough = state.hourlyThrough === null ? null : isoText(state.hourlyThrough);
  const head = JSON.stringify({ version: STATE_VERSION, savedAt, since: state.since, hourlyThrough, recentGaps: state.recentGaps, eventLines, track: state.track });
  const parts = [head.slice(0, -1), ',"units":{'];
  Object.keys(state.units).forEach((key, i) => parts.push(i === 0 ? '' : ',', unitText(key, state.units[key] as UnitHistory)));
  parts.push('},"energyMonths":', monthsText(state.energyMonths), ',"estimatedMonths":', monthsText(state.estimatedMonths), '}\n');
  return parts;
}

const isTime = (value: unknown): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value));
const isTimeOrNull = (value: unknown): value is string | null => value === null || isTime(value);
const isNumberOrNull = (value: unknown): value is number | null => value === null || (typeof value === 'number' && Number.isFinite(value));
const isGap = (gap: unknown): gap is number => typeof gap === 'number' && gap > 0;
/** Seconds kept in a track (written only when there are some; absent in files of earlier versions). */
const isSecondsOrAbsent = (value: unknown): value is number | undefined => value === undefined || (typeof value === 'number' && Number.isFinite(value) && value >= 0);
const FLAG_TOKENS: readonly string[] = FLAG_EVENTS.map((flag) => flag.token);
const isFlag = (value: unknown): value is FlagEventToken => typeof value === 'string' && FLAG_TOKENS.includes(value);

function upsTrackFrom(value: unknown): UpsTrack | null {
  if (!isPlainObject(value)) return null;
  const { host, ups, present, lostSince, seenAt, batterySince, lowestCharge, lowestRuntimeSeconds, unseenSeconds, lostUnseenSeconds, flags, alarm, testResult } = value;
  if (typeof host !== 'string' || typeof ups !== 'string' || typeof present !== 'boolean' || typeof alarm !== 'string') return null;
  if (!isTimeOrNull(lostSince) || !isTimeOrNull(seenAt) || !isTimeOrNull(batterySince)) return null;
  if (!isNumberOrNull(lowestCharge) || !isNumberOrNull(lowestRuntimeSeconds)) return null;
  if (!isSecondsOrAbsent(unseenSeconds) || !isSecondsOrAbsent(lostUnseenSeconds)) return null;
  if (!Array.isArray(flags) || !flags.every(isFlag) || !(testResult === null || typeof testResult === 'string')) return null;
  const unseen = { ...(unseenSeconds !== undefined && { unseenSeconds }), ...(lostUnseenSeconds !== undefined && { lostUnseenSeconds }) };
  return { host, ups, present, lostSince, seenAt, batterySince, lowestCharge, lowestRuntimeSeconds, ...unseen, flags, alarm, testResult };
}

function recordOf<T>(value: unknown, item: (value: unknown) => T | null): Record<string, T> | null {
  if (!isPlainObject(value)) return null;
  const out: Record<string, T> = {};
  for (const [key, entry] of Object.entries(value)) {
    const parsed = item(entry);
    if (parsed === null) return null;
    out[key] = parsed;
  }
  return out;
}

function trackFrom(value: unknown): EventTrack | null {
  if (!isPlainObject(value) || !isTimeOrNull(value.lastCycleAt)) return null;
  const hosts = recordOf<HostTrack>(value.hosts, (host) => {
    if (!isPlainObject(host) || !isTimeOrNull(host.downSince) || !isSecondsOrAbsent(host.unseenSeconds)) return null;
    return { downSince: host.downSince, ...(host.unseenSeconds !== undefined && { unseenSeconds: host.unseenSeconds }) };
  });
  const ups = recordOf(value.ups, upsTrackFrom);
  return hosts && ups ? { lastCycleAt: value.lastCycleAt, hosts, ups } : null;
}

function lastFrom(value: unknown): LastSample | null | undefined {
  if (value === null) return null;
  if (!isPlainObject(value) || !isTime(value.t) || typeof value.onBattery !== 'boolean' || !isNumberOrNull(value.power)) return undefined;
  return { t: Date.parse(value.t), onBattery: value.onBattery, power: value.power, powerEstimated: value.powerEstimated === true };
}

function unitFrom(value: unknown): SavedState['units'][string] | null {
  if (!isPlainObject(value) || typeof value.host !== 'string' || typeof value.ups !== 'string') return null;
  const pending = value.pending === null ? null : bucketFrom(value.pending);
  const last = lastFrom(value.last);
  if ((value.pending !== null && pending === null) || last === undefined) return null;
  return { host: value.host, ups: value.ups, pending, last };
}

const monthsFrom = (value: unknown) =>
  recordOf<Record<string, number>>(value, (months) =>
    isPlainObject(months) && Object.values(months).every((wh) => typeof wh === 'number' && Number.isFinite(wh)) ? (months as Fields & Record<string, number>) : null,
  );

const MONTH = /^\d{4}-\d{2}$/;
const estimatedFrom = (value: unknown) =>
  value === undefined ? null : recordOf<readonly string[]>(value, (months) => (Array.isArray(months) && months.every((month) => typeof month === 'string' && MONTH.test(month)) ? (months as string[]) : null));

/** A saved state, or the first part of the file that does not hold one, in words for the log. */
export type StateRead = { saved: SavedState; problem?: undefined } | { saved: null; problem: string };

const bad = (field: string, expected: string): StateRead => ({ saved: null, problem: `"${field}" is not ${expected}` });

/** Reads the parsed state.json field by field: the first one that does not pass is named. */
export function readSavedState(value: unknown): StateRead {
  if (!isPlainObject(value)) return { saved: null, problem: 'not a JSON object' };
  if (value.version !== STATE_VERSION) return bad('version', String(STATE_VERSION));
  if (!isTimeOrNull(value.since)) return bad('since', 'a time');
  const track = trackFrom(value.track);
  if (!track) return bad('track', 'the state of hosts and UPSes');
  const units = recordOf(value.units, unitFrom);
  if (!units) return bad('units', "the UPSes' 5-minute buckets and last samples");
  const energyMonths = monthsFrom(value.energyMonths);
  if (!energyMonths) return bad('energyMonths', 'energy totals by UPS and month');
  const estimatedMonths = estimatedFrom(value.estimatedMonths);
  // Absent in files saved before months kept their own flag; present but not a record of month lists: damaged.
  if (value.estimatedMonths !== undefined && estimatedMonths === null) return bad('estimatedMonths', 'months by UPS');
  const through = value.hourlyThrough ?? null;
  if (!isTimeOrNull(through)) return bad('hourlyThrough', 'a time');
  const gaps = value.recentGaps ?? [];
  if (!(Array.isArray(gaps) && gaps.every(isGap))) return bad('recentGaps', 'a list of seconds');
  const lines = value.eventLines ?? null;
  if (lines !== null && !(Number.isSafeInteger(lines) && (lines as number) >= 0)) return bad('eventLines', 'a count of lines');
  const hourlyThrough = through === null ? null : Date.parse(through);
  return { saved: { since: value.since, track, units, energyMonths, estimatedMonths, hourlyThrough, recentGaps: gaps, eventLines: lines as number | null } };
}

/**
 * The version of a state.json written by a later upsview than this one: its store is not ours to
 * judge (an upsview rolled back after an upgrade), so it is left as it is rather than moved aside.
 */
export function newerVersion(value: unknown): number | null {
  const version = isPlainObject(value) ? value.version : undefined;
  return typeof version === 'number' && Number.isSafeInteger(version) && version > STATE_VERSION ? version : null;
}
