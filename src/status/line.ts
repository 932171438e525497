// Input and output voltages and frequencies as readings: what the UPS's own status says about its
// lines decides whether a 0 is a measurement or a driver that does not measure it.

import { decodeStatus, hasFlag } from './flags.ts';
import { parseNumber } from './number.ts';

type Vars = Readonly<Record<string, string>>;
export type Line = 'input' | 'output';
export type LineQuantity = 'voltage' | 'frequency';

/**
 * Whether the UPS says the line carries power: input while on mains (OL without OB; the DDL has
 * HP units sending `OL OB`), output while it feeds the load at all (OL or OB) and is not OFF.
 */
function isLive(line: Line, status: string | undefined): boolean {
  const flags = decodeStatus(status);
  if (line === 'input') return hasFlag(flags, 'OL') && !hasFlag(flags, 'OB');
  return hasFlag(flags, 'OL', 'OB') && !hasFlag(flags, 'OFF');
}

/**
 * `input.voltage`, `output.frequency` and the like, or null when it cannot be a measurement: an
 * RMS voltage or a frequency is never negative (DDL: -6437 V from newhidups on an APC Back-UPS
 * BR 800, -29733682 V from snmp-ups on a UPSonic IRT1000), and 0 on a line the status calls live
 * is a driver that does not measure it (DDL: input 0 V on Tripp Lite SMART1300LCDT `OL`, output
 * 0 V 0 Hz on an Eaton 9SX `OL BYPASS`). 0 stays a reading where it is true: the input on
 * battery, the output with the UPS off.
 */
export function lineReading(vars: Vars, line: Line, quantity: LineQuantity): number | null {
  const value = parseNumber(vars[`${line}.${quantity}`]);
  if (value === null || value < 0) return null;
  return value === 0 && isLive(line, vars['ups.status']) ? null : value;
}
