// Pure assessment of one UPS from its raw variables: numbers read carefully, the state in words,
// and a severity drawn from the status flags and from the UPS's own thresholds.

import { worst, type Severity } from './severity.ts';
import { decodeStatus, type StatusFlag } from './ups-status.ts';

export interface UpsMetrics {
  batteryCharge: number | null;
  batteryChargeLow: number | null;
  batteryChargeWarning: number | null;
  load: number | null;
  runtimeSeconds: number | null;
  /** False when the driver is known to fake the value (65535, or 0 while on mains). */
  runtimeReliable: boolean;
  runtimeLowSeconds: number | null;
  inputVoltage: number | null;
  inputTransferLow: number | null;
  inputTransferHigh: number | null;
  /** Measured ups.realpower, or load × nominal power when `powerEstimated`. */
  powerWatts: number | null;
  powerEstimated: boolean;
}

export interface Assessment {
  flags: StatusFlag[];
  /** One phrase for the whole state, e.g. "On battery, battery low". */
  state: string;
  severity: Severity;
  /** Why the severity is what it is, in words; empty when all is well. */
  reasons: string[];
  metrics: UpsMetrics;
}

/** Values are decimal strings that may carry leading zeros ("023.4"); anything else is not a number. */
export function parseNumber(value: string | undefined): number | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  return /^[-+]?(\d+\.?\d*|\.\d+)$/.test(trimmed) ? Number(trimmed) : null;
}

const FAKE_RUNTIME = 65535;

function readMetrics(vars: Record<string, string>, onMains: boolean): UpsMetrics {
  const num = (name: string) => parseNumber(vars[name]);
  const runtimeSeconds = num('battery.runtime');
  const load = num('ups.load');
  const measured = num('ups.realpower');
  const nominal = num('ups.realpower.nominal') ?? num('ups.power.nominal');
  const estimate = measured === null && load !== null && nominal !== null ? Math.round((load / 100) * nominal) : null;
  return {
    batteryCharge: num('battery.charge'),
    batteryChargeLow: num('battery.charge.low'),
    batteryChargeWarning: num('battery.charge.warning'),
    load,
    runtimeSeconds,
    runtimeReliable: runtimeSeconds !== null && runtimeSeconds !== FAKE_RUNTIME && !(runtimeSeconds <= 0 && onMains),
    runtimeLowSeconds: num('battery.runtime.low'),
    inputVoltage: num('input.voltage'),
    inputTransferLow: num('input.transfer.low'),
    inputTransferHigh: num('input.transfer.high'),
    powerWatts: measured ?? estimate,
    powerEstimated: measured === null && estimate !== null,
  };
}

function stateInWords(flags: readonly StatusFlag[]): string {
  const has = (token: string) => flags.some((flag) => flag.token.toUpperCase() === token);
  if (flags.length === 0) return 'Status unknown';
  if (has('FSD')) return 'Forced shutdown';
  if (has('OFF')) return 'Output off';
  if (has('OB') && has('LB')) return 'On battery, battery low';
  if (has('OB')) return 'On battery';
  if (has('BYPASS')) return 'On bypass';
  if (has('OL')) return 'On mains power';
  return (flags[0] as StatusFlag).label;
}

interface Finding {
  severity: Severity;
  reason: string;
}

function thresholdFindings(m: UpsMetrics, onBattery: boolean): Finding[] {
  const found: Finding[] = [];
  if (m.batteryCharge !== null) {
    if (m.batteryChargeLow !== null && m.batteryCharge <= m.batteryChargeLow) {
      found.push({ severity: 'critical', reason: `Battery charge ${m.batteryCharge} % is at or below the low mark (${m.batteryChargeLow} %)` });
    } else if (m.batteryChargeWarning !== null && m.batteryCharge <= m.batteryChargeWarning) {
      found.push({ severity: 'warning', reason: `Battery charge ${m.batteryCharge} % is at or below the warning mark (${m.batteryChargeWarning} %)` });
    }
  }
  if (m.runtimeReliable && m.runtimeSeconds !== null && m.runtimeLowSeconds !== null && m.runtimeSeconds <= m.runtimeLowSeconds) {
    found.push({ severity: 'critical', reason: `Runtime is at or below the low mark (${m.runtimeLowSeconds} s)` });
  }
  if (!onBattery && m.inputVoltage !== null) {
    if (m.inputTransferLow !== null && m.inputVoltage < m.inputTransferLow) {
      found.push({ severity: 'warning', reason: `Input voltage ${m.inputVoltage} V is below the transfer point (${m.inputTransferLow} V)` });
    } else if (m.inputTransferHigh !== null && m.inputVoltage > m.inputTransferHigh) {
      found.push({ severity: 'warning', reason: `Input voltage ${m.inputVoltage} V is above the transfer point (${m.inputTransferHigh} V)` });
    }
  }
  if (m.load !== null && m.load >= 100) found.push({ severity: 'critical', reason: `Load ${m.load} % is at or over capacity` });
  else if (m.load !== null && m.load >= 80) found.push({ severity: 'warning', reason: `Load ${m.load} % is high` });
  return found;
}

export function assessUps(vars: Record<string, string>): Assessment {
  const flags = decodeStatus(vars['ups.status']);
  const has = (token: string) => flags.some((flag) => flag.token.toUpperCase() === token);
  const onBattery = has('OB');
  const metrics = readMetrics(vars, has('OL') && !onBattery);
  const findings: Finding[] = flags
    .filter((flag) => flag.severity !== 'ok' && flag.severity !== 'info')
    .map((flag) => ({ severity: flag.severity, reason: flag.label }));
  if (flags.length === 0) findings.push({ severity: 'warning', reason: 'The UPS reports no status' });
  const alarm = vars['ups.alarm']?.trim();
  if (alarm) findings.push({ severity: 'warning', reason: `Alarm: ${alarm}` });
  findings.push(...thresholdFindings(metrics, onBattery));
  const severity = worst([...flags.map((flag) => flag.severity), ...findings.map((f) => f.severity)]);
  return { flags, state: stateInWords(flags), severity, reasons: findings.map((f) => f.reason), metrics };
}
