// Pure: what a series shows, compact. Every figure is rounded to tenths, so `Math.round(v * 10) / 10`
// is exactly `k / 10` with `k = Math.round(v * 10)`: one typed array of those k per series, 16 bits
// each when every k of the series fits (charge, load, voltage, runtimes under 55 minutes), else 32:
// ~7 or ~14 KB for 24 h where number arrays of the same figures were ~80 KB (issue 11: for 576 UPSes
// kept figures as number arrays cost ~40 MB). A figure that is not such a whole number of tenths
// (NaN, an infinity, a runtime beyond 2^31 tenths) or that would read as a mark is kept aside as it
// is, so nothing reads differently. -0 comes back as 0, which every output writes and compares as it does -0.

import { hasStat, statAt, type Bucket, type Stats } from './bucket.ts';

export const CHART_METRICS = ['charge', 'load', 'runtime', 'inputVoltage'] as const;
export type ChartMetric = (typeof CHART_METRICS)[number];

/** No figure: a slot without data, or without this metric. Both marks fit in 16 bits. */
const NONE = -32768;
/** The figure is in `odd`, by its index. */
const ODD = -32767;
const INT16_MAX = 32767;

/** Rows of figures, one per chart metric and kind (min, average, max), each `slots` long. */
export interface SlotFigures {
  slots: number;
  tenths: Int16Array | Int32Array;
  odd: Map<number, number> | null;
  /** 1 for a slot with at least one sample. */
  covered: Uint8Array;
}

/**
 * A series' figures: its closed slots' (shared by every series made from the same closed buckets)
 * and, when the pending 5-minute bucket is on it, that one slot's 12 figures in row order.
 */
export interface Figures {
  base: SlotFigures;
  /** The slot the pending bucket is in, -1 without one. */
  at: number;
  patch: readonly (number | null)[] | null;
}

export const FIGURE_ROWS = CHART_METRICS.length * 3;

/** The row of a metric's lows; its averages and highs follow. */
export const rowOfMetric = (metricIndex: number) => metricIndex * 3;

const rounded = (value: number) => Math.round(value * 10);

function put(figures: SlotFigures, index: number, value: number | null): void {
  if (value === null) {
    figures.tenths[index] = NONE;
    return;
  }
  const k = rounded(value);
  // Whole tenths that fit and are not a sentinel.
  if ((k | 0) === k && k > ODD) {
    figures.tenths[index] = k;
    if (k > largest) largest = k;
    return;
  }
  figures.tenths[index] = ODD;
  (figures.odd ??= new Map()).set(index, k / 10);
}

function putStat(figures: SlotFigures, stats: Stats, at: number, metricIndex: number, slot: number): void {
  if (!hasStat(stats, at)) return;
  const count = figures.slots;
  const index = rowOfMetric(metricIndex) * count + slot;
  put(figures, index, stats[at] as number);
  put(figures, index + count, (stats[at + 2] as number) / (stats[at + 3] as number));
  put(figures, index + 2 * count, stats[at + 1] as number);
}

/** Where each chart metric's numbers begin in a bucket's stats, in CHART_METRICS' order. */
export const CHART_AT = CHART_METRICS.map(statAt);

function putSlot(figures: SlotFigures, slot: Bucket, i: number): void {
  figures.covered[i] = 1;
  for (let m = 0; m < CHART_AT.length; m++) putStat(figures, slot.stats, CHART_AT[m] as number, m, i);
}

function copySlot(from: SlotFigures, j: number, figures: SlotFigures, i: number): void {
  figures.covered[i] = from.covered[j] as number;
  for (let row = 0; row < FIGURE_ROWS; row++) {
    const k = from.tenths[row * from.slots + j] as number;
    figures.tenths[row * figures.slots + i] = k;
    if (k > largest) largest = k;
    if (k === ODD) (figures.odd ??= new Map()).set(row * figures.slots + i, from.odd?.get(row * from.slots + j) as number);
  }
}

/** Figures are worked out in this array, then kept in one of their own size. */
let work = new Int32Array(0);
/**
 * The largest figure put into `work` (the marks are below every one), noted as figures are put:
 * a pass over the array to find it was 2.4 ms a cycle at 576 UPSes, most of it in the cycles
 * where every series is made again.
 */
let largest = 0;

export interface Earlier {
  figures: SlotFigures;
  slots: readonly (Bucket | null)[];
  /** How many slots later this series starts. */
  shift: number;
}

/**
 * The figures of slots in one pass. With an earlier series' figures, a slot that holds the same
 * bucket object as that series' slot at the same time takes its figures from there (buckets are
 * never changed once made): when a 5-minute bucket closes, the 24-hour series moves on one slot
 * and only the new one is read (issue 11: 576 UPSes make every series new in that cycle).
 */
export function slotFigures(slots: readonly (Bucket | null)[], earlier: Earlier | null = null): SlotFigures {
  const count = slots.length;
  const size = FIGURE_ROWS * count;
  if (work.length < size) work = new Int32Array(size);
  largest = 0;
  const figures: SlotFigures = { slots: count, tenths: work.subarray(0, size).fill(NONE), odd: null, covered: new Uint8Array(count) };
  for (let i = 0; i < count; i++) {
    const slot = slots[i];
    if (!slot) continue;
    const j = earlier ? i + earlier.shift : -1;
    if (earlier && j < earlier.slots.length && earlier.slots[j] === slot) copySlot(earlier.figures, j, figures, i);
    else putSlot(figures, slot, i);
  }
  // Kept in an array of their own: 16 bits when every figure fits (the marks do), else 32.
  return { ...figures, tenths: largest > INT16_MAX ? figures.tenths.slice() : new Int16Array(figures.tenths) };
}

function baseAt(base: SlotFigures, index: number): number | null {
  const k = base.tenths[index] as number;
  if (k === NONE) return null;
  return k === ODD ? (base.odd?.get(index) as number) : k / 10;
}

/** One figure: `row` as rowOfMetric gives it (+1 average, +2 high). */
export const figureAt = (figures: Figures, row: number, slot: number): number | null =>
  slot === figures.at && figures.patch ? (figures.patch[row] as number | null) : baseAt(figures.base, row * figures.base.slots + slot);

export function figureRow(figures: Figures, row: number): (number | null)[] {
  const values = new Array<number | null>(figures.base.slots);
  for (let i = 0; i < values.length; i++) values[i] = figureAt(figures, row, i);
  return values;
}

export function coveredRow(figures: Figures): boolean[] {
  const covered = new Array<boolean>(figures.base.slots);
  for (let i = 0; i < covered.length; i++) covered[i] = i === figures.at || figures.base.covered[i] === 1;
  return covered;
}

/**
 * Texts of whole tenths from 0 to 819.1, the figures of nearly every chart (charge, load, voltage,
 * runtimes to 13 min): String of a fraction is the costliest step of writing a row, 1,500 per UPS.
 */
const TENTHS_TEXTS: (string | undefined)[] = new Array<string | undefined>(8192);

function tenthsText(k: number): string {
  if (k < 0 || k >= TENTHS_TEXTS.length) return String(k / 10);
  return (TENTHS_TEXTS[k] ??= String(k / 10));
}

/** A figure as JSON.stringify writes it. */
function figureJson(figures: Figures, row: number, slot: number): string {
  if (slot === figures.at && figures.patch) {
    const value = figures.patch[row] as number | null;
    return value === null || !Number.isFinite(value) ? 'null' : String(value);
  }
  const index = row * figures.base.slots + slot;
  const k = figures.base.tenths[index] as number;
  if (k === NONE) return 'null';
  if (k !== ODD) return tenthsText(k);
  const value = figures.base.odd?.get(index) as number;
  return Number.isFinite(value) ? String(value) : 'null';
}

/** A row as JSON.stringify writes an array of these numbers, without making the numbers. */
export function figureRowJson(figures: Figures, row: number): string {
  const texts = new Array<string>(figures.base.slots);
  for (let i = 0; i < texts.length; i++) texts[i] = figureJson(figures, row, i);
  return `[${texts.join(',')}]`;
}

/** Whether a metric's three rows read the same in both (same closed part, same pending figures). */
export function sameMetricFigures(a: Figures, b: Figures, metricIndex: number): boolean {
  if (a.base !== b.base || a.at !== b.at) return false;
  if (!a.patch || !b.patch) return a.patch === b.patch;
  const row = rowOfMetric(metricIndex);
  return a.patch[row] === b.patch[row] && a.patch[row + 1] === b.patch[row + 1] && a.patch[row + 2] === b.patch[row + 2];
}
