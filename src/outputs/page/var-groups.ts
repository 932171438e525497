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

/** `unreliable` names values a driver is known to fake; they are marked as such. */
export function groupVars(
  vars: Readonly<Record<string, string>>,
  descriptions: Readonly<Record<string, string>>,
  unreliable: ReadonlySet<string> = new Set(),
): VarGroup[] {
  const buckets = new Map<keyof typeof TITLES, VarRow[]>();
  for (const name of naturalOrder(Object.keys(vars))) {
    const group = groupOf(name);
    const rows = buckets.get(group) ?? [];
    const value = formatValue(name, vars[name] as string);
    rows.push({ name, value: unreliable.has(name) ? `${value}, unreliable` : value, description: descriptions[name] ?? '' });
    buckets.set(group, rows);
  }
  return [...GROUPS, 'other' as const].flatMap((group) => {
    const rows = buckets.get(group);
    return rows ? [{ title: TITLES[group], rows }] : [];
  });
}
