// Which NUT variables become which metric: base units in the names (Prometheus naming
// conventions), percentages as 0-1 ratios. Names follow NUT's docs/nut-names.txt.

import type { UpsSnapshot } from '../../snapshot/types.ts';
import { LIVE_HERTZ, MOST_LINE_AMPS, MOST_LINE_VOLTS, lineCurrent, lineReading, type Line, type LineQuantity } from '../../status/line.ts';
import { MOST_BATTERY_VOLTS, batteryVoltageReading, nominalBatteryVoltage } from '../../status/battery-voltage.ts';
import { COLDEST_ON_EARTH, HOTTEST_UPS, parseNumber, temperatureReading } from '../../status/number.ts';

export interface Measurement {
  /** Metric name without the `upsview_ups_` prefix. */
  name: string;
  help: string;
  read(ups: UpsSnapshot): number | null;
}

const percent = (value: number | null) => (value === null ? null : value / 100);
const variable = (name: string) => (ups: UpsSnapshot) => parseNumber(ups.vars[name]);

/** The bound of each line quantity past which it is no reading, in the words of the help texts. */
const LINE_BOUND: Readonly<Record<LineQuantity, string>> = {
  voltage: `over ${MOST_LINE_VOLTS} V`,
  frequency: `outside ${LIVE_HERTZ.least}-${LIVE_HERTZ.most} Hz on a live line`,
};

/** A line's voltage or frequency as the page shows it: a figure that cannot be a measurement is none (status/line.ts). */
const line = (side: Line, quantity: LineQuantity, name: string, help: string): Measurement => ({
  name,
  help: `${help} (${side}.${quantity}); left out when the driver cannot have measured it (0 on a live line, negative, ${LINE_BOUND[quantity]})`,
  read: (ups) => lineReading(ups.vars, side, quantity),
});
/** A line's current as the page shows it: none past what the UPS can carry (status/line.ts). */
const current = (side: Line, name: string, help: string): Measurement => ({
  name,
  help: `${help} (${side}.current); left out when negative or over what the UPS can carry (twice its rating at 100 V, at most ${MOST_LINE_AMPS} A)`,
  read: (ups) => lineCurrent(ups.vars, side),
});
const temperature = (variableName: string, name: string, help: string): Measurement => ({
  name,
  help: `${help} (${variableName}); left out below ${COLDEST_ON_EARTH} or from ${HOTTEST_UPS}, a misreading`,
  read: (ups) => temperatureReading(ups.vars, variableName),
});

function table(rows: [string, string, string][]): Measurement[] {
  return rows.map(([variableName, name, help]) => ({ name, help: `${help} (${variableName})`, read: variable(variableName) }));
}

export const MEASUREMENTS: readonly Measurement[] = [
  { name: 'battery_charge_ratio', help: 'Battery charge, 0-1 (battery.charge percent / 100)', read: (ups) => percent(ups.metrics?.batteryCharge ?? null) },
  { name: 'battery_charge_low_ratio', help: 'Battery charge the UPS calls low, 0-1 (battery.charge.low / 100)', read: (ups) => percent(ups.metrics?.batteryChargeLow ?? null) },
  { name: 'battery_charge_warning_ratio', help: 'Battery charge warning mark, 0-1 (battery.charge.warning / 100)', read: (ups) => percent(ups.metrics?.batteryChargeWarning ?? null) },
  {
    name: 'battery_runtime_seconds',
    help: 'Battery runtime left (battery.runtime); left out when the driver fakes it (65535, or 0 on mains)',
    read: (ups) => (ups.metrics?.runtimeReliable ? ups.metrics.runtimeSeconds : null),
  },
  { name: 'load_ratio', help: 'Load, 0-1 of capacity (ups.load percent / 100, else the most loaded phase)', read: (ups) => percent(ups.metrics?.load ?? null) },
  // A transfer point of 0 means "not known" for some drivers: assess.ts drops it.
  { name: 'input_transfer_low_volts', help: 'Input voltage below which the UPS goes on battery (input.transfer.low)', read: (ups) => ups.metrics?.inputTransferLow ?? null },
  { name: 'input_transfer_high_volts', help: 'Input voltage above which the UPS goes on battery (input.transfer.high)', read: (ups) => ups.metrics?.inputTransferHigh ?? null },
  ...table([
    ['battery.runtime.low', 'battery_runtime_low_seconds', 'Runtime the UPS calls low'],
    ['input.voltage.nominal', 'input_voltage_nominal_volts', 'Nominal input voltage'],
  ]),
  current('input', 'input_current_amperes', 'Input current'),
  ...table([['output.voltage.nominal', 'output_voltage_nominal_volts', 'Nominal output voltage']]),
  current('output', 'output_current_amperes', 'Output current'),
  ...table([
    ['ups.realpower.nominal', 'realpower_nominal_watts', 'Nominal real power'],
    ['ups.power', 'apparent_power_voltamperes', 'Apparent power drawn by the load'],
    ['ups.power.nominal', 'apparent_power_nominal_voltamperes', 'Nominal apparent power'],
  ]),
  {
    name: 'battery_voltage_volts',
    help: `Battery voltage (battery.voltage); left out when the driver cannot have measured it (negative, over ${MOST_BATTERY_VOLTS} V, 0 from a charged battery or one on battery)`,
    read: (ups) => batteryVoltageReading(ups.vars),
  },
  {
    name: 'battery_voltage_nominal_volts',
    help: `Nominal battery voltage (battery.voltage.nominal); left out when 0, negative or over ${MOST_BATTERY_VOLTS} V`,
    read: (ups) => nominalBatteryVoltage(ups.vars),
  },
  temperature('battery.temperature', 'battery_temperature_celsius', 'Battery temperature'),
  temperature('ups.temperature', 'temperature_celsius', 'UPS temperature'),
  line('input', 'voltage', 'input_voltage_volts', 'Input voltage'),
  line('input', 'frequency', 'input_frequency_hertz', 'Input frequency'),
  line('output', 'voltage', 'output_voltage_volts', 'Output voltage'),
  line('output', 'frequency', 'output_frequency_hertz', 'Output frequency'),
  {
    name: 'realpower_watts',
    help: 'Real power drawn by the load, as measured (ups.realpower, else output.realpower, else the sum of output.L1-L3.realpower); 0 W at a load of 1 % or more is no measurement',
    // The assessment's own reading (status/power.ts), not read again from the variables.
    read: (ups) => (ups.metrics && !ups.metrics.powerEstimated ? ups.metrics.powerWatts : null),
  },
];
