// The battery's voltage as a reading: what the UPS says of its charge and its status decides
// whether a 0 is a measurement or a driver that does not measure it.

import { decodeStatus, isOnBattery } from './flags.ts';
import { parseNumber, percentOfFull } from './number.ts';

type Vars = Readonly<Record<string, string>>;

/**
 * A UPS battery is a low-voltage DC source, at most 1500 V (IEC 60038); the strings in the NUT
 * DDL reach 829 V. A higher figure is a misreading (10000000 V from usbhid-ups on a Liebert GXT3).
 */
export const MOST_BATTERY_VOLTS = 1500;

const inRange = (value: number | null) => (value !== null && value >= 0 && value <= MOST_BATTERY_VOLTS ? value : null);

/**
 * `battery.voltage`, or null when it cannot be a measurement: negative, over MOST_BATTERY_VOLTS,
 * or 0 from a battery that holds charge or feeds the load. The card showed "0 V of 24 V" on
 * Tripp Lite SMART and OMNI units at 100 % on mains (newhidups, usbhid-ups), as if the battery
 * were dead, and "0 V" on a Mini-Box OPEN-UPS running on it at 47 %. A 0 with no charge (or none
 * reported) on mains stays: a battery can truly be flat or missing.
 */
export function batteryVoltageReading(vars: Vars): number | null {
  const value = inRange(parseNumber(vars['battery.voltage']));
  if (value !== 0) return value;
  const charge = percentOfFull(parseNumber(vars['battery.charge']));
  return (charge !== null && charge > 0) || isOnBattery(decodeStatus(vars['ups.status'])) ? null : 0;
}

/**
 * `battery.voltage.nominal`; null when absent or not a battery's: drivers send 0 for "not known"
 * (usbhid-ups on a Liebert GXT3), snmp-ups -1 (APC Smart-UPS 1000 in the DDL).
 */
export function nominalBatteryVoltage(vars: Vars): number | null {
  const value = inRange(parseNumber(vars['battery.voltage.nominal']));
  return value === 0 ? null : value;
}
