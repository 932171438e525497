// Pure: one UPS reading per cycle, as stored in the samples files and folded into buckets.

import { parseNumber } from '../status/assess.ts';
import { isOnBattery } from '../status/flags.ts';
import type { Snapshot, UpsSnapshot } from '../snapshot/types.ts';

export const METRICS = ['charge', 'runtime', 'load', 'inputVoltage', 'outputVoltage', 'power', 'temperature'] as const;
export type Metric = (typeof METRICS)[number];

export interface Sample {
  /** Milliseconds since the epoch. */
  t: number;
  host: string;
  ups: string;
  /** ups.status as sent. */
  status: string;
  onBattery: boolean;
  /** Power is load × nominal power, not measured. */
  powerEstimated: boolean;
  values: Partial<Record<Metric, number>>;
}

function valuesOf(ups: UpsSnapshot): Partial<Record<Metric, number>> {
  const m = ups.metrics;
  const read: Record<Metric, number | null> = {
    charge: m?.batteryCharge ?? null,
    runtime: m?.runtimeReliable ? m.runtimeSeconds : null,
    load: m?.load ?? null,
    inputVoltage: m?.inputVoltage ?? null,
    outputVoltage: parseNumber(ups.vars['output.voltage']),
    power: m?.powerWatts ?? null,
    temperature: parseNumber(ups.vars['ups.temperature']) ?? parseNumber(ups.vars['battery.temperature']),
  };
  const values: Partial<Record<Metric, number>> = {};
  for (const metric of METRICS) {
    const value = read[metric];
    if (value !== null) values[metric] = value;
  }
  return values;
}

/** A sample for every UPS with current data this cycle; a UPS without it is unmonitored meanwhile. */
export function samplesOf(snapshot: Snapshot): Sample[] {
  const t = Date.parse(snapshot.generatedAt);
  return snapshot.hosts.flatMap((host) =>
    host.ups
      .filter((ups) => !ups.stale && !ups.error)
      .map((ups) => ({
        t,
        host: host.name,
        ups: ups.name,
        status: ups.vars['ups.status'] ?? '',
        onBattery: isOnBattery(ups.flags),
        powerEstimated: ups.metrics?.powerEstimated ?? false,
        values: valuesOf(ups),
      })),
  );
}
