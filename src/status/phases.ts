// The per-phase variables of a three-phase UPS (reference §8): names such as `input.L1-N.voltage`,
// `output.L2.current` and `ups.L3.load`. One reading of them for the assessment (load, power) and
// the page's phases table.

import { loadReading, parseNumber } from './number.ts';

type Vars = Readonly<Record<string, string>>;

/** The names each per-phase figure has for phase `p`; the first present wins. */
export const PHASE_FIGURES = {
  input: (p: string) => [`input.${p}-N.voltage`, `input.${p}.voltage`],
  output: (p: string) => [`output.${p}-N.voltage`, `output.${p}.voltage`],
  current: (p: string) => [`output.${p}.current`],
  load: (p: string) => [`ups.${p}.load`, `output.${p}.power.percent`],
  realpower: (p: string) => [`output.${p}.realpower`],
} as const;

export type PhaseFigure = keyof typeof PHASE_FIGURES;

const PHASE_NAME = /^(?:input|output|ups)\.(L[1-9])(?:-N)?\./;

/** Phase `p`'s `figure` as sent; undefined when the UPS sends none of its names. */
export function phaseFigure(vars: Vars, figure: PhaseFigure, p: string): string | undefined {
  const name = PHASE_FIGURES[figure](p).find((candidate) => vars[candidate] !== undefined);
  return name === undefined ? undefined : vars[name];
}

/**
 * The phases the variables name (L1, L2, …), in order. None when they name fewer than two, or when
 * every per-phase figure is 0: a single-phase UPS whose driver fills the three-phase names anyway
 * (riello_usb on a Riello VSD3000 and riello_ser on a VST800 in the DDL: 0 A and 0 W on L1-L3
 * while the VSD3000 carries 10 %), not three phases that carry nothing.
 */
export function phasesOf(vars: Vars): string[] {
  const phases = [...new Set(Object.keys(vars).flatMap((name) => PHASE_NAME.exec(name)?.[1] ?? []))].sort();
  if (phases.length < 2) return [];
  const names = Object.values(PHASE_FIGURES).flatMap((names) => phases.flatMap(names));
  return names.every((name) => (parseNumber(vars[name]) ?? 0) === 0) ? [] : phases;
}

/**
 * How loaded a three-phase UPS that sends no ups.load is: its most loaded phase, the one that
 * overloads first (snmp-ups on an Eaton 9355 and 9395 in the DDL). null when no phase says.
 */
export function busiestPhaseLoad(vars: Vars): number | null {
  const loads = phasesOf(vars).map((p) => loadReading(parseNumber(phaseFigure(vars, 'load', p)))).filter((load) => load !== null);
  return loads.length > 0 ? Math.max(...loads) : null;
}

const THREE_PHASES = ['L1', 'L2', 'L3'] as const;

/**
 * A three-phase UPS may send its real power only per phase (snmp-ups on an Eaton 9355 and 9395 in
 * the DDL): their sum when all three have one, as output.realpower would be.
 */
export function phasesRealpower(vars: Vars): number | null {
  if (phasesOf(vars).length === 0) return null;
  let total = 0;
  for (const p of THREE_PHASES) {
    const watts = parseNumber(phaseFigure(vars, 'realpower', p));
    if (watts === null || watts < 0) return null;
    total += watts;
  }
  return total;
}
