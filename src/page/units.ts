// Units for NUT variable names (reference §8) and values formatted with them. Names carry their
// meaning in dotted segments at any depth (`input.L1-N.voltage`, `ups.delay.shutdown`), so the
// unit comes from the segments, not from a fixed list of names.

import { parseNumber } from '../assess.ts';
import { formatDuration, formatNumber } from '../format.ts';

export type Unit = 'V' | 'A' | 'Hz' | 'W' | 'VA' | '°C' | '%' | 's';

const hasSegment = (name: string, segment: string) => name.split('.').includes(segment);

/** First match wins: `output.L1.power.percent` is %, `ups.realpower.nominal` is W, not VA. */
const RULES: readonly [(name: string) => boolean, Unit][] = [
  [(name) => hasSegment(name, 'delay') || hasSegment(name, 'timer') || name.startsWith('battery.runtime'), 's'],
  [(name) => /\.(percent|efficiency|humidity)$/.test(name) || hasSegment(name, 'load'), '%'],
  [(name) => hasSegment(name, 'charge') && !name.startsWith('driver.'), '%'],
  [(name) => hasSegment(name, 'realpower'), 'W'],
  [(name) => hasSegment(name, 'power'), 'VA'],
  [(name) => hasSegment(name, 'voltage') || /^input\.transfer\.(low|high|boost|trim)/.test(name), 'V'],
  [(name) => hasSegment(name, 'current'), 'A'],
  [(name) => hasSegment(name, 'frequency'), 'Hz'],
  [(name) => hasSegment(name, 'temperature'), '°C'],
];

export function unitFor(name: string): Unit | null {
  if (name.startsWith('driver.')) return null;
  return RULES.find(([matches]) => matches(name))?.[1] ?? null;
}

/**
 * The value exactly as upsd sent it, with its unit when it is a number: "230.00 V",
 * "01406 s (23 min)". The raw digits stay, as the all-variables table is where to check them.
 */
export function formatValue(name: string, raw: string): string {
  const unit = unitFor(name);
  const value = parseNumber(raw);
  if (unit === null || value === null) return raw;
  const text = `${raw.trim()} ${unit}`;
  return unit === 's' && value >= 60 ? `${text} (${formatDuration(value)})` : text;
}

export function withUnit(value: number | null, unit: Unit, digits = 1): string | null {
  return value === null ? null : `${formatNumber(value, digits)} ${unit}`;
}
