// status.json: the snapshot, plus what the history says (recent events, availability, energy),
// documented in the README for other devices and scripts. Fields are only ever added: the
// schemaVersion stays 1.

import type { HistoryView } from '../history/view.ts';
import { upsKey } from '../snapshot/events.ts';
import type { Snapshot } from '../snapshot/types.ts';
import type { Piece } from '../publish/atomic-write.ts';
import type { Output } from './types.ts';
import { utf8 } from '../shared/utf8.ts';

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

/** A host stands in the document as an array item 2 deep: `{ "hosts": [`. */
const HOST_DEPTH = 2;
/** A UPS of `hosts` stands in the document as an array item 4 deep: `{ "hosts": [ { "ups": [`. */
const UPS_DEPTH = HOST_DEPTH + 2;

/** A new line indented as JSON.stringify(document, null, 2) indents a value `depth` deep. */
const lineAt = (depth: number) => `\n${' '.repeat(2 * depth)}`;
/** The line of a field of an object that stands `depth - 1` deep, up to its value. */
const fieldLine = (depth: number, name: string) => `${lineAt(depth)}"${name}": `;

const wrapped = (value: unknown, depth: number): unknown => (depth === 0 ? value : [wrapped(value, depth - 1)]);

/**
 * A value's text as JSON.stringify(document, null, 2) gives it `depth` deep: wrapped in as many
 * arrays, each of its lines is indented as in the document, and the text between the wrappers is
 * its own. Made one by one, each text is flat (see renderStatusJson).
 */
function textAt(depth: number): (value: unknown) => string {
  const probe = JSON.stringify(wrapped(0, depth), null, 2);
  const head = probe.lastIndexOf('0');
  const tail = probe.length - head - 1;
  return (value) => {
    const text = JSON.stringify(wrapped(value, depth), null, 2);
    return text.slice(head, text.length - tail);
  };
}

const upsText = textAt(UPS_DEPTH);
/** A host's variable descriptions as they stand in the document, a field of the host. */
const descriptionsJson = textAt(HOST_DEPTH + 1);

/** The line a host's descriptions stand on; `1` holds their place while the rest is stringified. */
const DESCRIPTIONS_LINE = fieldLine(HOST_DEPTH + 1, 'descriptions');

/** A host's text as it stands in the document, an item of `hosts`. */
const hostText = textAt(HOST_DEPTH);

/** The line of a host's UPSes, its last field; an empty array holds their place while the rest is stringified. */
const UPS_LINE = fieldLine(HOST_DEPTH + 1, 'ups');

/** The line of the document's `hosts`; a `0` holds their place while the rest is stringified. */
const HOSTS_LINE = fieldLine(1, 'hosts');
const HOSTS_PLACE = `${HOSTS_LINE}0`;

/**
 * The text before an array's first item, between its items and after the last, `depth` deep, as
 * JSON.stringify(document, null, 2) puts it. Encoded once: a string made and encoded per item was
 * most of the writer's small writes at 576 UPSes.
 */
interface ArrayMarks {
  first: Piece;
  next: Piece;
  end: Piece;
}

const arrayMarks = (depth: number): ArrayMarks => ({ first: utf8(`[${lineAt(depth)}`), next: utf8(`,${lineAt(depth)}`), end: utf8(`${lineAt(depth - 1)}]`) });
const HOST_MARKS = arrayMarks(HOST_DEPTH);
const UPS_MARKS = arrayMarks(UPS_DEPTH);

/**
 * Adds an array to `pieces`: its marks, and each item's pieces as `pushItem` adds them. The
 * pieces go straight into the file's one list, with indexed loops: npm start runs without V8's
 * optimising compiler, where an array per item, copied into its host's and then into the file's,
 * and a result object per step of every for-of, were nearly half of what status.json allocated at
 * 576 UPSes (8.5 MB a cycle, 4.5 MB since).
 */
function pushArray<T>(pieces: Piece[], items: readonly T[], marks: ArrayMarks, pushItem: (item: T) => void): void {
  if (items.length === 0) {
    pieces.push('[]');
    return;
  }
  for (let i = 0; i < items.length; i++) {
    pieces.push(i === 0 ? marks.first : marks.next);
    pushItem(items[i] as T);
  }
  pieces.push(marks.end);
}

/**
 * A UPS's fields stringified apart, in their order in the UPS, and kept with the object they were
 * made from: the snapshot keeps a UPS's variables, and the flags, reasons and metrics made from
 * them, while no value changes (the flags of one status text are one object for every UPS). The
 * energy is put in its place in pieces of its own (energyPieces), its days kept one by one.
 */
const KEPT_UPS_FIELDS = ['vars', 'flags', 'reasons', 'metrics', 'energy'] as const;
type KeptUpsField = (typeof KEPT_UPS_FIELDS)[number];

/** The line each kept field stands on (encoded), in order; `0` holds its place while the rest of the UPS is stringified. */
const FIELD_LINES = KEPT_UPS_FIELDS.map((field) => {
  // A UPS's fields stand one deeper than the UPS: `{ "hosts": [ { "ups": [ { "vars"`.
  const line = fieldLine(UPS_DEPTH + 1, field);
  return { field, line: utf8(line), place: `${line}0` };
});
const PLACEHOLDERS = Object.fromEntries(KEPT_UPS_FIELDS.map((field) => [field, 0])) as Record<KeptUpsField, 0>;

/** A field of a UPS as it stands in the document, a field of the UPS. */
const upsFieldJson = textAt(UPS_DEPTH + 1);

/** A UPS's energy as statusDocument puts it: its days newest first, and its months. */
interface EnergyField {
  days: readonly unknown[];
  months: unknown;
}

/** The energy object stands as a field of the UPS; its days one deeper than its own fields. */
const ENERGY_DEPTH = UPS_DEPTH + 1;
// The energy's own lines, the same for every UPS: encoded once, as the arrays' marks are.
const DAYS_LINE = utf8(`{${fieldLine(ENERGY_DEPTH + 1, 'days')}`);
const MONTHS_LINE = utf8(`,${fieldLine(ENERGY_DEPTH + 1, 'months')}`);
const DAYS_END = utf8(`${lineAt(ENERGY_DEPTH + 1)}]`);
const ENERGY_END = utf8(`${lineAt(ENERGY_DEPTH)}}`);
const monthsJson = textAt(ENERGY_DEPTH + 1);
const dayJson = textAt(ENERGY_DEPTH + 2);
const DAY_START = lineAt(ENERGY_DEPTH + 2);
/** A day of the list on its own line, as the list indents it. */
const dayLine = (day: unknown) => `${DAY_START}${dayJson(day)}`;

/** Texts kept encoded (atomic-write.ts) with the very object they were made from; the snapshot keeps that object while nothing in it changes. */
interface KeptTexts {
  upsField(value: object): Piece;
  descriptions(descriptions: Readonly<Record<string, string>>): Piece;
  /** A day of energy on its line, kept with the day's object. */
  day(day: unknown): Piece;
  /** The days after the first, each after a comma on its line, kept while they are the same objects. */
  laterDays(days: readonly unknown[]): Piece;
  months(months: unknown): Piece;
}

/**
 * Adds a UPS's energy. Its 30 days were most of each UPS's text in the file, and all but today
 * are closed: history/energy.ts keeps their objects, and the list changes at its head, where today
 * is, as the kWh of today grows. Only today is stringified again then.
 */
function pushEnergy(pieces: Piece[], energy: EnergyField, kept: KeptTexts): void {
  pieces.push(DAYS_LINE);
  if (energy.days.length === 0) pieces.push('[]');
  else pieces.push('[', kept.day(energy.days[0]), kept.laterDays(energy.days), DAYS_END);
  pieces.push(MONTHS_LINE, kept.months(energy.months), ENERGY_END);
}

/**
 * Adds a UPS's text: stringified with its kept fields as `0`, each then put in its place. JSON
 * strings hold no line break, so a placeholder line, at the depth of the UPS's own fields and with
 * the field's name, can be no other text; each is looked for after the one before.
 */
function pushUps(pieces: Piece[], ups: Record<Exclude<KeptUpsField, 'energy'>, object | null> & { energy: EnergyField | null }, kept: KeptTexts): void {
  const text = upsText({ ...ups, ...PLACEHOLDERS });
  let from = 0;
  for (let i = 0; i < FIELD_LINES.length; i++) {
    const { field, line, place } = FIELD_LINES[i] as (typeof FIELD_LINES)[number];
    const at = text.indexOf(place, from);
    pieces.push(text.slice(from, at), line);
    const value = ups[field];
    // A UPS without data has no metrics, one that is well no reasons: nothing worth keeping.
    if (value === null) pieces.push('null');
    else if (Array.isArray(value) && value.length === 0) pieces.push('[]');
    else if (field === 'energy') pushEnergy(pieces, value as EnergyField, kept);
    else pieces.push(kept.upsField(value));
    from = at + place.length;
  }
  pieces.push(text.slice(from));
}

/**
 * status.json's pieces: the top-level fields with `hosts` a `0`, then in its place each host's
 * pieces, its UPSes one by one, a UPS's kept fields as their own pieces between. Stringified whole,
 * the `hosts` field came back as one 1.2 MB tree of V8's string pieces (576 UPSes), which the
 * writer then had to copy flat: 2 ms to make and 4.4 ms to flatten, against 3 ms for the UPSes one
 * by one, each flat (issue 11, Scale). The arrays of hosts and UPSes are put together here, as
 * JSON.stringify lays them out: stringified with a placeholder per UPS and split on those, the
 * split's pattern went over the whole field, 5.5 ms a cycle for 576 UPSes. The variables are most
 * of the file, and a host's descriptions (a line for each variable name) most of a small site's:
 * they are stringified again only when the snapshot holds a new object for them.
 */
function renderStatusJson(snapshot: Snapshot, history: HistoryView, kept: KeptTexts): Piece[] {
  const document = statusDocument(snapshot, history);
  const top = jsonPieces({ ...document, hosts: 0 });
  const pieces: Piece[] = [];
  for (let i = 0; i < top.length; i++) {
    const piece = top[i] as string;
    if (piece !== HOSTS_PLACE) pieces.push(piece);
    else {
      pieces.push(HOSTS_LINE);
      pushArray(pieces, document.hosts, HOST_MARKS, (host) => pushHost(pieces, host, kept));
    }
  }
  return pieces;
}

/**
 * Adds a host: its own fields stringified with its descriptions a `1` and no UPSes, then its kept
 * descriptions and the array of its UPSes each put in its place. Lines at a host's field depth are
 * its own fields (JSON strings hold no line break): the descriptions' line comes once, and the
 * `ups` line last.
 */
function pushHost(pieces: Piece[], host: ReturnType<typeof statusDocument>['hosts'][number], kept: KeptTexts): void {
  const text = hostText({ ...host, descriptions: 1, ups: [] });
  const described = text.indexOf(`${DESCRIPTIONS_LINE}1`) + DESCRIPTIONS_LINE.length;
  const listed = text.lastIndexOf(`${UPS_LINE}[]`) + UPS_LINE.length;
  pieces.push(text.slice(0, described), kept.descriptions(host.descriptions), text.slice(described + '1'.length, listed));
  pushArray(pieces, host.ups, UPS_MARKS, (ups) => pushUps(pieces, ups, kept));
  pieces.push(text.slice(listed + '[]'.length));
}

/** Each object's text, made once and kept encoded while the object lives. */
function keptBy<T extends object>(json: (value: T) => string): (value: T) => Piece {
  const known = new WeakMap<T, Uint8Array>();
  return (value) => {
    let text = known.get(value);
    if (text === undefined) known.set(value, (text = utf8(json(value))));
    return text;
  };
}

/** keptBy for values that may be numbers, strings or null (any JSON), which are made each time. */
function keptIfObject(json: (value: unknown) => string): (value: unknown) => Piece {
  const keep = keptBy<object>(json);
  return (value) => (typeof value === 'object' && value !== null ? keep(value) : json(value));
}

/** The days after the first, kept by the second's object and checked item by item: a few comparisons against 29 days stringified. */
function laterDaysKept(): (days: readonly unknown[]) => Piece {
  const known = new WeakMap<object, { days: readonly unknown[]; text: Uint8Array }>();
  const make = (days: readonly unknown[]) => utf8(days.map((each) => `,${dayLine(each)}`).join(''));
  return (days) => {
    const second = days[1];
    if (typeof second !== 'object' || second === null) return make(days.slice(1));
    // Compared in place: a copy of the list per UPS each cycle is the garbage this saves.
    const found = known.get(second);
    if (found && found.days.length === days.length - 1 && found.days.every((each, i) => each === days[i + 1])) return found.text;
    const later = days.slice(1);
    const text = make(later);
    known.set(second, { days: later, text });
    return text;
  };
}

/** The file's name in the output folder: a start reads it back for the last good values (app/read-previous.ts). */
export const STATUS_FILE = 'status.json';

export function createStatusJsonOutput(): Output {
  const kept: KeptTexts = {
    upsField: keptBy(upsFieldJson),
    descriptions: keptBy(descriptionsJson),
    day: keptIfObject(dayLine),
    laterDays: laterDaysKept(),
    months: keptIfObject(monthsJson),
  };
  return {
    name: STATUS_FILE,
    build: ({ snapshot, history }) => [{ name: STATUS_FILE, content: renderStatusJson(snapshot, history, kept), readBack: true }],
  };
}
