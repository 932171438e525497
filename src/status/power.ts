// The power the load draws, in watts: measured where the UPS measures it, else estimated from
// the load and a nominal power (reference §8).

import { parseNumber } from './number.ts';
import { phasesRealpower } from './phases.ts';

type Vars = Readonly<Record<string, string>>;

export interface NominalPower {
  value: number;
  unit: 'W' | 'VA';
}

/**
 * Where drivers put the real power delivered: `ups.realpower`, or `output.realpower` (nut-names:
 * the output's real power, summed over phases; snmp-ups on an Eaton 5PX, upscode2 on a Compaq
 * R3000, huawei-ups2000 in the DDL send only the latter); else the sum of the phases' (phases.ts).
 */
const MEASURED = ['ups.realpower', 'output.realpower'] as const;

/**
 * The measured watts, or null. 0 W while the UPS carries 1 % or more of its capacity is a driver
 * that does not measure it (DDL: usbhid-ups on a PowerWalker VI 650 SH, 0 W at 24 % load;
 * snmp-ups on a Grafenthal PR-3000-HS, 0 W at 9 %; on an Eaton BladeUPS, 0 W on each phase with
 * one at 18 %), not a load that draws nothing.
 */
export function measuredPower(vars: Vars, load: number | null): number | null {
  for (const watts of [...MEASURED.map((name) => parseNumber(vars[name])), phasesRealpower(vars)]) {
    if (watts === null || watts < 0) continue;
    if (watts === 0 && load !== null && load >= 1) continue;
    return watts;
  }
  return null;
}

/** Nominal powers to estimate from, real power first; 0 is "not known" (snmp-ups on a Grafenthal PR-3000-HS). */
const NOMINALS: readonly [string, NominalPower['unit']][] = [
  ['ups.realpower.nominal', 'W'],
  ['output.realpower.nominal', 'W'],
  ['ups.power.nominal', 'VA'],
];

/** The first nominal power the UPS sends, real power first; with `only`, the first in that unit. */
export function nominalPower(vars: Vars, only?: NominalPower['unit']): NominalPower | null {
  for (const [name, unit] of NOMINALS) {
    if (only !== undefined && unit !== only) continue;
    const value = parseNumber(vars[name]);
    if (value !== null && value > 0) return { value, unit };
  }
  return null;
}
