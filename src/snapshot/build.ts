// The one data contract: status.json is this object, the page is rendered from it, and the
// tests read it. Pure: built from this cycle's polls plus the previous snapshot, so a host or
// UPS that fails keeps its last good values, marked stale with the time they were taken.

import { assessUps, type UpsMetrics } from '../status/assess.ts';
import type { ErrorInfo } from '../shared/errors.ts';
import type { HostPoll, UpsPoll } from '../poll/poll-all.ts';
import { worst, type Severity } from '../status/severity.ts';
import { summarize, type Summary } from './summary.ts';
import type { StatusFlag } from '../status/flags.ts';

export const SCHEMA_VERSION = 1;

export interface UpsSnapshot {
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
  /** Every variable exactly as upsd sent it. */
  vars: Record<string, string>;
  flags: StatusFlag[];
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
  ups: UpsSnapshot[];
}

export interface Snapshot {
  schemaVersion: typeof SCHEMA_VERSION;
  generatedAt: string;
  title: string;
  summary: Summary;
  hosts: HostSnapshot[];
}

export interface SnapshotInput {
  title: string;
  polls: readonly HostPoll[];
  previous: Snapshot | null;
  now: Date;
  descriptions: ReadonlyMap<string, ReadonlyMap<string, string | null>>;
}

/** An error that goes on keeps the time it began; a new one begins now. */
function errorSince(error: ErrorInfo | null, previous: { error: ErrorInfo | null; errorSince?: string | null } | undefined, now: string) {
  if (!error) return null;
  return previous?.error ? (previous.errorSince ?? now) : now;
}

/** A UPS that upsd stopped listing is remembered this long after its last good data. */
const GONE_RETENTION_MS = 7 * 24 * 3600 * 1000;

function upsFromPoll(poll: UpsPoll, previous: UpsSnapshot | undefined, now: string): UpsSnapshot {
  if (poll.vars) return assessed({ ...poll, vars: poll.vars, stale: false, gone: false, lastSuccessAt: now, errorSince: null });
  return assessed({
    name: poll.name,
    description: poll.description || previous?.description || '',
    error: poll.error,
    vars: previous?.vars ?? {},
    stale: true,
    gone: false,
    lastSuccessAt: previous?.lastSuccessAt ?? null,
    errorSince: errorSince(poll.error, previous, now),
  });
}

type UpsCore = Pick<UpsSnapshot, 'name' | 'description' | 'error' | 'vars' | 'stale' | 'gone' | 'lastSuccessAt' | 'errorSince'>;

function assessed(core: UpsCore): UpsSnapshot {
  const hasData = Object.keys(core.vars).length > 0;
  const assessment = hasData ? assessUps(core.vars) : null;
  const reasons = [...(core.error ? [core.error.message] : []), ...(assessment?.reasons ?? [])];
  const severities: Severity[] = [assessment?.severity ?? 'warning', core.error ? 'warning' : 'ok'];
  return {
    ...core,
    flags: assessment?.flags ?? [],
    state: assessment?.state ?? 'No data',
    severity: worst(severities),
    reasons,
    metrics: assessment?.metrics ?? null,
  };
}

function buildHost(poll: HostPoll, previous: HostSnapshot | undefined, input: SnapshotInput): HostSnapshot {
  const now = input.now.toISOString();
  const before = new Map(previous?.ups.map((ups) => [ups.name, ups]));
  let ups: UpsSnapshot[];
  if (poll.error) {
    ups = (previous?.ups ?? []).map((old) =>
      assessed({ ...old, error: poll.error, stale: true, errorSince: errorSince(poll.error, old, now) }),
    );
  } else {
    ups = poll.ups.map((unit) => upsFromPoll(unit, before.get(unit.name), now));
    const listed = new Set(poll.ups.map((unit) => unit.name));
    for (const old of previous?.ups ?? []) {
      const keep = old.lastSuccessAt !== null && input.now.getTime() - Date.parse(old.lastSuccessAt) < GONE_RETENTION_MS;
      if (!listed.has(old.name) && keep) {
        const gone = { code: 'GONE', message: 'upsd no longer lists this UPS' };
        ups.push(assessed({ ...old, error: gone, stale: true, gone: true, errorSince: errorSince(gone, old, now) }));
      }
    }
  }
  const descriptions: Record<string, string> = Object.create(null);
  for (const [name, text] of input.descriptions.get(poll.name) ?? []) if (text !== null) descriptions[name] = text;
  return {
    name: poll.name,
    address: poll.address,
    error: poll.error,
    lastSuccessAt: poll.error ? (previous?.lastSuccessAt ?? null) : now,
    errorSince: errorSince(poll.error, previous, now),
    descriptions,
    ups,
  };
}

export function buildSnapshot(input: SnapshotInput): Snapshot {
  const previousHosts = new Map(input.previous?.hosts.map((host) => [host.name, host]));
  const hosts = input.polls.map((poll) => buildHost(poll, previousHosts.get(poll.name), input));
  return {
    schemaVersion: SCHEMA_VERSION,
    generatedAt: input.now.toISOString(),
    title: input.title,
    summary: summarize(hosts),
    hosts,
  };
}
