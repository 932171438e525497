// Pure: gives every UPS its id (ids.ts) and builds the flat `byId` view of the snapshot.

import { lowerFirst } from '../shared/format.ts';
import { isOnBattery } from '../status/flags.ts';
import { readingsOf } from '../status/readings.ts';
import { upsIds } from './ids.ts';
import type { HostSnapshot, UpsById, UpsSnapshot } from './types.ts';

export type UpsDraft = Omit<UpsSnapshot, 'id'>;
export type HostDraft = Omit<HostSnapshot, 'ups'> & { ups: UpsDraft[] };

/** The hosts with an id on every UPS; an id carried in from an older snapshot is replaced. */
export function identify(hosts: readonly HostDraft[]): HostSnapshot[] {
  const ids = upsIds(hosts.flatMap((host) => host.ups.map((ups) => ({ host: host.name, ups: ups.name }))));
  let next = 0;
  return hosts.map((host) => ({ ...host, ups: host.ups.map((ups) => withId(ups, ids[next++] as string)) }));
}

/**
 * The UPS with its id as its first field, in one copy: an id it carries is replaced in place. Taking
 * the carried id out first copied every UPS twice each cycle.
 */
function withId(ups: UpsDraft, id: string): UpsSnapshot {
  const identified: UpsSnapshot = Object.assign({ id }, ups);
  identified.id = id;
  return identified;
}

/**
 * The state in words as it stands now: an old state must not read as the current one. The page's
 * cards and `byId` say the same; the UPS's own `state` stays the state its `vars` show. Homepage
 * and Glance show `byId.<id>.state` alone, and showed "On mains power" for a UPS not read for hours.
 */
export function currentState(ups: UpsSnapshot): string {
  if (!ups.stale) return ups.state;
  if (Object.keys(ups.vars).length === 0) return 'No data';
  return `No current data (last known: ${lowerFirst(ups.state)})`;
}

function flat(ups: UpsSnapshot, host: HostSnapshot): UpsById {
  return {
    id: ups.id,
    host: host.name,
    ups: ups.name,
    description: ups.description,
    state: currentState(ups),
    severity: ups.severity,
    reason: ups.reasons[0] ?? null,
    status: ups.vars['ups.status'] ?? null,
    // Old data does not say the UPS is on battery now (as the summary).
    onBattery: !ups.stale && isOnBattery(ups.flags),
    ...readingsOf(ups.metrics, ups.vars),
    stale: ups.stale,
    gone: ups.gone,
    error: ups.error?.code ?? null,
    lastSuccessAt: ups.lastSuccessAt,
  };
}

export function byId(hosts: readonly HostSnapshot[]): Record<string, UpsById> {
  return Object.fromEntries(hosts.flatMap((host) => host.ups.map((ups) => [ups.id, flat(ups, host)])));
}
