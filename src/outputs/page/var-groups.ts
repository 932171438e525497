// "All variables": every variable upsd sent, grouped by its first name segment, with its unit
// and the description upsd gives for it (GET DESC).

import { boundedMemo } from '../../shared/bounded-memo.ts';
import { formatValue } from './units.ts';

export interface VarRow {
  name: string;
  value: string;
  description: string;
}

export interface VarGroup {
  title: string;
  rows: VarRow[];
}

const GROUPS = ['battery', 'input', 'output', 'ups', 'device', 'driver', 'ambient', 'outlet'] as const;
const TITLES: Record<(typeof GROUPS)[number] | 'other', string> = {
  battery: 'Battery',
  input: 'Input',
  output: 'Output',
  ups: 'UPS',
  device: 'Device',
  driver: 'Driver',
  ambient: 'Ambient',
  outlet: 'Outlets',
  other: 'Other',
};

const GROUP_NAMES: ReadonlySet<string> = new Set(GROUPS);

function groupOf(name: string): keyof typeof TITLES {
  const dot = name.indexOf('.');
  const head = dot === -1 ? name : name.slice(0, dot);
  return GROUP_NAMES.has(head) ? (head as (typeof GROUPS)[number]) : 'other';
}

const DIGIT_RUN = /\d+/g;

/**
 * Natural order, so `outlet.2` comes before `outlet.10`: digit runs are padded for a plain compare.
 * Remembered by name, as the names come back every cycle.
 */
const sortKey = boundedMemo((name: string): string => name.toLowerCase().replace(DIGIT_RUN, (digits) => digits.padStart(12, '0')), 10_000);

function naturalOrder(names: readonly string[]): string[] {
  const keyed = names.map((name) => ({ name, key: sortKey(name) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((entry) => entry.name);
}

/** The groups' titles and their variables' names in order, for one list of names. */
interface Layout {
  title: string;
  names: string[];
}

function layoutOf(names: readonly string[]): Layout[] {
  const buckets = new Map<keyof typeof TITLES, string[]>();
  for (const name of naturalOrder(names)) {
    const group = groupOf(name);
    const inGroup = buckets.get(group) ?? [];
    inGroup.push(name);
    buckets.set(group, inGroup);
  }
  return [...GROUPS, 'other' as const].flatMap((group) => {
    const inGroup = buckets.get(group);
    return inGroup ? [{ title: TITLES[group], names: inGroup }] : [];
  });
}

/**
 * Layouts by the list of names, which a UPS sends the same every cycle: when its readings move, its
 * card is drawn again each cycle, and sorting and grouping its names each time was most of making
 * its table (issue 11, Footprint). The names kept are the records' own property names, shared with
 * them. A name holds no line break (NUT's names are words), so the joined list is the key.
 *
 * A small site's few lists fit the bound. The 576 of the dumps library would hold about 0.5 MB of
 * keys and layouts, where the job's memory is at its target (issue 11, Scale): past the bound the
 * memo is emptied, and such a site sorts each card's names as it did before.
 */
const LAYOUTS_KEPT = 64;
const layoutFor = boundedMemo(layoutOf, LAYOUTS_KEPT, (names: readonly string[]) => names.join('\n'));

/** `unreliable` names values a driver is known to fake; they are marked as such. */
export function groupVars(
  vars: Readonly<Record<string, string>>,
  descriptions: Readonly<Record<string, string>>,
  unreliable: ReadonlySet<string> = new Set(),
): VarGroup[] {
  return layoutFor(Object.keys(vars)).map(({ title, names }) => ({
    title,
    rows: names.map((name) => {
      const value = formatValue(name, vars[name] as string);
      return { name, value: unreliable.has(name) ? `${value}, unreliable` : value, description: descriptions[name] ?? '' };
    }),
  }));
}
