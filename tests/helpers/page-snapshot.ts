// Snapshots built from plain variables, for page tests that need no server.

import type { HostPoll } from '../../src/poll/poll-all.ts';
import { buildSnapshot } from '../../src/snapshot/build.ts';
import type { Snapshot } from '../../src/snapshot/types.ts';

export interface FakeUps {
  name: string;
  vars: Record<string, string> | null;
  description?: string;
  error?: { code: string; message: string };
}

export interface FakeHost {
  name: string;
  error?: { code: string; message: string };
  ups?: FakeUps[];
  descriptions?: Record<string, string>;
}

export const NOW = new Date('2026-11-25T08:46:12Z');

/** `cadenceSeconds`: how often the job runs, for the page's stale mark. */
export function snapshotOf(hosts: readonly FakeHost[], title = 'UPS status', cadenceSeconds = 30): Snapshot {
  return snapshotAt(hosts, NOW, title, cadenceSeconds);
}

/** As snapshotOf, taken at `now`: one cycle of a job that runs on. */
export function snapshotAt(hosts: readonly FakeHost[], now: Date, title = 'UPS status', cadenceSeconds = 30): Snapshot {
  const polls: HostPoll[] = hosts.map((host) => ({
    name: host.name,
    address: `127.0.0.1:3493`,
    error: host.error ?? null,
    ups: (host.ups ?? []).map((ups) => ({
      name: ups.name,
      description: ups.description ?? '',
      vars: ups.vars,
      error: ups.error ?? (ups.vars ? null : { code: 'DRIVER-NOT-CONNECTED', message: 'Driver not connected' }),
    })),
    listed: host.error ? [] : (host.ups ?? []).map((ups) => ups.name),
    chosen: false,
    learned: new Map(),
  }));
  const descriptions = new Map(hosts.map((host) => [host.name, new Map(Object.entries(host.descriptions ?? {}))]));
  return buildSnapshot({ title, polls, previous: null, now, descriptions, cadenceSeconds });
}

export const onMains = (extra: Record<string, string> = {}) => ({ 'ups.status': 'OL', 'battery.charge': '100', ...extra });
