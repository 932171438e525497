// Pure: the figures a UPS reports that other devices (status.json's byId) and the history take
// from it, read in one place: the assessed metrics, with a runtime the driver is known to fake left
// out, and the upsd values the assessment does not keep.

import type { UpsMetrics } from './assess.ts';
import { lineReading } from './line.ts';
import { temperatureReading } from './number.ts';

export interface Readings {
  batteryCharge: number | null;
  /** null when the driver is known to fake it (UpsMetrics.runtimeReliable). */
  runtimeSeconds: number | null;
  load: number | null;
  inputVoltage: number | null;
  outputVoltage: number | null;
  powerWatts: number | null;
}

export function readingsOf(metrics: UpsMetrics | null, vars: Readonly<Record<string, string>>): Readings {
  return {
    batteryCharge: metrics?.batteryCharge ?? null,
    runtimeSeconds: metrics?.runtimeReliable ? metrics.runtimeSeconds : null,
    load: metrics?.load ?? null,
    inputVoltage: metrics?.inputVoltage ?? null,
    outputVoltage: lineReading(vars, 'output', 'voltage'),
    powerWatts: metrics?.powerWatts ?? null,
  };
}

/** The UPS's own temperature, else its battery's; null when it reports neither as a plausible reading. */
export const temperatureOf = (vars: Readonly<Record<string, string>>): number | null =>
  temperatureReading(vars, 'ups.temperature') ?? temperatureReading(vars, 'battery.temperature');
