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

/**
 * Each UPS's readings, kept with its variables: the snapshot keeps a UPS's `vars` and `metrics`
 * objects while nothing changed, so the readings stay the same object too, and the store keeps
 * the text it made of them (records.ts). Weakly held: they go with the variables.
 */
const kept = new WeakMap<UpsSnapshot['vars'], { metrics: UpsSnapshot['metrics']; values: Sample['values'] }>();

function valuesOf(ups: UpsSnapshot): Sample['values'] {
  const before = kept.get(ups.vars);
  if (before && before.metrics === ups.metrics) return before.values;
  const values = readValues(ups);
  kept.set(ups.vars, { metrics: ups.metrics, values });
  return values;
}

function readValues(ups: UpsSnapshot): Sample['values'] {
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

/** This cycle's readings of a UPS, as they are recorded; null for one without current data. */
export function currentValues(ups: UpsSnapshot): Sample['values'] | null {
  return ups.stale || ups.error ? null : valuesOf(ups);
}

/** A sample for every UPS with current data this cycle; a UPS without it is unmonitored meanwhile. */
export function samplesOf(snapshot: Snapshot): Sample[] {
  const t = Date.parse(snapshot.generatedAt);
  return snapshot.hosts.flatMap((host) =>
    host.ups.flatMap((ups) => {
      const values = currentValues(ups);
      if (values === null) return [];
      const sample: Sample = {
        t,
        host: host.name,
        ups: ups.name,
        status: ups.vars['ups.status'] ?? '',
        onBattery: isOnBattery(ups.flags),
        powerEstimated: ups.metrics?.powerEstimated ?? false,
        values,
      };
      return [sample];
    }),
  );
}
