// The phases table of a three-phase UPS's card: each phase's figures (status/phases.ts), with units.

import { parseNumber } from '../../status/number.ts';
import { phaseFigure, phasesOf, type PhaseFigure } from '../../status/phases.ts';
import { withUnit, type Unit } from './units.ts';

export interface PhaseTable {
  columns: string[];
  rows: { phase: string; cells: string[] }[];
}

interface Column {
  title: string;
  unit: Unit;
  figure: PhaseFigure;
}

const COLUMNS: readonly Column[] = [
  { title: 'Input', unit: 'V', figure: 'input' },
  { title: 'Output', unit: 'V', figure: 'output' },
  { title: 'Current', unit: 'A', figure: 'current' },
  { title: 'Load', unit: '%', figure: 'load' },
  { title: 'Power', unit: 'W', figure: 'realpower' },
];

export function phaseTable(vars: Readonly<Record<string, string>>): PhaseTable | null {
  const phases = phasesOf(vars);
  const read = (column: Column, phase: string) => {
    const sent = phaseFigure(vars, column.figure, phase);
    return sent === undefined ? null : withUnit(parseNumber(sent), column.unit);
  };
  const used = COLUMNS.filter((column) => phases.some((phase) => read(column, phase) !== null));
  if (used.length === 0) return null;
  return {
    columns: used.map((column) => column.title),
    rows: phases.map((phase) => ({ phase, cells: used.map((column) => read(column, phase) ?? '—') })),
  };
}
