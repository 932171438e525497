// Power events: what happened between two cycles, as typed data with a stable code and words.
// The log prints each one as a line, status.json lists the recent ones, the history store keeps
// them for a year. Codes are part of the status.json contract (README "Power events"): never
// rename one, only add.

export const EVENT_TYPES = [
  'on-battery',
  'on-mains',
  'low-battery',
  'low-battery-cleared',
  'replace-battery',
  'replace-battery-cleared',
  'overload',
  'overload-cleared',
  'bypass',
  'bypass-cleared',
  'forced-shutdown',
  'forced-shutdown-cleared',
  'alarm',
  'alarm-cleared',
  'self-test',
  'host-unreachable',
  'host-back',
  'driver-lost',
  'driver-back',
  'ups-gone',
  'ups-appeared',
  'monitoring-gap',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export interface PowerEvent {
  /** ISO 8601 UTC: the cycle that noticed it. */
  time: string;
  /** null only for the job's own monitoring-gap marker. */
  host: string | null;
  /** null for host events and the gap marker. */
  ups: string | null;
  type: EventType;
  text: string;
  /** Length of the period this event closes (on battery, unreachable, unmonitored). */
  durationSeconds?: number;
  /** The lowest charge and runtime seen during an on-battery period, on `on-mains`. */
  lowestCharge?: number | null;
  lowestRuntimeSeconds?: number | null;
  /** The error code behind host-unreachable and driver-lost. */
  code?: string;
}

/** Status flags that open and close an event of their own, with the words for each. */
export const FLAG_EVENTS = [
  { token: 'LB', set: 'low-battery', cleared: 'low-battery-cleared', words: ['Battery low', 'Battery no longer low'] },
  { token: 'RB', set: 'replace-battery', cleared: 'replace-battery-cleared', words: ['Battery needs replacing', 'Battery replacement no longer requested'] },
  { token: 'OVER', set: 'overload', cleared: 'overload-cleared', words: ['Overloaded', 'No longer overloaded'] },
  { token: 'BYPASS', set: 'bypass', cleared: 'bypass-cleared', words: ['On bypass, no battery protection', 'Off bypass'] },
  { token: 'FSD', set: 'forced-shutdown', cleared: 'forced-shutdown-cleared', words: ['Forced shutdown', 'Forced shutdown cleared'] },
] as const satisfies readonly { token: string; set: EventType; cleared: EventType; words: readonly [string, string] }[];

export type FlagEventToken = (typeof FLAG_EVENTS)[number]['token'];

/** What the event derivation remembers about one UPS between cycles (and across restarts). */
export interface UpsTrack {
  host: string;
  ups: string;
  /** Listed by upsd at the last look. */
  present: boolean;
  /** When the driver (or its data) was lost; null while it answers. */
  lostSince: string | null;
  /** Last cycle with current data. */
  seenAt: string | null;
  /** Start of the on-battery period under way; null on mains. */
  batterySince: string | null;
  lowestCharge: number | null;
  lowestRuntimeSeconds: number | null;
  /**
   * Seconds of the on-battery period under way when it was not seen (a monitoring gap, the host or
   * the UPS not answering): unknown time, left out of its duration. Absent: none (or an older state.json).
   */
  unseenSeconds?: number;
  /** Seconds of the loss under way (lostSince) not seen: monitoring gaps with no data on both sides. Absent: none. */
  lostUnseenSeconds?: number;
  flags: FlagEventToken[];
  alarm: string;
  /** ups.test.result as last read; null before the first reading. */
  testResult: string | null;
}

export interface HostTrack {
  /** When it became unreachable; null while it answers. */
  downSince: string | null;
  /**
   * Seconds of the outage under way not seen: monitoring gaps with the host down on both sides
   * (it may have answered meanwhile), left out of its duration. Absent: none.
   */
  unseenSeconds?: number;
}

export interface EventTrack {
  /** The last cycle's time; a longer pause than the gap limit is a monitoring gap. */
  lastCycleAt: string | null;
  hosts: Record<string, HostTrack>;
  /** By `upsKey(host, ups)`. */
  ups: Record<string, UpsTrack>;
}

export const emptyTrack = (): EventTrack => ({ lastCycleAt: null, hosts: {}, ups: {} });

/** One key for a UPS across the store, the views and the track: host and UPS names, which are unique together. */
export const upsKey = (host: string, ups: string) => `${host}/${ups}`;

/** Seconds between two ISO times, never negative (the wall clock may step back). */
export function secondsBetween(from: string, to: string): number {
  return Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
}
