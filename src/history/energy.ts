// Pure: energy delivered to the load, per UTC day (30 days) and per UTC month (13 months), where
// the UPS reports real power or it can be estimated from load × nominal power (issue 8 "Energy").

import { boundedMemo } from '../shared/bounded-memo.ts';
import { DAY, FIVE_MINUTES, floorTo, type Bucket } from './bucket.ts';
import type { UnitHistory } from './types.ts';
import { inWindow } from './availability.ts';
import { bucketRun, windowRange } from './window-sums.ts';

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
const newestFirst = (a: EnergyAmount, b: EnergyAmount) => (a.period < b.period ? 1 : -1);

/** The closed days of a window, newest first, with the Wh behind each. */
interface ClosedDays {
  first: number;
  end: number;
  days: EnergyAmount[];
  wh: Map<string, number>;
}

/** What a UPS's energy was made from last cycle, and the energy. */
interface Kept {
  closed: ClosedDays;
  months: Record<string, number> | undefined;
  flagged: readonly string[] | undefined;
  /** The pending bucket's start, its day ("2026-01-05") and month, worked out once per bucket. */
  pending: { t: number; day: string; month: string } | null;
  /** The day list with the pending bucket's energy (its day being `pending.day`). */
  days: EnergyAmount[];
  monthsFigure: { month: string | null; kWh: number; estimated: boolean };
  energy: Energy;
}

/**
 * Each UPS's energy, kept with its daily list: the list changes only when a 5-minute bucket closes
 * (model.ts then makes a new one), so a cycle adds only the bucket being filled, and keeps last
 * cycle's lists while their figures stay (for 576 UPSes, rebuilding them cost ~1.4 MB a cycle).
 */
const kept = new WeakMap<readonly Bucket[], Kept>();

/**
 * Day texts ("2026-01-05") by the day's start, kept across cycles: when buckets close, every UPS's
 * days are read again, and the same 30 days were made into text for each (1.4 MB for 576 UPSes).
 * The bound, well above the 31 days in use, keeps it small after the clock steps.
 */
const dayText = boundedMemo((start: number) => new Date(start).toISOString().slice(0, 10), 64);

function closedDays(list: readonly Bucket[], first: number, end: number): ClosedDays {
  const days: EnergyAmount[] = [];
  const wh = new Map<string, number>();
  for (let i = first; i < end; i++) {
    const bucket = list[i] as Bucket;
    if (bucket.wh <= 0) continue;
    const period = dayText(bucket.t);
    days.push({ period, kWh: kWh(bucket.wh), estimated: bucket.powerEstimated });
    wh.set(period, bucket.wh);
  }
  return { first, end, days: days.sort(newestFirst), wh };
}

function periodsOf(t: number): NonNullable<Kept['pending']> {
  const day = dayText(floorTo(t, DAY));
  return { t, day, month: day.slice(0, 7) };
}

/** The list with `amount` in its period's place; the same list when that place already shows it. */
function withAmount(list: EnergyAmount[], amount: EnergyAmount): EnergyAmount[] {
  const at = list.findIndex((old) => old.period <= amount.period);
  const old = at === -1 ? undefined : list[at];
  if (old?.period === amount.period && old.kWh === amount.kWh && old.estimated === amount.estimated) return list;
  const next = [...list];
  if (old?.period === amount.period) next[at] = amount;
  else next.splice(at === -1 ? next.length : at, 0, amount);
  return next;
}

/**
 * The month totals, newest first, with the pending bucket's energy in its month (it is not in the
 * totals yet). Each month is estimated when its closed buckets were (`flagged`) or, for the pending
 * bucket's month, when that bucket is.
 */
function monthAmounts(months: Record<string, number> | undefined, flagged: readonly string[] = [], figure: Kept['monthsFigure'], pendingWh: number): EnergyAmount[] {
  const monthly = new Map(Object.entries(months ?? {}));
  if (figure.month !== null) monthly.set(figure.month, (monthly.get(figure.month) ?? 0) + pendingWh);
  return [...monthly]
    .filter(([, wh]) => wh > 0)
    .map(([period, wh]) => ({ period, kWh: kWh(wh), estimated: flagged.includes(period) || (period === figure.month && figure.estimated) }))
    .sort(newestFirst);
}

const sameFigure = (a: Kept['monthsFigure'], b: Kept['monthsFigure']) => a.month === b.month && a.kWh === b.kWh && a.estimated === b.estimated;

export function energyOf(unit: UnitHistory | undefined, months: Record<string, number> | undefined, flagged: readonly string[] | undefined, now: number): Energy {
  const list = unit?.daily ?? [];
  const from = floorTo(now, DAY) - 29 * DAY;
  const [first, end] = windowRange(bucketRun(list, DAY), from, now);
  const before = kept.get(list);
  const closed = before?.closed.first === first && before.closed.end === end ? before.closed : closedDays(list, first, end);
  const bucket = unit?.pending;
  const pending = !bucket || bucket.wh <= 0 ? null : before?.pending?.t === bucket.t ? before.pending : periodsOf(bucket.t);
  let days = closed.days;
  if (bucket && pending && inWindow(bucket, FIVE_MINUTES, from, now)) {
    const dayEstimated = (closed.days.find((day) => day.period === pending.day)?.estimated ?? false) || bucket.powerEstimated;
    // Last cycle's list differs from the closed days only in this day's place.
    const base = before?.closed === closed && before.pending === pending ? before.days : closed.days;
    days = withAmount(base, { period: pending.day, kWh: kWh((closed.wh.get(pending.day) ?? 0) + bucket.wh), estimated: dayEstimated });
  }
  const month = pending?.month ?? null;
  const monthsFigure = { month, kWh: month === null || !bucket ? 0 : kWh((months?.[month] ?? 0) + bucket.wh), estimated: month !== null && bucket?.powerEstimated === true };
  const last = before?.energy;
  const sameMonths = last && before.months === months && before.flagged === flagged && sameFigure(before.monthsFigure, monthsFigure);
  const energy = last && last.days === days && sameMonths ? last : { days, months: sameMonths ? last.months : monthAmounts(months, flagged, monthsFigure, bucket?.wh ?? 0) };
  if (unit) kept.set(list, { closed, months, flagged, pending, days, monthsFigure, energy });
  return energy;
}
