// The history's shapes: what the job keeps in memory (model.ts steps it) and what one cycle adds
// to the store (save.ts writes it).

import type { EventTrack, PowerEvent } from '../snapshot/events.ts';
import type { Bucket, LastSample } from './bucket.ts';
import type { Sample } from './sample.ts';
import type { WrittenHours } from './written-hours.ts';

export interface UnitHistory {
  host: string;
  ups: string;
  /** Closed 5-minute buckets of the last 24 h, oldest first. */
  fine: Bucket[];
  /**
   * Hourly buckets of the last 30 days not yet in the hourly rollups (HistoryState.hourlyThrough),
   * oldest first: the current hour once closed 5-minute buckets reach it, an hour a clock stepped
   * back to until the next hour is written, and every hour until the first is.
   */
  hourly: Bucket[];
  /** The hours of the last 30 days in the hourly rollups, as the availability windows read them. */
  written: WrittenHours;
  /** UTC days of the last 30 days, oldest first: the 30-day charts and energy per day. */
  daily: Bucket[];
  /** The 5-minute bucket being filled. */
  pending: Bucket | null;
  last: LastSample | null;
}

export interface HistoryState {
  /** Start of the history shown: the first cycle, or when a damaged store restarted it; null before the first. */
  since: string | null;
  track: EventTrack;
  /** By upsKey(host, ups). */
  units: Record<string, UnitHistory>;
  /** Events of the last 30 days, oldest first, at most MAX_RECENT_EVENTS. */
  events: PowerEvent[];
  /** Wh per UPS key per UTC month ("2026-01"), the last 13 months. */
  energyMonths: Record<string, Record<string, number>>;
  /** Per UPS key, the months of `energyMonths` some of whose energy comes from estimated power, oldest first. */
  estimatedMonths: Record<string, readonly string[]>;
  /** Hours before this (ms) are in the hourly rollups on disk; null until the first is written. */
  hourlyThrough: number | null;
  /** Seconds between the latest cycles, oldest first (cadence.ts). */
  recentGaps: number[];
}

export interface ClosedRow {
  host: string;
  ups: string;
  bucket: Bucket;
}

/** What one cycle adds to the store. */
export interface CycleRecord {
  samples: Sample[];
  rows: ClosedRow[];
  /** Hourly rollups of the hours that completed (start-up reads these, not 30 days of 5-minute rows). */
  hourRows: ClosedRow[];
  events: PowerEvent[];
  /** What is older than the store keeps by this time is dropped (model.ts agedOutBy). */
  agedBy: number;
}
