// Input and output voltages, frequencies and currents as readings: what the UPS's own status says
// about its lines decides whether a 0 is a measurement or a driver that does not measure it, and its
// rating how much current it can carry.

import { decodeStatus, hasFlag } from './flags.ts';
import { parseNumber } from './number.ts';
import { nominalPower } from './power.ts';

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
 * A UPS's input and output are low-voltage lines, at most 1000 V AC (IEC 60038): a higher figure
 * is a driver's scale error (DDL: output 41216 V from usbhid-ups on an MGE Pulsar 1500, 3946 V on
 * an Eaton Powerware 5130, 1222 V on a Tripp Lite SMART1000LCD; input 2320 V from snmp-ups on a
 * Socomec NETYS RT, which means 232.0).
 */
export const MOST_LINE_VOLTS = 1000;

/**
 * A UPS takes mains only between about 40 and 70 Hz, and puts out 50 or 60 Hz: on a live line a
 * frequency outside is a scale error (DDL, all `OL`: 5990 Hz from usbhid-ups on Tripp Lite
 * SMART1300LCDT and SMART1500LCDT, 5 Hz from liebert-esp2 on Liebert GXT2s, 2000 Hz from mge-utalk
 * on an MGE Comet, 20 Hz from powerpanel on a CyberPower PR3000E). An input the UPS is not taking
 * (on battery) may truly read anything, a generator spinning up.
 */
export const LIVE_HERTZ = { least: 40, most: 70 } as const;

/**
 * `input.voltage`, `output.frequency` and the like, or null when it cannot be a measurement: an
 * RMS voltage or a frequency is never negative (DDL: -6437 V from newhidups on an APC Back-UPS
 * BR 800, -29733682 V from snmp-ups on a UPSonic IRT1000), and 0 on a line the status calls live
 * is a driver that does not measure it (DDL: input 0 V on Tripp Lite SMART1300LCDT `OL`, output
 * 0 V 0 Hz on an Eaton 9SX `OL BYPASS`). 0 stays a reading where it is true: the input on
 * battery, the output with the UPS off. Nor are voltages over MOST_LINE_VOLTS, or a live line's
 * frequency outside LIVE_HERTZ.
 */
export function lineReading(vars: Vars, line: Line, quantity: LineQuantity): number | null {
  const value = parseNumber(vars[`${line}.${quantity}`]);
  if (value === null || value < 0) return null;
  if (quantity === 'voltage' && value > MOST_LINE_VOLTS) return null;
  if (!isLive(line, vars['ups.status'])) return value;
  if (value === 0) return null;
  return quantity === 'frequency' && (value < LIVE_HERTZ.least || value > LIVE_HERTZ.most) ? null : value;
}

/**
 * Without a rating: the largest UPS systems (a 1.2 MVA module on a 400 V three-phase line) carry
 * about 1,700 A a phase, so a higher figure is a misreading (DDL: 2700 A from mge-utalk on an MGE
 * Comet S31, 835406.4 A from snmp-ups on a UPSonic IRT1000).
 */
export const MOST_LINE_AMPS = 2000;

/** The lowest mains voltage a UPS is made for: its whole rating on one line at it is its most current. */
const LOWEST_MAINS_VOLTS = 100;

/** How far past its rating a line's current can go: UPSes trip on overload well before twice. */
const OVERLOAD_FACTOR = 2;

/**
 * The UPS's rating in VA: `ups.power.nominal`, else twice its rating in watts (no UPS is rated at a
 * power factor under 0.5). null when it sends neither, or 0 for "not known".
 */
function ratedVoltAmperes(vars: Vars): number | null {
  const va = nominalPower(vars, 'VA');
  if (va !== null) return va.value;
  const watts = nominalPower(vars, 'W');
  return watts === null ? null : 2 * watts.value;
}

/** The most current a line of this UPS can carry (see MOST_LINE_AMPS and LOWEST_MAINS_VOLTS). */
function mostLineAmps(vars: Vars): number {
  const rating = ratedVoltAmperes(vars);
  return rating === null ? MOST_LINE_AMPS : Math.min(MOST_LINE_AMPS, (OVERLOAD_FACTOR * rating) / LOWEST_MAINS_VOLTS);
}

/**
 * `input.current` or `output.current`, or null when it cannot be a measurement: negative, or more
 * than the UPS can carry (mostLineAmps). The card showed 100 A on a Tripp Lite SMART1300LCDT
 * (usbhid-ups), a 1300 VA unit that carries at most 13 A at 100 V. 0 stays: a line with no load.
 */
export function lineCurrent(vars: Vars, line: Line): number | null {
  const value = parseNumber(vars[`${line}.current`]);
  return value === null || value < 0 || value > mostLineAmps(vars) ? null : value;
}
