// The figures on a UPS card, precomputed as label/value/note text. Missing values leave their
// fact out rather than showing an empty row.

import type { UpsMetrics } from '../../status/assess.ts';
import { lineCurrent, lineReading, type Line } from '../../status/line.ts';
import { temperatureReading } from '../../status/number.ts';
import { batteryVoltageReading, nominalBatteryVoltage } from '../../status/battery-voltage.ts';
import { nominalPower } from '../../status/power.ts';
import { formatDuration, formatNumber } from '../../shared/format.ts';
import { withUnit } from './units.ts';

export interface Fact {
  label: string;
  value: string;
  /** Small print under the value: "estimate", the transfer range, a doubt about the data. */
  note: string;
}

type Vars = Readonly<Record<string, string>>;

/** APC ships this battery.date as a placeholder (reference §8). */
const PLACEHOLDER_BATTERY_DATES = new Set(['2001/09/25', 'not set']);

const joined = (parts: (string | null)[]) => parts.filter((part): part is string => part !== null).join(' · ');
const text = (vars: Vars, name: string) => {
  const value = vars[name]?.trim();
  return value ? value : null;
};

export interface RuntimeView {
  label: string;
  value: string;
  note: string;
  /** On battery: the runtime is counting down now, so the card shows it in its severity colour. */
  live: boolean;
}

export function runtimeView(m: UpsMetrics, vars: Vars, onBattery: boolean): RuntimeView | null {
  if (m.runtimeSeconds === null) return null;
  const label = onBattery ? 'Time left' : 'Runtime';
  if (!m.runtimeReliable) {
    const note = `Unreliable: the driver reports ${vars['battery.runtime'] ?? ''} s, a value drivers are known to fake`;
    return { label, value: 'unknown', note, live: false };
  }
  const low = m.runtimeLowSeconds !== null ? `low mark ${formatDuration(m.runtimeLowSeconds)}` : '';
  return { label, value: formatDuration(m.runtimeSeconds), note: low, live: onBattery };
}

function powerFact(m: UpsMetrics, vars: Vars): Fact | null {
  if (m.powerWatts === null) return null;
  if (!m.powerEstimated) return { label: 'Power', value: formatPower(m.powerWatts, 'W'), note: 'measured' };
  // The same nominal the estimate was made from (assess.ts).
  const nominal = nominalPower(vars);
  return {
    label: 'Power',
    value: `≈ ${formatPower(m.powerWatts, 'W')}`,
    note: `estimate: ${formatNumber(m.load ?? 0)} % of ${nominal ? formatPower(nominal.value, nominal.unit) : 'its nominal power'}`,
  };
}

/** "108 W", "43.2 kW", "60 kVA": large UPSes read better in kilo. */
export function formatPower(value: number, unit: 'W' | 'VA'): string {
  return Math.abs(value) >= 10_000 ? `${formatNumber(value / 1000)} k${unit}` : `${formatNumber(value, 0)} ${unit}`;
}

function lineFact(label: string, vars: Vars, side: Line, note: string): Fact | null {
  const value = joined([
    withUnit(lineReading(vars, side, 'voltage'), 'V'),
    withUnit(lineReading(vars, side, 'frequency'), 'Hz'),
    withUnit(lineCurrent(vars, side), 'A'),
  ]);
  return value ? { label, value, note } : null;
}

function transferNote(m: UpsMetrics, vars: Vars): string {
  const range =
    m.inputTransferLow !== null && m.inputTransferHigh !== null
      ? `goes to battery below ${formatNumber(m.inputTransferLow)} V or above ${formatNumber(m.inputTransferHigh)} V`
      : '';
  const reason = text(vars, 'input.transfer.reason');
  return joined([range || null, reason ? `last transfer: ${reason}` : null]);
}

const TEMPERATURES = [
  ['UPS', 'ups.temperature'],
  ['battery', 'battery.temperature'],
  ['room', 'ambient.temperature'],
] as const;

function temperatureFact(vars: Vars): Fact | null {
  const value = joined(
    TEMPERATURES.map(([where, name]) => {
      const reading = withUnit(temperatureReading(vars, name), '°C');
      return reading && `${where} ${reading}`;
    }),
  );
  return value ? { label: 'Temperature', value, note: '' } : null;
}

function batteryFact(vars: Vars): Fact | null {
  const voltage = withUnit(batteryVoltageReading(vars), 'V');
  const nominal = withUnit(nominalBatteryVoltage(vars), 'V');
  // Without a reading the nominal still says what battery it is (a 12 V or a 24 V string).
  const volts = voltage ? `${voltage}${nominal ? ` of ${nominal}` : ''}` : nominal && `${nominal} nominal`;
  const value = joined([volts, text(vars, 'battery.type')]);
  return value ? { label: 'Battery', value, note: '' } : null;
}

function batteryDateFact(vars: Vars): Fact | null {
  const installed = text(vars, 'battery.date');
  const made = text(vars, 'battery.mfr.date');
  if (!installed && !made) return null;
  const placeholder = installed !== null && PLACEHOLDER_BATTERY_DATES.has(installed);
  return {
    label: 'Battery date',
    value: installed ? `installed ${installed}` : `made ${made}`,
    note: joined([placeholder ? 'looks like a factory default, never set' : null, installed && made ? `made ${made}` : null]),
  };
}

function selfTestFact(vars: Vars): Fact | null {
  const result = text(vars, 'ups.test.result');
  return result ? { label: 'Self-test', value: result, note: text(vars, 'ups.test.date') ?? '' } : null;
}

export function upsFacts(m: UpsMetrics, vars: Vars): Fact[] {
  return [
    powerFact(m, vars),
    lineFact('Input', vars, 'input', transferNote(m, vars)),
    lineFact('Output', vars, 'output', ''),
    temperatureFact(vars),
    batteryFact(vars),
    batteryDateFact(vars),
    selfTestFact(vars),
  ].filter((fact): fact is Fact => fact !== null);
}
