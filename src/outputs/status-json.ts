// status.json: the snapshot, plus what the history says (recent events, availability, energy),
// documented in the README for other devices and scripts. Fields are only ever added: the
// schemaVersion stays 1.

import type { HistoryView } from '../history/view.ts';
import { upsKey } from '../snapshot/events.ts';
import type { Snapshot } from '../snapshot/types.ts';
import type { Piece } from '../publish/atomic-write.ts';
import type { Output } from './types.ts';
import { utf8 } from '../shared/utf8.ts';
import { sameData } from './page/same-data.ts';

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

/** A UPS of `hosts` stands in the document as an array item 4 deep: `{ "hosts": [ { "ups": [`. */
const UPS_DEPTH = 4;
/** A UPS's fields' values stand one deeper. */
const FIELD_DEPTH = UPS_DEPTH + 1;

const wrapped = (value: unknown, depth: number): unknown => (depth === 0 ? value : [wrapped(value, depth - 1)]);

/** How many characters stand before and after a value wrapped in arrays `depth` deep. */
function wrapping(depth: number): { head: number; tail: number } {
  const text = JSON.stringify(wrapped(0, depth), null, 2);
  const head = text.lastIndexOf('0');
  return { head, tail: text.length - head - 1 };
}
const WRAPPINGS = new Map([UPS_DEPTH, FIELD_DEPTH].map((depth) => [depth, wrapping(depth)]));

/**
 * A value's text as JSON.stringify(document, null, 2) gives it `depth` deep: wrapped in as many
 * arrays, each of its lines is indented as in the document, and the text between the wrappers is
 * its own. Made one by one, each text is flat (see renderStatusJson).
 */
function textAt(value: unknown, depth: typeof UPS_DEPTH | typeof FIELD_DEPTH): string {
  const { head, tail } = WRAPPINGS.get(depth) as { head: number; tail: number };
  const text = JSON.stringify(wrapped(value, depth), null, 2);
  return text.slice(head, text.length - tail);
}

/**
 * Where a UPS stands in the `hosts` field when each UPS is a `0`: a line of that `0` alone, at a
 * UPS's depth. No other line of the field can be one: a host's only array is `ups`.
 */
const UPS_PLACE = new RegExp(`(?<=\\n {${2 * UPS_DEPTH}})0(?=[,\\n])`);

/**
 * A UPS's fields that change from cycle to cycle while its others stay: each is a piece of its
 * own, between the kept text of the others. In this order in a UPS (snapshot/types.ts, then
 * statusDocument).
 */
const OWN_PIECES = ['lastSuccessAt', 'vars', 'availability', 'energy'] as const;
type Unit = ReturnType<typeof statusDocument>['hosts'][number]['ups'][number];
type OwnPiece = (typeof OWN_PIECES)[number];

/** The line a UPS's field stands on, up to its value. JSON strings hold no line break: no other text of a UPS can be one. */
const fieldLine = (field: OwnPiece) => `\n${' '.repeat(2 * FIELD_DEPTH)}"${field}": `;

/** A value as it was last stringified, encoded. */
interface Kept {
  value: unknown;
  text: Uint8Array;
}

/** Last cycle's pieces of a UPS: its text around OWN_PIECES and what it was made from, its availability and energy. */
interface KeptUps {
  frame: { source: object; parts: Uint8Array[] };
  availability: Kept;
  energy: Kept;
}

/** The text of a UPS but for OWN_PIECES, in parts: each ends where one of them begins. */
function frameOf(unit: Unit, before: KeptUps['frame'] | undefined): KeptUps['frame'] {
  const source = { ...unit, lastSuccessAt: 0, vars: 0, availability: 0, energy: 0 };
  if (before && sameData(before.source, source)) return before;
  const text = textAt(source, UPS_DEPTH);
  const parts: Uint8Array[] = [];
  let from = 0;
  for (const field of OWN_PIECES) {
    const place = `${fieldLine(field)}0`;
    const at = text.indexOf(place, from);
    if (at < 0) throw new Error(`status.json: a UPS without ${field}`);
    parts.push(utf8(text.slice(from, at + place.length - 1)));
    from = at + place.length;
  }
  parts.push(utf8(text.slice(from)));
  return { source, parts };
}

/** A UPS's field's value, encoded; last cycle's while the value is the same. */
function fieldText(value: unknown, before: Kept | undefined): Kept {
  return before && sameData(before.value, value) ? before : { value, text: utf8(textAt(value, FIELD_DEPTH)) };
}

/** What a status.json output keeps from one cycle to the next. */
interface StatusJsonCache {
  /** Each UPS's variables' text, with the very object they were made from. */
  vars: WeakMap<object, Uint8Array>;
  /** By UPS id, last cycle's; this cycle's go to a new map. */
  ups: Map<string, KeptUps>;
}

function upsPieces(unit: Unit, cache: StatusJsonCache, now: Map<string, KeptUps>): Piece[] {
  const before = cache.ups.get(unit.id);
  let vars = cache.vars.get(unit.vars);
  if (vars === undefined) cache.vars.set(unit.vars, (vars = utf8(textAt(unit.vars, FIELD_DEPTH))));
  const kept: KeptUps = {
    frame: frameOf(unit, before?.frame),
    availability: fieldText(unit.availability, before?.availability),
    energy: fieldText(unit.energy, before?.energy),
  };
  now.set(unit.id, kept);
  const [beforeTime, beforeVars, beforeAvailability, beforeEnergy, end] = kept.frame.parts as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array];
  return [beforeTime, JSON.stringify(unit.lastSuccessAt), beforeVars, vars, beforeAvailability, kept.availability.text, beforeEnergy, kept.energy.text, end];
}

/**
 * status.json's pieces: the top-level fields with each UPS a `0`, then each UPS in its place.
 * Stringified whole, the `hosts` field came back as one 1.2 MB tree of V8's string pieces (576
 * UPSes), which the writer then had to copy flat: 2 ms to make and 4.4 ms to flatten, against 3 ms
 * for the UPSes one by one, each flat (issue 11, Scale). And a UPS's text is made again only in the
 * part that changed: most of it (its state, flags, figures) stays for many cycles while the time of
 * its last reading moves each cycle; its variables, most of the file, are stringified again only
 * when the snapshot holds a new variables object (it keeps the very object while no value changes).
 */
function renderStatusJson(snapshot: Snapshot, history: HistoryView, cache: StatusJsonCache): Piece[] {
  const document = statusDocument(snapshot, history);
  const units = document.hosts.flatMap((host) => host.ups);
  const placed = { ...document, hosts: document.hosts.map((host) => ({ ...host, ups: host.ups.map(() => 0) })) };
  const now = new Map<string, KeptUps>();
  const pieces = jsonPieces(placed).flatMap((piece): Piece[] => {
    if (!piece.startsWith('\n  "hosts": ')) return [piece];
    const parts = piece.split(UPS_PLACE);
    if (parts.length !== units.length + 1) throw new Error(`status.json has ${parts.length - 1} places for ${units.length} UPSes`);
    return parts.flatMap((part, i) => {
      const unit = units[i - 1];
      return unit === undefined ? [part] : [...upsPieces(unit, cache, now), part];
    });
  });
  cache.ups = now;
  return pieces;
}

export function createStatusJsonOutput(): Output {
  const cache: StatusJsonCache = { vars: new WeakMap(), ups: new Map() };
  return {
    name: 'status.json',
    build: ({ snapshot, history }) => [{ name: 'status.json', content: renderStatusJson(snapshot, history, cache) }],
  };
}
