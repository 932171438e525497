// Pure: the store's lines, written and read back. Each file is JSON Lines a person can read with
// jq; the format is documented in the README ("History store"). Reading validates every field,
// so a damaged line is found here and never reaches the views.

import { isPlainObject } from '../config/fields.ts';
import { boundedMemo } from '../shared/bounded-memo.ts';
import { EVENT_TYPES, type EventType, type PowerEvent } from '../snapshot/events.ts';
import { hasStat, noStats, setStat, type Bucket, type Stats } from './bucket.ts';
import type { ClosedRow } from './types.ts';
import { METRICS, type Metric, type Sample } from './sample.ts';

const iso = (t: number) => new Date(t).toISOString();
/** A whole number is its own rounding: most readings are, and toFixed makes a string each time. */
const round = (value: number, digits = 2) => (Number.isInteger(value) ? value : Number(value.toFixed(digits)));

/**
 * Times as ISO text, each made once: a cycle's samples share their time, and its buckets and the
 * UPSes' last samples in state.json share theirs. The bound holds many cycles' times.
 */
export const isoText = boundedMemo(iso, 1024);

/** What follows a sample line's time, and what it was made from. */
interface Tail {
  host: string;
  ups: string;
  status: string;
  powerEstimated: boolean;
  text: string;
}

/** Kept with the sample's readings: sample.ts keeps them the same object while the UPS's variables stay. */
const tails = new WeakMap<Sample['values'], Tail>();

function sampleTail(sample: Sample): string {
  const { host, ups, status, powerEstimated, values } = sample;
  const kept = tails.get(values);
  if (kept && kept.host === host && kept.ups === ups && kept.status === status && kept.powerEstimated === powerEstimated) return kept.text;
  const text = JSON.stringify({ host, ups, status, ...values, ...(values.power !== undefined && { powerEstimated }) }).slice(1);
  tails.set(values, { host, ups, status, powerEstimated, text });
  return text;
}

/** The sample as one JSON line, its time first. */
export const sampleLine = (sample: Sample): string => `{"time":"${isoText(sample.t)}",${sampleTail(sample)}`;

/** A bucket as the store keeps it: each metric as [min, avg, max, count]. */
export function bucketJson(bucket: Bucket): Record<string, unknown> {
  const stats: Record<string, number[]> = {};
  const figures = bucket.stats;
  for (let i = 0; i < METRICS.length; i++) {
    const at = i * 4;
    if (hasStat(figures, at)) {
      const n = figures[at + 3] as number;
      stats[METRICS[i] as Metric] = [round(figures[at] as number), round((figures[at + 2] as number) / n), round(figures[at + 1] as number), n];
    }
  }
  return {
    t: isoText(bucket.t),
    samples: bucket.samples,
    monitoredSeconds: round(bucket.monitoredSeconds, 1),
    onBatterySeconds: round(bucket.onBatterySeconds, 1),
    wh: round(bucket.wh, 3),
    ...(bucket.powerEstimated && { powerEstimated: true }),
    ...stats,
  };
}

export const rowLine = (row: ClosedRow) => JSON.stringify({ host: row.host, ups: row.ups, ...bucketJson(row.bucket) });

export const eventLine = (event: PowerEvent) => JSON.stringify(event);

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isTime = (value: unknown): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value));

/**
 * Puts a metric's figures read from a row into `stats` at `at`: false when they are not four
 * numbers with a count above 0 (the line is bad); nothing to put when the metric is absent.
 */
function readStat(value: unknown, stats: Stats, at: number): boolean {
  if (value === undefined) return true;
  if (!Array.isArray(value) || value.length !== 4) return false;
  // Read by index, not with every() and a destructuring: start-up reads thousands of rows (30 days
  // of hours) under npm start's interpreter, where each of those calls an iterator.
  const min: unknown = value[0];
  const avg: unknown = value[1];
  const max: unknown = value[2];
  const n: unknown = value[3];
  if (!isNumber(min) || !isNumber(avg) || !isNumber(max) || !isNumber(n) || n <= 0) return false;
  setStat(stats, at, min, max, avg * n, n);
  return true;
}

export function bucketFrom(value: unknown): Bucket | null {
  if (!isPlainObject(value) || typeof value.t !== 'string') return null;
  const t = Date.parse(value.t);
  if (Number.isNaN(t)) return null;
  const { samples, monitoredSeconds, onBatterySeconds, wh } = value;
  if (!isNumber(samples) || !isNumber(monitoredSeconds) || !isNumber(onBatterySeconds) || !isNumber(wh)) return null;
  const stats = noStats();
  for (let i = 0; i < METRICS.length; i++) if (!readStat(value[METRICS[i] as Metric], stats, i * 4)) return null;
  return {
    t,
    samples,
    monitoredSeconds,
    onBatterySeconds,
    wh,
    powerEstimated: value.powerEstimated === true,
    stats,
  };
}

export function rowFrom(value: unknown): ClosedRow | null {
  if (!isPlainObject(value) || typeof value.host !== 'string' || typeof value.ups !== 'string') return null;
  const bucket = bucketFrom(value);
  return bucket ? { host: value.host, ups: value.ups, bucket } : null;
}

const isEventType = (value: unknown): value is EventType => typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
const isNameOrNull = (value: unknown): value is string | null => value === null || typeof value === 'string';
const isNumberOrNull = (value: unknown): value is number | null => value === null || isNumber(value);

export function eventFrom(value: unknown): PowerEvent | null {
  if (!isPlainObject(value)) return null;
  const { time, host, ups, type, text, durationSeconds, lowestCharge, lowestRuntimeSeconds, code } = value;
  if (!isTime(time) || !isEventType(type) || typeof text !== 'string' || !isNameOrNull(host) || !isNameOrNull(ups)) return null;
  const event: PowerEvent = { time, host, ups, type, text };
  if (durationSeconds !== undefined) {
    if (!isNumber(durationSeconds)) return null;
    event.durationSeconds = durationSeconds;
  }
  if (lowestCharge !== undefined || lowestRuntimeSeconds !== undefined) {
    const charge = lowestCharge ?? null;
    const runtime = lowestRuntimeSeconds ?? null;
    if (!isNumberOrNull(charge) || !isNumberOrNull(runtime)) return null;
    event.lowestCharge = charge;
    event.lowestRuntimeSeconds = runtime;
  }
  if (code !== undefined) {
    if (typeof code !== 'string') return null;
    event.code = code;
  }
  return event;
}
