// Units for NUT variable names (reference §8) and values formatted with them. Names carry their
// meaning in dotted segments at any depth (`input.L1-N.voltage`, `ups.delay.shutdown`), so the
// unit comes from the segments, not from a fixed list of names.

import { parseNumber } from '../../status/number.ts';
import { boundedMemo } from '../../shared/bounded-memo.ts';
import { formatDuration, formatNumber } from '../../shared/format.ts';

export type Unit = 'V' | 'A' | 'Hz' | 'W' | 'VA' | '°C' | '%' | 's';

/** Matches `segment` as a whole dotted segment, at any depth; built once, tested without splitting. */
const segment = (...names: string[]) => new RegExp(`(^|\\.)(${names.join('|')})(\\.|$)`);

/** First match wins: `output.L1.power.percent` is %, `ups.realpower.nominal` is W, not VA. */
const RULES: readonly [RegExp, Unit][] = [
  [/(^|\.)(delay|timer)(\.|$)|^battery\.runtime/, 's'],
  [/\.(percent|efficiency|humidity)$|(^|\.)load(\.|$)/, '%'],
  [segment('charge'), '%'],
  [segment('realpower'), 'W'],
  [segment('power'), 'VA'],
  [/(^|\.)voltage(\.|$)|^input\.transfer\.(low|high|boost|trim)/, 'V'],
  [segment('current'), 'A'],
  [segment('frequency'), 'Hz'],
  [segment('temperature'), '°C'],
];

function unitOf(name: string): Unit | null {
  if (name.startsWith('driver.')) return null;
  for (const [pattern, unit] of RULES) if (pattern.test(name)) return unit;
  return null;
}

/**
 * Remembered by name: a card drawn again runs every variable of its UPS through the rules, and the
 * same names come back every cycle (1.7 ms a cycle at 576 UPSes whose history moved each cycle).
 */
export const unitFor = boundedMemo(unitOf, 10_000);

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
