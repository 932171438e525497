// Pure: how reliable the mains were for one UPS over 24 h, 7 d and 30 d. Only monitored time
// counts: a pause of the job or an unreachable host is left out of the percentage and shown as
// such (issue 8 "Availability").

import { upsKey, type PowerEvent, type UpsTrack } from '../snapshot/events.ts';
import { DAY, FIVE_MINUTES, HOUR, type Bucket } from './bucket.ts';
import type { UnitHistory } from './types.ts';
import { addSums, addTo, bucketRun, sumsWithin, type WindowSums } from './window-sums.ts';
import { writtenRun } from './written-hours.ts';

export interface Availability {
  /** Share of the monitored time on mains, 0-100 with two decimals; null when nothing was monitored. */
  mainsPercent: number | null;
  /** On-battery periods that ended in the window, plus one under way. */
  outages: number;
  onBatterySeconds: number;
  longestOutageSeconds: number;
  lowestCharge: number | null;
  monitoredSeconds: number;
  /** The window's length (shorter than its name while history is young). */
  windowSeconds: number;
}

export interface AvailabilityByWindow {
  day: Availability;
  week: Availability;
  month: Availability;
}

export const WINDOWS = { day: DAY, week: 7 * DAY, month: 30 * DAY } as const;

export interface UnitContext {
  unit: UnitHistory | undefined;
  track: UpsTrack | undefined;
  /** This UPS's events, oldest first. */
  events: readonly PowerEvent[];
}

/** Each UPS's events by upsKey, oldest first: sorted out once a cycle, not once per UPS. */
export function eventsByUnit(events: readonly PowerEvent[]): Map<string, PowerEvent[]> {
  const byUnit = new Map<string, PowerEvent[]>();
  for (const event of events) {
    if (event.ups === null || event.host === null) continue;
    const key = upsKey(event.host, event.ups);
    const list = byUnit.get(key);
    if (list) list.push(event);
    else byUnit.set(key, [event]);
  }
  return byUnit;
}

export function unitContext(
  key: string,
  state: { units: Record<string, UnitHistory>; track: { ups: Record<string, UpsTrack> } },
  byUnit: ReadonlyMap<string, readonly PowerEvent[]>,
): UnitContext {
  return { unit: state.units[key], track: state.track.ups[key], events: byUnit.get(key) ?? [] };
}

export type Resolution = 'fine' | 'hourly' | 'daily';
const LENGTH: Record<Resolution, number> = { fine: FIVE_MINUTES, hourly: HOUR, daily: DAY };

/** A bucket of `length` that ends after `from` and starts by `now`. */
export const inWindow = (bucket: Bucket, length: number, from: number, now: number) => bucket.t + length > from && bucket.t <= now;

const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * Monitored and on-battery time and the lowest charge of the buckets in the window: the hourly
 * windows' hours already written, then those not yet, then the pending 5-minute bucket.
 */
function windowSums(unit: UnitHistory | undefined, from: number, now: number, resolution: Resolution): WindowSums {
  if (!unit) return { monitoredSeconds: 0, onBatterySeconds: 0, lowestCharge: null };
  const sums = sumsWithin(bucketRun(unit[resolution], LENGTH[resolution]), from, now);
  if (resolution === 'hourly') addSums(sums, sumsWithin(writtenRun(unit.written), from, now));
  const { pending } = unit;
  if (pending && inWindow(pending, FIVE_MINUTES, from, now)) addTo(sums, pending);
  return sums;
}

export function availabilityOver(context: UnitContext, now: number, windowMs: number, since: number): Availability {
  const from = Math.max(now - windowMs, since);
  const sums = windowSums(context.unit, from, now, windowMs <= DAY ? 'fine' : 'hourly');
  let monitored = sums.monitoredSeconds;
  let onBattery = sums.onBatterySeconds;
  const { lowestCharge } = sums;
  const durations: number[] = [];
  for (const event of context.events) if (event.type === 'on-mains' && Date.parse(event.time) >= from) durations.push(event.durationSeconds ?? 0);
  const open = context.track?.batterySince;
  if (open) durations.push(Math.max(0, Math.round((now - Date.parse(open)) / 1000)));
  // A clock stepped back lives some minutes twice: never more than the window, nor battery than mains.
  const windowSeconds = Math.max(0, Math.round((now - from) / 1000));
  monitored = Math.min(monitored, windowSeconds);
  onBattery = Math.min(onBattery, monitored);
  return {
    mainsPercent: monitored > 0 ? round2(((monitored - onBattery) / monitored) * 100) : null,
    outages: durations.length,
    onBatterySeconds: Math.round(onBattery),
    longestOutageSeconds: durations.length > 0 ? Math.max(...durations) : 0,
    lowestCharge,
    monitoredSeconds: Math.round(monitored),
    windowSeconds,
  };
}

export function availabilityOf(context: UnitContext, now: number, since: number): AvailabilityByWindow {
  return {
    day: availabilityOver(context, now, WINDOWS.day, since),
    week: availabilityOver(context, now, WINDOWS.week, since),
    month: availabilityOver(context, now, WINDOWS.month, since),
  };
}
