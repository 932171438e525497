// Pure: what changed between two snapshots, as typed domain data. The log prints each change as
// one line; keeping changes rather than states makes a host that stays down for a week two lines:
// when it went down and when it came back.

import type { ErrorInfo } from '../shared/errors.ts';
import type { Snapshot } from './types.ts';

export type Change =
  | { kind: 'host-down'; host: string; code: string; message: string }
  | { kind: 'host-up'; host: string }
  | { kind: 'ups-down'; host: string; ups: string; code: string; message: string }
  | { kind: 'ups-up'; host: string; ups: string }
  | { kind: 'ups-state'; host: string; ups: string; from: string; to: string };

const sameError = (a: ErrorInfo | null, b: ErrorInfo | null) => a?.code === b?.code;

export function changesBetween(previous: Snapshot | null, next: Snapshot): Change[] {
  const changes: Change[] = [];
  const before = new Map(previous?.hosts.map((host) => [host.name, host]));
  for (const host of next.hosts) {
    const old = before.get(host.name);
    if (host.error && !sameError(old?.error ?? null, host.error)) {
      changes.push({ kind: 'host-down', host: host.name, code: host.error.code, message: host.error.message });
    } else if (!host.error && old?.error) {
      changes.push({ kind: 'host-up', host: host.name });
    }
    if (host.error) continue;
    const oldUps = new Map(old?.ups.map((ups) => [ups.name, ups]));
    for (const ups of host.ups) {
      const was = oldUps.get(ups.name);
      if (ups.error && !sameError(was?.error ?? null, ups.error)) {
        changes.push({ kind: 'ups-down', host: host.name, ups: ups.name, code: ups.error.code, message: ups.error.message });
      } else if (!ups.error && was?.error && !old?.error) {
        // After a host outage every UPS carried the host's error; host-up already says it is back.
        changes.push({ kind: 'ups-up', host: host.name, ups: ups.name });
      }
      if (was && !ups.error && !was.error && was.state !== ups.state) {
        changes.push({ kind: 'ups-state', host: host.name, ups: ups.name, from: was.state, to: ups.state });
      }
    }
  }
  return changes;
}
