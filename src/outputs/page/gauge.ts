// A gauge for a percentage with marks where the UPS's own thresholds lie. The page draws it as
// role="meter" with a text label, so colour is never the only sign.

import { LOAD_CRITICAL, LOAD_WARNING, type UpsMetrics } from '../../status/assess.ts';
import { formatNumber } from '../../shared/format.ts';
import type { Severity } from '../../status/severity.ts';

export interface GaugeMark {
  /** Position along the bar, 0-100. */
  at: number;
  label: string;
  /** "low mark 10 %" */
  title: string;
}

export interface GaugeView {
  label: string;
  /** "96 %" */
  value: string;
  /** The bar's fill, clamped to 0-100. */
  fill: number;
  /**
   * aria-valuenow: the figure within the meter's 0-100, in plain digits. ARIA holds a value outside
   * the range invalid, and axe a number in exponent form (the load some drivers send: "4.6e+126");
   * `aria` says the real figure.
   */
  ariaNow: string;
  severity: Severity;
  /** Words for the severity, shown next to the value: "", "low", "high", "overload". */
  note: string;
  marks: GaugeMark[];
  /** The marks in words under the bar: "low 10 % · warning 50 %". */
  marksText: string;
  /** Full sentence for assistive technology: "Battery charge 96 %, low mark 10 %". */
  aria: string;
}

const clamp = (value: number) => Math.min(100, Math.max(0, value));
const pct = (value: number) => `${formatNumber(value)} %`;

type Mark = Omit<GaugeMark, 'title'>;

function gauge(label: string, now: number, severity: Severity, note: string, marks: Mark[]): GaugeView {
  const described = marks.map((mark) => `${mark.label} ${pct(mark.at)}`).join(', ');
  return {
    label,
    value: pct(now),
    fill: clamp(now),
    ariaNow: formatNumber(clamp(now)),
    severity,
    note,
    marks: marks.map((mark) => ({ ...mark, at: clamp(mark.at), title: `${mark.label} ${pct(mark.at)}` })),
    marksText: marks.map((mark) => `${mark.label.replace(/ mark$/, '')} ${pct(mark.at)}`).join(' · '),
    aria: `${label} ${pct(now)}${note ? ` (${note})` : ''}${described ? `; ${described}` : ''}`,
  };
}

export function chargeGauge(m: UpsMetrics, onBattery: boolean): GaugeView | null {
  if (m.batteryCharge === null) return null;
  const marks: Mark[] = [];
  if (m.batteryChargeLow !== null) marks.push({ at: m.batteryChargeLow, label: 'low mark' });
  if (m.batteryChargeWarning !== null) marks.push({ at: m.batteryChargeWarning, label: 'warning mark' });
  const charge = m.batteryCharge;
  if (m.batteryChargeLow !== null && charge <= m.batteryChargeLow) {
    return gauge('Battery charge', charge, onBattery ? 'critical' : 'warning', 'low', marks);
  }
  if (m.batteryChargeWarning !== null && charge <= m.batteryChargeWarning) {
    return gauge('Battery charge', charge, 'warning', 'getting low', marks);
  }
  return gauge('Battery charge', charge, 'ok', '', marks);
}

export function loadGauge(load: number | null, label = 'Load'): GaugeView | null {
  if (load === null) return null;
  const marks = [{ at: LOAD_WARNING, label: 'high mark' }];
  if (load >= LOAD_CRITICAL) return gauge(label, load, 'critical', 'overload', marks);
  if (load >= LOAD_WARNING) return gauge(label, load, 'warning', 'high', marks);
  return gauge(label, load, 'ok', '', marks);
}
