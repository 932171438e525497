// Pure: the chart views of one UPS, 24 h and 30 days, for charge, load, runtime and input
// voltage. Each chart carries its words (what it shows, the range, the latest value) so a screen
// reader and a reader without colour get the same facts as the drawing.

import { DAY } from '../../history/bucket.ts';
import { CHART_METRICS, DAY_SLOTS, MONTH_SLOTS, figuresOf, type Band, type ChartMetric, type Series } from '../../history/series.ts';
import { coveredRow, figureAt, figureRow, rowOfMetric, sameMetricFigures, type Figures, type SlotFigures } from '../../history/figures.ts';
import type { UpsHistory } from '../../history/view.ts';
import { formatDuration, formatNumber } from '../../shared/format.ts';
import { sameData } from './same-data.ts';
import { CHART_HEIGHT, bandPath, gapSpans, linePath, scaleFor, spansOf, yOf, type Scale, type Span } from './chart.ts';

export interface ChartView {
  name: string;
  /** "Charge over the last 24 hours" */
  label: string;
  /** "now 100 %, 61-100 %", or why there is nothing to draw. */
  summary: string;
  viewBox: string;
  line: string;
  band: string;
  battery: Span[];
  gaps: Span[];
  top: string;
  bottom: string;
}

interface MetricLook {
  name: string;
  format(value: number): string;
  fixed: Scale | null;
  step: number;
}

const percent = (value: number) => `${formatNumber(value)} %`;
const LOOKS: Record<ChartMetric, MetricLook> = {
  charge: { name: 'Charge', format: percent, fixed: { low: 0, high: 100 }, step: 10 },
  load: { name: 'Load', format: percent, fixed: { low: 0, high: 100 }, step: 10 },
  runtime: { name: 'Runtime', format: formatDuration, fixed: null, step: 300 },
  inputVoltage: { name: 'Input voltage', format: (value) => `${formatNumber(value)} V`, fixed: null, step: 5 },
};

/** What a chart's scale and words take from its slots' figures. */
interface Extent {
  /** The lowest of the lows and the highest of the highs, for the words: Infinity and -Infinity without any. */
  lowest: number;
  highest: number;
  /** The lowest and highest of every figure, lows and highs alike, for the scale. */
  allLow: number;
  allHigh: number;
  /** Whether any slot has a figure at all, and whether any has a high: without one there is no data. */
  known: boolean;
  any: boolean;
  /** Every slot has a high. */
  whole: boolean;
}

const noExtent = (): Extent => ({ lowest: Infinity, highest: -Infinity, allLow: Infinity, allHigh: -Infinity, known: false, any: false, whole: true });

/**
 * Adds one slot's low and high to `extent`, in place: a chart's 288 slots make no object each
 * (drawn under npm start's interpreter). Math.min and Math.max, as over the whole row before: a
 * figure kept aside as it is (NaN, an infinity) reads as it did.
 */
function addSlot(extent: Extent, low: number | null, high: number | null): void {
  if (low !== null) {
    extent.known = true;
    extent.lowest = Math.min(extent.lowest, low);
    extent.allLow = Math.min(extent.allLow, low);
    extent.allHigh = Math.max(extent.allHigh, low);
  }
  if (high === null) extent.whole = false;
  else {
    extent.known = true;
    extent.any = true;
    extent.highest = Math.max(extent.highest, high);
    extent.allLow = Math.min(extent.allLow, high);
    extent.allHigh = Math.max(extent.allHigh, high);
  }
}

/** The extent of every slot but `skip`. */
function extentOf(low: readonly (number | null)[], high: readonly (number | null)[], skip: number): Extent {
  const extent = noExtent();
  for (let i = 0; i < high.length; i++) if (i !== skip) addSlot(extent, low[i] ?? null, high[i] ?? null);
  return extent;
}

/** `extent` with one more slot's low and high. */
function withSlot(extent: Extent, low: number | null, high: number | null): Extent {
  const more = { ...extent };
  addSlot(more, low, high);
  return more;
}

/** Runtime reads from zero up; voltage is drawn around where it moves. */
function scaleOf(metric: ChartMetric, extent: Extent): Scale | null {
  const look = LOOKS[metric];
  const scale = scaleFor(extent.known ? { low: extent.allLow, high: extent.allHigh } : null, look.fixed, look.step);
  return scale && metric === 'runtime' ? { low: 0, high: scale.high } : scale;
}

/**
 * `extent.whole`: every slot of the span has a value. Only then may a steady figure be said to have held
 * for the whole span; a young history (the first day, the first month) or one with gaps was
 * steady in it, not for it.
 */
function rangeWords(metric: ChartMetric, extent: Extent, latest: number | null, span: string): string {
  if (!extent.any) return `no data in the last ${span}`;
  const { format } = LOOKS[metric];
  const [lowest, highest] = [format(extent.lowest), format(extent.highest)];
  const steady = extent.whole ? `steady at ${lowest} for ${span}` : `steady at ${lowest} in the last ${span}`;
  const range = lowest === highest ? steady : `${lowest} to ${highest} in ${span}`;
  return latest === null || lowest === highest ? range : `now ${format(latest)}, ${range}`;
}

/**
 * The UPS's readings this cycle as the history records them (history/sample.ts currentValues), by
 * chart metric: what "now" on a 24-hour chart says, the same figure as the card, status.json and
 * the metrics. null for a UPS without current data, whose chart then gives no "now" at all: a
 * slot's average lags behind a falling charge by half the drop (on battery, "now 80 %" beside a
 * 60 % gauge), and the last one known may be hours old.
 */
export type Latest = Readonly<Partial<Record<ChartMetric, number>>>;

interface Frame {
  start: number;
  step: number;
  width: number;
  slots: number;
  now: number;
}

/** The on-battery periods as x ranges of a chart: the same for each of its metrics. */
function batteryOf(history: UpsHistory, frame: Frame): Span[] {
  const periods = history.onBattery.map((period) => ({ start: period.start, end: period.end ?? frame.now }));
  return spansOf(periods, frame.start, frame.step, frame.width, frame.slots);
}

/** The heights the pending slot is drawn at: its average's on the line, its low's and high's on the band; null where it has none. */
function pendingHeights(low: number | null, avg: number | null, high: number | null, scale: Scale | null): readonly (number | null)[] {
  if (!scale) return [];
  const y = (value: number | null) => (value === null ? null : yOf(value, scale));
  return [y(avg), y(high), y(low ?? high)];
}

/** A chart as drawn, and what a cycle that moves only its pending slot needs to tell whether the drawing holds. */
interface ChartDrawing {
  view: ChartView;
  /** The extent of every slot but the pending one (all of them without one). */
  closed: Extent;
  scale: Scale | null;
  heights: readonly (number | null)[];
}

function chartOf(metric: ChartMetric, lines: Band, covered: boolean[], battery: Span[], frame: Frame, span: string, latest: number | null, at: number): ChartDrawing {
  const look = LOOKS[metric];
  const closed = extentOf(lines.min, lines.max, at);
  const [low, avg, high] = at >= 0 ? [lines.min[at] ?? null, lines.avg[at] ?? null, lines.max[at] ?? null] : [null, null, null];
  const extent = at >= 0 ? withSlot(closed, low, high) : closed;
  const scale = scaleOf(metric, extent);
  const view = {
    name: look.name,
    label: `${look.name} over the last ${span}`,
    summary: rangeWords(metric, extent, latest, span),
    viewBox: `0 0 ${frame.slots * frame.width} ${CHART_HEIGHT}`,
    line: scale ? linePath(lines.avg, scale, frame.width) : '',
    // 24 h is a line of 5-minute averages; 30 days adds each day's range as a band.
    band: scale && frame.step === DAY ? bandPath(lines.min, lines.max, scale, frame.width) : '',
    battery,
    gaps: gapSpans(covered, frame.width),
    top: scale ? look.format(scale.high) : '',
    bottom: scale ? look.format(scale.low) : '',
  };
  return { view, closed, scale, heights: pendingHeights(low, avg, high, scale) };
}

const sameScale = (a: Scale | null, b: Scale | null) => a === b || (a !== null && b !== null && a.low === b.low && a.high === b.high);

/**
 * The chart when only its pending slot's figures or the latest reading moved and the drawing still
 * holds (the same scale, the pending slot at the same heights): the words again, from the other
 * slots' extent kept with the drawing, and the drawing as it was; null when it must be drawn anew.
 * With readings that move every poll (a real UPS's voltage, load and runtime) the 5-minute average
 * moves nearly every cycle but rarely by a whole unit of the chart's height, and drawing a chart
 * again read its 288 slots three times over (issue 11).
 */
function wordsOnly(kept: ChartDrawing, metricIndex: number, figures: Figures, span: string, latest: number | null): ChartDrawing | null {
  const metric = CHART_METRICS[metricIndex] as ChartMetric;
  const row = rowOfMetric(metricIndex);
  const [low, avg, high] = [figureAt(figures, row, figures.at), figureAt(figures, row + 1, figures.at), figureAt(figures, row + 2, figures.at)];
  const extent = withSlot(kept.closed, low, high);
  const scale = scaleOf(metric, extent);
  if (!sameScale(scale, kept.scale)) return null;
  const heights = pendingHeights(low, avg, high, scale);
  if (heights.some((height, i) => height !== kept.heights[i])) return null;
  return { ...kept, view: { ...kept.view, summary: rangeWords(metric, extent, latest, span) } };
}

const dayFrame = (history: UpsHistory, now: number): Frame => ({ start: history.day.start, step: 300_000, width: 1, slots: DAY_SLOTS, now });
const monthFrame = (history: UpsHistory, now: number): Frame => ({ start: history.month.start, step: DAY, width: 10, slots: MONTH_SLOTS, now });

/** A chart as last drawn, with what it was drawn from. */
interface Drawn {
  figures: Figures;
  battery: Span[];
  latest: number | null;
  drawing: ChartDrawing;
}

/**
 * Each drawn chart, by the closed part of its series (which fixes its frame) and metric: when only
 * the load moved, the charge chart is the same (issue 11). Only cards with charts draw them, and an
 * entry goes with the closed part it belongs to, replaced when a 5-minute bucket closes.
 */
const drawnCharts = new WeakMap<SlotFigures, (Drawn | undefined)[]>();

function chartsOf(series: Series, battery: Span[], frame: Frame, span: string, latest: Latest | null): ChartView[] {
  const figures = figuresOf(series);
  const drawn = drawnCharts.get(figures.base) ?? [];
  drawnCharts.set(figures.base, drawn);
  let covered: boolean[] | null = null;
  return CHART_METRICS.map((metric, m) => {
    const kept = drawn[m];
    const now = latest?.[metric] ?? null;
    const sameFrame = kept !== undefined && sameData(kept.battery, battery);
    if (sameFrame && sameMetricFigures(kept.figures, figures, m) && kept.latest === now) return kept.drawing.view;
    // The same closed slots, and the pending one where it was: only its figures or the latest moved.
    const pendingMoved = sameFrame && figures.patch !== null && kept.figures.at === figures.at;
    let drawing = pendingMoved ? wordsOnly(kept.drawing, m, figures, span, now) : null;
    if (!drawing) {
      const row = rowOfMetric(m);
      const lines: Band = { min: figureRow(figures, row), avg: figureRow(figures, row + 1), max: figureRow(figures, row + 2) };
      covered ??= coveredRow(figures);
      drawing = chartOf(metric, lines, covered, battery, frame, span, now, figures.at);
    }
    drawn[m] = { figures, battery, latest: now, drawing };
    return drawing.view;
  });
}

export function dayCharts(history: UpsHistory, now: number, latest: Latest | null): ChartView[] {
  const frame = dayFrame(history, now);
  return chartsOf(history.day, batteryOf(history, frame), frame, '24 hours', latest);
}

export function monthCharts(history: UpsHistory, now: number): ChartView[] {
  const frame = monthFrame(history, now);
  // A day's band says nothing of the moment: no "now" on the 30-day charts.
  return chartsOf(history.month, batteryOf(history, frame), frame, '30 days', null);
}
