// Pure: energy delivered to the load, per UTC day (30 days) and per UTC month (13 months), where
// the UPS reports real power or it can be estimated from load × nominal power (issue 8 "Energy").

import { DAY, floorTo } from './bucket.ts';
import type { UnitHistory } from './types.ts';
import { bucketsSince } from './availability.ts';
import { monthOf } from './model.ts';

export interface EnergyAmount {
  /** "2026-01-05" for a day, "2026-01" for a month. */
  period: string;
  kWh: number;
  /** Some of it comes from load × nominal power, not a measured ups.realpower. */
  estimated: boolean;
}

export interface Energy {
  /** Newest first; only days and months with power readings. */
  days: EnergyAmount[];
  months: EnergyAmount[];
}

const kWh = (wh: number) => Math.round(wh) / 1000;

export function energyOf(unit: UnitHistory | undefined, months: Record<string, number> | undefined, now: number): Energy {
  const byDay = new Map<string, { wh: number; estimated: boolean }>();
  let estimated = false;
  for (const bucket of bucketsSince(unit, floorTo(now, DAY) - 29 * DAY, now, 'daily')) {
    if (bucket.wh <= 0) continue;
    const day = new Date(bucket.t).toISOString().slice(0, 10);
    const sum = byDay.get(day) ?? { wh: 0, estimated: false };
    byDay.set(day, { wh: sum.wh + bucket.wh, estimated: sum.estimated || bucket.powerEstimated });
    estimated ||= bucket.powerEstimated;
  }
  const monthly = new Map(Object.entries(months ?? {}));
  // The bucket being filled is not in the month totals yet.
  const pending = unit?.pending;
  if (pending && pending.wh > 0) monthly.set(monthOf(pending.t), (monthly.get(monthOf(pending.t)) ?? 0) + pending.wh);
  const newestFirst = (a: EnergyAmount, b: EnergyAmount) => (a.period < b.period ? 1 : -1);
  return {
    days: [...byDay].map(([period, sum]) => ({ period, kWh: kWh(sum.wh), estimated: sum.estimated })).sort(newestFirst),
    months: [...monthly]
      .filter(([, wh]) => wh > 0)
      .map(([period, wh]) => ({ period, kWh: kWh(wh), estimated }))
      .sort(newestFirst),
  };
}
