// Per-phase figures for three-phase UPSes: names such as `input.L1-N.voltage`,
// `output.L2.current` and `ups.L3.load` (reference §8).

import { parseNumber } from '../../status/number.ts';
import { withUnit, type Unit } from './units.ts';

export interface PhaseTable {
  columns: string[];
  rows: { phase: string; cells: string[] }[];
}

interface Column {
  title: string;
  unit: Unit;
  /** Candidate names for phase `L`, first present wins. */
  names(phase: string): string[];
}

const COLUMNS: readonly Column[] = [
  { title: 'Input', unit: 'V', names: (p) => [`input.${p}-N.voltage`, `input.${p}.voltage`] },
  { title: 'Output', unit: 'V', names: (p) => [`output.${p}-N.voltage`, `output.${p}.voltage`] },
  { title: 'Current', unit: 'A', names: (p) => [`output.${p}.current`] },
  { title: 'Load', unit: '%', names: (p) => [`ups.${p}.load`, `output.${p}.power.percent`] },
  { title: 'Power', unit: 'W', names: (p) => [`output.${p}.realpower`] },
];

const PHASE_NAME = /^(?:input|output|ups)\.(L[1-9])(?:-N)?\./;

/**
 * Whether every per-phase figure is 0: a single-phase UPS whose driver fills the three-phase names
 * anyway (riello_usb on a Riello VSD3000 and riello_ser on a VST800 in the DDL: 0 A and 0 W on
 * L1-L3 while the VSD3000 carries 10 %), not three phases that carry nothing.
 */
function allZero(vars: Readonly<Record<string, string>>, phases: readonly string[]): boolean {
  const names = COLUMNS.flatMap((column) => phases.flatMap((phase) => column.names(phase)));
  return names.every((name) => (parseNumber(vars[name]) ?? 0) === 0);
}

export function phaseTable(vars: Readonly<Record<string, string>>): PhaseTable | null {
  const phases = [...new Set(Object.keys(vars).flatMap((name) => PHASE_NAME.exec(name)?.[1] ?? []))].sort();
  if (phases.length < 2) return null;
  const read = (column: Column, phase: string) => {
    const name = column.names(phase).find((candidate) => vars[candidate] !== undefined);
    return name === undefined ? null : withUnit(parseNumber(vars[name]), column.unit);
  };
  const used = COLUMNS.filter((column) => phases.some((phase) => read(column, phase) !== null));
  if (used.length === 0 || allZero(vars, phases)) return null;
  return {
    columns: used.map((column) => column.title),
    rows: phases.map((phase) => ({ phase, cells: used.map((column) => read(column, phase) ?? '—') })),
  };
}
