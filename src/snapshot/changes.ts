// Pure: what changed between two snapshots, as log events. Logging changes rather than states
// keeps a host that stays down for a week to two lines: when it went down and when it came back.

import type { ErrorInfo } from '../shared/errors.ts';
import type { LogEvent } from '../shared/log.ts';
import type { Snapshot } from './build.ts';

const sameError = (a: ErrorInfo | null, b: ErrorInfo | null) => a?.code === b?.code;

export function stateChanges(previous: Snapshot | null, next: Snapshot): LogEvent[] {
  const events: LogEvent[] = [];
  const before = new Map(previous?.hosts.map((host) => [host.name, host]));
  for (const host of next.hosts) {
    const old = before.get(host.name);
    if (host.error && !sameError(old?.error ?? null, host.error)) {
      events.push({ kind: 'host-down', host: host.name, code: host.error.code, message: host.error.message });
    } else if (!host.error && old?.error) {
      events.push({ kind: 'host-up', host: host.name });
    }
    if (host.error) continue;
    const oldUps = new Map(old?.ups.map((ups) => [ups.name, ups]));
    for (const ups of host.ups) {
      const was = oldUps.get(ups.name);
      if (ups.error && !sameError(was?.error ?? null, ups.error)) {
        events.push({ kind: 'ups-down', host: host.name, ups: ups.name, code: ups.error.code, message: ups.error.message });
      } else if (!ups.error && was?.error && !old?.error) {
        // After a host outage every UPS carried the host's error; host-up already says it is back.
        events.push({ kind: 'ups-up', host: host.name, ups: ups.name });
      }
      if (was && !ups.error && !was.error && was.state !== ups.state) {
        events.push({ kind: 'ups-state', host: host.name, ups: ups.name, from: was.state, to: ups.state });
      }
    }
  }
  return events;
}
