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

/**
 * The same text as JSON.stringify(document, null, 2), in pieces: one per top-level field, each
 * indented as it stands in the document. A string with one character beyond Latin-1 is stored two
 * bytes per character, so one "—" in the summary's headline made the whole 2.5 MB file for 576
 * UPSes a 5 MB string; now only the summary's piece is. The large pieces are slices, not copies.
 */
export function jsonPieces(document: Record<string, unknown>): string[] {
  const pieces = ['{'];
  for (const [key, value] of Object.entries(document)) {
    // "{\n  "key": value\n}" without its braces is the field as the whole document indents it.
    const field = JSON.stringify({ [key]: value }, null, 2).slice(1, -2);
    if (field !== '') pieces.push(pieces.length === 1 ? '' : ',', field);
  }
  pieces.push(pieces.length === 1 ? '}\n' : '\n}\n');
  return pieces;
}

export function renderStatusJson(snapshot: Snapshot, history: HistoryView): string[] {
  return jsonPieces(statusDocument(snapshot, history));
}

export const statusJsonOutput: Output = {
  name: 'status.json',
  build: ({ snapshot, history }) => [{ name: 'status.json', content: renderStatusJson(snapshot, history) }],
};
