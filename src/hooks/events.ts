// Pure: the events hooks announce, one flat shape: the cycle's power events (snapshot/events.ts:
// on-battery, on-mains, low-battery, host-unreachable, driver-lost, …), each with the id and the
// current values of its UPS from the snapshot.

import type { PowerEvent } from '../snapshot/events.ts';
import type { Snapshot, UpsById } from '../snapshot/types.ts';
import type { Severity } from '../status/severity.ts';

export interface HookEvent {
  /** The power event's type code (README "Power events"). */
  type: string;
  /** The cycle that noticed it (ISO 8601 UTC). */
  time: string;
  /** null only for the job's own monitoring-gap marker. */
  host: string | null;
  ups: string | null;
  /** The UPS's id in status.json (byId); null for host events. */
  id: string | null;
  /** One line in words. */
  text: string;
  severity: Severity;
  /** The UPS's state in words now; null for host events. */
  state: string | null;
  /** The error code behind host-unreachable and driver-lost. */
  code: string | null;
  /** Length of the period the event closes (on battery, unreachable, unmonitored). */
  durationSeconds: number | null;
  batteryCharge: number | null;
  runtimeSeconds: number | null;
}

function find(snapshot: Snapshot, host: string | null, ups: string | null): UpsById | null {
  if (host === null || ups === null) return null;
  return Object.values(snapshot.byId).find((unit) => unit.host === host && unit.ups === ups) ?? null;
}

/** Without a UPS to take it from: a host that stops answering deserves a look, the rest is news. */
const hostSeverity = (type: string): Severity => (type === 'host-unreachable' ? 'warning' : type === 'monitoring-gap' ? 'info' : 'ok');

export function eventsFromPowerEvents(events: readonly PowerEvent[], snapshot: Snapshot): HookEvent[] {
  return events.map((event) => {
    const unit = find(snapshot, event.host, event.ups);
    return {
      type: event.type,
      time: event.time,
      host: event.host,
      ups: event.ups,
      id: unit?.id ?? null,
      text: event.text,
      severity: unit?.severity ?? hostSeverity(event.type),
      state: unit?.state ?? null,
      code: event.code ?? null,
      durationSeconds: event.durationSeconds ?? null,
      batteryCharge: unit?.batteryCharge ?? null,
      runtimeSeconds: unit?.runtimeSeconds ?? null,
    };
  });
}
