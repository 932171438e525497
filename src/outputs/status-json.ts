// status.json: the snapshot, plus what the history says (recent events, availability, energy),
// documented in the README for other devices and scripts. Fields are only ever added: the
// schemaVersion stays 1.

import type { HistoryView } from '../history/view.ts';
import { upsKey } from '../snapshot/events.ts';
import type { Snapshot } from '../snapshot/types.ts';
import type { Output } from './types.ts';

/** Days of energy listed per UPS; the page and history.json have the same 30-day reach. */
const ENERGY_DAYS = 30;

export function statusDocument(snapshot: Snapshot, history: HistoryView) {
  return {
    ...snapshot,
    historySince: history.since,
    events: history.events,
    hosts: snapshot.hosts.map((host) => ({
      ...host,
      ups: host.ups.map((ups) => {
        const kept = history.ups[upsKey(host.name, ups.name)];
        return {
          ...ups,
          availability: kept?.availability ?? null,
          energy: kept ? { days: kept.energy.days.slice(0, ENERGY_DAYS), months: kept.energy.months } : null,
        };
      }),
    })),
  };
}

export function renderStatusJson(snapshot: Snapshot, history: HistoryView): string {
  return `${JSON.stringify(statusDocument(snapshot, history), null, 2)}\n`;
}

export const statusJsonOutput: Output = {
  name: 'status.json',
  build: ({ snapshot, history }) => [{ name: 'status.json', content: renderStatusJson(snapshot, history) }],
};
