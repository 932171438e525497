// The one data contract: status.json is a Snapshot, the page and every other output are drawn
// from it, and the tests read it. Documented field by field in the README ("status.json").

import type { UpsMetrics } from '../status/assess.ts';
import type { Readings } from '../status/readings.ts';
import type { StatusFlag } from '../status/flags.ts';
import type { Severity } from '../status/severity.ts';
import type { ErrorInfo } from '../shared/errors.ts';

export const SCHEMA_VERSION = 1;

export interface UpsSnapshot {
  /** Stable, unique, safe as one path segment and file name (snapshot/ids.ts). */
  id: string;
  name: string;
  description: string;
  /** Why this UPS has no current data; null when `vars` are from this cycle. */
  error: ErrorInfo | null;
  /** True when `vars` are the last good values from an earlier cycle (or none at all). */
  stale: boolean;
  /** upsd no longer lists this UPS. */
  gone: boolean;
  lastSuccessAt: string | null;
  /** When the current error began (kept while it lasts); null without an error. */
  errorSince: string | null;
  /** Every variable exactly as upsd sent it; the same object as last cycle's when nothing changed, so never changed in place. */
  vars: Readonly<Record<string, string>>;
  flags: readonly StatusFlag[];
  state: string;
  severity: Severity;
  reasons: string[];
  metrics: UpsMetrics | null;
}

export interface HostSnapshot {
  name: string;
  address: string;
  error: ErrorInfo | null;
  lastSuccessAt: string | null;
  /** When the current error began (kept while it lasts); null without an error. */
  errorSince: string | null;
  /** Variable descriptions from upsd's GET DESC, by variable name. */
  descriptions: Record<string, string>;
  /**
   * Whether this cycle's replies came over TLS (STARTTLS); null when the host could not be read.
   * Under "tls": "auto" the one sign of whether upsd offered it.
   */
  encrypted: boolean | null;
  ups: UpsSnapshot[];
}

export interface Problem {
  severity: Severity;
  host: string;
  /** null when the problem is the host itself. */
  ups: string | null;
  /** "nas", "Host lab" */
  subject: string;
  text: string;
}

export interface Summary {
  severity: Severity;
  headline: string;
  upsCount: number;
  hostCount: number;
  /** Names of the hosts that could not be polled this cycle. */
  hostsDown: string[];
  problems: Problem[];
}

/**
 * One UPS in flat fields, for consumers that can only follow a dotted path of plain names
 * (Homepage, Home Assistant, Uptime Kuma, Glance): `byId.<id>.batteryCharge`.
 */
export interface UpsById extends Readings {
  id: string;
  host: string;
  ups: string;
  description: string;
  state: string;
  severity: Severity;
  /** First of `reasons`; null when all is well. */
  reason: string | null;
  /** `ups.status` as upsd sent it; null when absent. */
  status: string | null;
  onBattery: boolean;
  // batteryCharge, runtimeSeconds, load, inputVoltage, outputVoltage, powerWatts: Readings (status/readings.ts)
  stale: boolean;
  gone: boolean;
  /** The error code (`DATA-STALE`, `CONNECTION-REFUSED`, …); null when the data is current. */
  error: string | null;
  lastSuccessAt: string | null;
}

export interface Snapshot {
  schemaVersion: typeof SCHEMA_VERSION;
  generatedAt: string;
  /**
   * After this time a reader should take the data as out of date: three of the job's real
   * intervals after generatedAt (the schedule's longest gap, or the time cycles actually take
   * when that is longer). The page's "Out of date" mark uses it.
   */
  staleAfter: string;
  title: string;
  summary: Summary;
  hosts: HostSnapshot[];
  /** Every UPS of `hosts` by its id, in the same order. */
  byId: Record<string, UpsById>;
}
