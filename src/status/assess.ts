// Pure assessment of one UPS from its raw variables: numbers read carefully, the state in words,
// and a severity drawn from the status flags and from the UPS's own thresholds.

import { formatDuration, formatNumber } from '../shared/format.ts';
import { alarmText } from './alarm.ts';
import { lineReading } from './line.ts';
import { loadReading, parseNumber, percentOfFull } from './number.ts';
import { busiestPhaseLoad } from './phases.ts';
import { measuredPower, nominalPower } from './power.ts';
import { isAlarming, worst, worstFirst, type Severity } from './severity.ts';
import { decodeStatus, describeStatus, hasFlag, isBatteryCritical, type StatusFlag } from './flags.ts';

export interface UpsMetrics {
  batteryCharge: number | null;
  batteryChargeLow: number | null;
  batteryChargeWarning: number | null;
  /** Percent of capacity: ups.load, else a three-phase UPS's most loaded phase (phases.ts). */
  load: number | null;
  runtimeSeconds: number | null;
  /** False when the driver is known to fake the value (65535, or 0 while on mains). */
  runtimeReliable: boolean;
  runtimeLowSeconds: number | null;
  inputVoltage: number | null;
  inputTransferLow: number | null;
  inputTransferHigh: number | null;
  /** Measured (ups.realpower, else output.realpower: status/power.ts), or load × nominal power when `powerEstimated`. */
  powerWatts: number | null;
  powerEstimated: boolean;
}

export interface Assessment {
  flags: readonly StatusFlag[];
  /** One phrase for the whole state, e.g. "On battery, battery low". */
  state: string;
  severity: Severity;
  /** Why the severity is what it is, in words; empty when all is well. */
  reasons: string[];
  metrics: UpsMetrics;
}

/**
 * Runtimes drivers send when they have none: 65535 s, and 65535 min in seconds (usbhid-ups on
 * Mini-Box OpenUPS and riello_usb on a Riello iDialog in the DDL: "45 d 12 h" left on mains).
 */
const FAKE_RUNTIMES: readonly number[] = [65535, 65535 * 60];
const positive = (value: number | null) => (value !== null && value > 0 ? value : null);
/**
 * How far past its own transfer point a UPS on mains may read its input and still be taken at its
 * word. Past the point it goes to battery within milliseconds, so on mains a poll can only catch
 * it a little past (its readings taken a moment apart, its hysteresis): a tenth allows for that.
 * Further past and still on mains, the voltage and the points are not figures of the same thing,
 * and the warning was false (DDL, all `OL`: an APC Silcon's 227 V phase voltage against 340 and
 * 460 V points between phases; a CyberPower PR3000E on powerpanel at 176 V against a 120 V model's
 * 88 and 147 V; a PowerWalker Basic VI 1000 SB at 1.2 V against 16 and 29 V, all three sent as
 * differences from its 230 V nominal).
 */
const BEYOND_TRANSFER = 0.1;
/** Load marks from the issue: 80 % deserves a look, 100 % is overload. */
export const LOAD_WARNING = 80;
export const LOAD_CRITICAL = 100;

function readMetrics(vars: Record<string, string>, onMains: boolean): UpsMetrics {
  const num = (name: string) => parseNumber(vars[name]);
  const runtimeSeconds = num('battery.runtime');
  const whole = loadReading(num('ups.load'));
  const load = whole ?? busiestPhaseLoad(vars);
  const measured = measuredPower(vars, load);
  const nominal = nominalPower(vars);
  // From the whole UPS's load only: its most loaded phase is not the share of its nominal power it draws.
  const estimate = measured === null && whole !== null && nominal !== null ? Math.round((whole / 100) * nominal.value) : null;
  return {
    batteryCharge: percentOfFull(num('battery.charge')),
    // A mark outside 0-100 is another figure (bcmxcp on a Powerware 9355: 345.6; snmp-ups on an APC
    // Silcon: 120, both in the DDL), under which every charge would be "low" for good: no mark.
    batteryChargeLow: percentOfFull(num('battery.charge.low')),
    batteryChargeWarning: percentOfFull(num('battery.charge.warning')),
    load,
    runtimeSeconds,
    runtimeReliable: runtimeSeconds !== null && !FAKE_RUNTIMES.includes(runtimeSeconds) && !(runtimeSeconds <= 0 && onMains),
    // A low mark of 0 s is none (a CyberPower PR6000 in the DDL): "low mark 0 s" says nothing.
    runtimeLowSeconds: positive(num('battery.runtime.low')),
    inputVoltage: lineReading(vars, 'input', 'voltage'),
    // Some drivers send 0 for a transfer point they do not know (seen in the DDL dumps).
    inputTransferLow: positive(num('input.transfer.low')),
    inputTransferHigh: positive(num('input.transfer.high')),
    powerWatts: measured ?? estimate,
    powerEstimated: measured === null && estimate !== null,
  };
}

interface Finding {
  severity: Severity;
  reason: string;
}

function thresholdFindings(m: UpsMetrics, onBattery: boolean): Finding[] {
  const found: Finding[] = [];
  // Below a low mark is the shutdown point on battery; on mains the battery is recharging.
  const low: Severity = onBattery ? 'critical' : 'warning';
  if (m.batteryCharge !== null) {
    if (m.batteryChargeLow !== null && m.batteryCharge <= m.batteryChargeLow) {
      found.push({ severity: low, reason: `Battery charge ${pct(m.batteryCharge)} is at or below the low mark (${pct(m.batteryChargeLow)})` });
    } else if (m.batteryChargeWarning !== null && m.batteryCharge <= m.batteryChargeWarning) {
      found.push({ severity: 'warning', reason: `Battery charge ${pct(m.batteryCharge)} is at or below the warning mark (${pct(m.batteryChargeWarning)})` });
    }
  }
  if (m.runtimeReliable && m.runtimeSeconds !== null && m.runtimeLowSeconds !== null && m.runtimeSeconds <= m.runtimeLowSeconds) {
    found.push({ severity: low, reason: `Runtime ${formatDuration(m.runtimeSeconds)} is at or below the low mark (${formatDuration(m.runtimeLowSeconds)})` });
  }
  // 0 V on mains is already left out (lineReading): a driver that does not measure it, not a low mains.
  const input = m.inputVoltage;
  if (!onBattery && input !== null) {
    const low = m.inputTransferLow;
    const high = m.inputTransferHigh;
    if (low !== null && input < low && input >= low * (1 - BEYOND_TRANSFER)) {
      found.push({ severity: 'warning', reason: `Input voltage ${volts(input)} is below the transfer point (${volts(low)})` });
    } else if (high !== null && input > high && input <= high * (1 + BEYOND_TRANSFER)) {
      found.push({ severity: 'warning', reason: `Input voltage ${volts(input)} is above the transfer point (${volts(high)})` });
    }
  }
  if (m.load !== null && m.load >= LOAD_CRITICAL) found.push({ severity: 'critical', reason: `Load ${pct(m.load)} is at or over capacity` });
  else if (m.load !== null && m.load >= LOAD_WARNING) found.push({ severity: 'warning', reason: `Load ${pct(m.load)} is high` });
  return found;
}

const pct = (value: number) => `${formatNumber(value)} %`;
const volts = (value: number) => `${formatNumber(value)} V`;

/**
 * What the device says it is when that is not a UPS (NUT's device.type: pdu, ats, scd, psu), else
 * null. A PDU on snmp-ups has no UPS status to send (an Eaton ePDU in the DDL sends it empty): its
 * missing status is no fault, where a UPS's is.
 */
function deviceNotUps(vars: Record<string, string>): string | null {
  const type = vars['device.type']?.trim().toLowerCase() ?? '';
  return type === '' || type === 'ups' ? null : (DEVICE_WORDS[type] ?? type);
}

/** NUT's device types (docs/nut-names.txt) in words. */
const DEVICE_WORDS: Readonly<Record<string, string>> = { pdu: 'PDU', ats: 'transfer switch', scd: 'solar controller', psu: 'power supply' };

export function assessUps(vars: Record<string, string>): Assessment {
  const flags = decodeStatus(vars['ups.status']);
  const onBattery = isBatteryCritical(flags);
  const onMains = hasFlag(flags, 'OL') && !onBattery;
  const metrics = readMetrics(vars, onMains);
  const alarm = alarmText(vars, flags);
  const findings: Finding[] = flags
    // The alarm text says more than the bare ALARM word, so it stands in for it.
    .filter((flag) => isAlarming(flag.severity) && !(alarm && flag.token.toUpperCase() === 'ALARM'))
    .map((flag) => ({ severity: flag.severity, reason: flag.label }));
  const notUps = deviceNotUps(vars);
  if (flags.length === 0 && notUps === null) findings.push({ severity: 'warning', reason: 'The UPS reports no status' });
  if (alarm) findings.push({ severity: 'warning', reason: `Alarm: ${alarm}` });
  findings.push(...thresholdFindings(metrics, onBattery));
  // Worst first, so the first reason is the one to show when there is room for only one.
  findings.sort(worstFirst);
  const severity = worst([...flags.map((flag) => flag.severity), ...findings.map((f) => f.severity)]);
  const state = flags.length === 0 && notUps !== null ? `No status (a ${notUps})` : describeStatus(flags);
  return { flags, state, severity, reasons: findings.map((f) => f.reason), metrics };
}
