// Pure: the events hooks announce, one flat shape whatever their source. Today they come from the
// typed changes between two snapshots (snapshot/changes.ts); this is the one seam to switch when
// power events (on battery, on mains, low battery, …) replace the changes as the cycle's events.

import { errorInWords } from '../shared/error-words.ts';
import type { Change } from '../snapshot/changes.ts';
import type { Snapshot, UpsById } from '../snapshot/types.ts';
import type { Severity } from '../status/severity.ts';

export interface HookEvent {
  /** The change's kind: host-down, host-up, ups-down, ups-up, ups-state. */
  type: string;
  /** The cycle that noticed it (ISO 8601 UTC). */
  time: string;
  host: string;
  ups: string | null;
  /** The UPS's id in status.json (byId); null for host events. */
  id: string | null;
  /** One line in words. */
  text: string;
  severity: Severity;
  /** The UPS's state in words now; null for host events. */
  state: string | null;
  /** ups-state: the state before and after; down events: the error code. */
  from: string | null;
  to: string | null;
  code: string | null;
  batteryCharge: number | null;
  runtimeSeconds: number | null;
}

function words(change: Change): string {
  switch (change.kind) {
    case 'host-down':
      return `Host ${change.host} could not be polled: ${errorInWords(change)}`;
    case 'host-up':
      return `Host ${change.host} answers again`;
    case 'ups-down':
      return `${change.ups}@${change.host}: ${errorInWords(change)}`;
    case 'ups-up':
      return `${change.ups}@${change.host}: data again`;
    case 'ups-state':
      return `${change.ups}@${change.host}: ${change.to} (was ${change.from})`;
  }
}

function find(snapshot: Snapshot, host: string, ups: string): UpsById | null {
  return Object.values(snapshot.byId).find((unit) => unit.host === host && unit.ups === ups) ?? null;
}

export function eventsFromChanges(changes: readonly Change[], snapshot: Snapshot): HookEvent[] {
  return changes.map((change) => {
    const unit = 'ups' in change ? find(snapshot, change.host, change.ups) : null;
    const hostSeverity: Severity = change.kind === 'host-down' ? 'warning' : 'ok';
    return {
      type: change.kind,
      time: snapshot.generatedAt,
      host: change.host,
      ups: 'ups' in change ? change.ups : null,
      id: unit?.id ?? null,
      text: words(change),
      severity: unit?.severity ?? hostSeverity,
      state: unit?.state ?? null,
      from: change.kind === 'ups-state' ? change.from : null,
      to: change.kind === 'ups-state' ? change.to : null,
      code: 'code' in change ? change.code : null,
      batteryCharge: unit?.batteryCharge ?? null,
      runtimeSeconds: unit?.runtimeSeconds ?? null,
    };
  });
}
