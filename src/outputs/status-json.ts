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

/** How deep a UPS's fields stand in the document: `{ "hosts": [ { "ups": [ { "vars"`. */
const UPS_FIELD_INDENT = ' '.repeat(10);
/** The line a UPS's variables stand on; `0` holds their place while the rest is stringified. */
const VARS_LINE = `\n${UPS_FIELD_INDENT}"vars": `;
const VARS_PLACE = `${VARS_LINE}0`;

/** One UPS's variables as they stand in the document. */
const varsJson = (vars: Readonly<Record<string, string>>) => JSON.stringify(vars, null, 2).replaceAll('\n', `\n${UPS_FIELD_INDENT}`);

/**
 * status.json's pieces, the variables of each UPS among them as their own pieces, made again only
 * when the snapshot holds a new variables object (it keeps the very object while no value changes).
 * They are most of the file: at 576 UPSes, stringifying them every cycle was most of its ~19 ms
 * (issue 11, Scale). JSON strings hold no line break, so the placeholder line, at the depth of a
 * UPS's own fields, can be no other text of the document.
 */
export function renderStatusJson(snapshot: Snapshot, history: HistoryView, varsText: (vars: Readonly<Record<string, string>>) => string = varsJson): string[] {
  const document = statusDocument(snapshot, history);
  const vars = document.hosts.flatMap((host) => host.ups.map((ups) => ups.vars));
  const placed = { ...document, hosts: document.hosts.map((host) => ({ ...host, ups: host.ups.map((ups) => ({ ...ups, vars: 0 })) })) };
  return jsonPieces(placed).flatMap((piece) => {
    if (!piece.startsWith('\n  "hosts": ')) return [piece];
    const parts = piece.split(VARS_PLACE);
    return parts.flatMap((part, i) => (i === 0 ? [part] : [VARS_LINE, varsText(vars[i - 1] as Readonly<Record<string, string>>), part]));
  });
}

export function createStatusJsonOutput(): Output {
  const known = new WeakMap<object, string>();
  const varsText = (vars: Readonly<Record<string, string>>) => {
    let text = known.get(vars);
    if (text === undefined) known.set(vars, (text = varsJson(vars)));
    return text;
  };
  return {
    name: 'status.json',
    build: ({ snapshot, history }) => [{ name: 'status.json', content: renderStatusJson(snapshot, history, varsText) }],
  };
}
