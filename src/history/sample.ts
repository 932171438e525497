// Pure: one UPS reading per cycle, as stored in the samples files and folded into buckets.

import { readingsOf, temperatureOf } from '../status/readings.ts';
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
  const r = readingsOf(ups.metrics, ups.vars);
  const read: Record<Metric, number | null> = {
    charge: r.batteryCharge,
    runtime: r.runtimeSeconds,
    load: r.load,
    inputVoltage: r.inputVoltage,
    outputVoltage: r.outputVoltage,
    power: r.powerWatts,
    temperature: temperatureOf(ups.vars),
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
