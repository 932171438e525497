// Pure: what the outputs read of the history this cycle (status.json, history.json, the page).
// Built once per cycle from the state; outputs only format it.

import { upsKey, type PowerEvent } from '../snapshot/events.ts';
import type { Snapshot } from '../snapshot/types.ts';
import { DAY } from './bucket.ts';
import { availabilityOf, eventsByUnit, unitContext, type AvailabilityByWindow } from './availability.ts';
import { energyOf, type Energy } from './energy.ts';
import type { HistoryState } from './types.ts';
import { batteryPeriods, daySeries, monthSeries, type Period, type Series } from './series.ts';

export interface UpsHistory {
  host: string;
  ups: string;
  availability: AvailabilityByWindow;
  energy: Energy;
  day: Series;
  month: Series;
  /** On-battery periods that overlap the last 30 days. */
  onBattery: Period[];
  /** This UPS's events of the last 7 days, newest first, at most UPS_EVENTS. */
  events: PowerEvent[];
}

export interface HistoryView {
  /** ISO time history starts from (first run, or a restart after damage). */
  since: string;
  /** ms since the epoch: this cycle's time. */
  now: number;
  /** Recent events of every host and UPS, newest first: the last 7 days, at most RECENT_EVENTS. */
  events: PowerEvent[];
  /** By upsKey(host, ups), for the UPSes in this cycle's snapshot. */
  ups: Record<string, UpsHistory>;
}

export const RECENT_EVENTS = 50;
export const UPS_EVENTS = 8;
const RECENT_MS = 7 * DAY;

/** The newest `limit` events of the last 7 days, newest first, read from the end (most of a long list is older). */
function recent(events: readonly PowerEvent[], now: number, limit: number): PowerEvent[] {
  const found: PowerEvent[] = [];
  for (let i = events.length - 1; i >= 0 && found.length < limit; i--) {
    const event = events[i] as PowerEvent;
    if (Date.parse(event.time) >= now - RECENT_MS) found.push(event);
  }
  return found;
}

export function historyView(state: HistoryState, snapshot: Snapshot): HistoryView {
  const now = Date.parse(snapshot.generatedAt);
  const sinceIso = state.since ?? snapshot.generatedAt;
  const since = Date.parse(sinceIso);
  const ups: Record<string, UpsHistory> = {};
  const byUnit = eventsByUnit(state.events);
  for (const host of snapshot.hosts) {
    for (const unit of host.ups) {
      const key = upsKey(host.name, unit.name);
      const context = unitContext(key, state, byUnit);
      ups[key] = {
        host: host.name,
        ups: unit.name,
        availability: availabilityOf(context, now, since),
        energy: energyOf(context.unit, state.energyMonths[key], state.estimatedMonths[key], now),
        day: daySeries(context, now),
        month: monthSeries(context, now),
        onBattery: batteryPeriods(context.events, context.track, now).filter((period) => (period.end ?? now) >= now - 30 * DAY),
        events: recent(context.events, now, UPS_EVENTS),
      };
    }
  }
  return { since: sinceIso, now, events: recent(state.events, now, RECENT_EVENTS), ups };
}
