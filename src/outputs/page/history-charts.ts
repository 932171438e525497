// Pure: the chart views of one UPS, 24 h and 30 days, for charge, load, runtime and input
// voltage. Each chart carries its words (what it shows, the range, the latest value) so a screen
// reader and a reader without colour get the same facts as the drawing.

import { DAY } from '../../history/bucket.ts';
import { CHART_METRICS, DAY_SLOTS, MONTH_SLOTS, figuresOf, type Band, type ChartMetric, type Series } from '../../history/series.ts';
import { coveredRow, figureRow, rowOfMetric, sameMetricFigures, type Figures, type SlotFigures } from '../../history/figures.ts';
import type { UpsHistory } from '../../history/view.ts';
import { formatDuration, formatNumber } from '../../shared/format.ts';
import { sameData } from './same-data.ts';
import { CHART_HEIGHT, bandPath, gapSpans, linePath, scaleFor, spansOf, type Scale, type Span } from './chart.ts';

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

/** Runtime reads from zero up; voltage is drawn around where it moves. */
function scaleOf(metric: ChartMetric, values: readonly (number | null)[]): Scale | null {
  const look = LOOKS[metric];
  const scale = scaleFor(values, look.fixed, look.step);
  return scale && metric === 'runtime' ? { low: 0, high: scale.high } : scale;
}

/**
 * `whole`: every slot of the span has a value. Only then may a steady figure be said to have held
 * for the whole span; a young history (the first day, the first month) or one with gaps was
 * steady in it, not for it.
 */
function rangeWords(metric: ChartMetric, low: readonly (number | null)[], high: readonly (number | null)[], latest: number | null, span: string, whole: boolean): string {
  const lows = low.filter((value): value is number => value !== null);
  const highs = high.filter((value): value is number => value !== null);
  if (highs.length === 0) return `no data in the last ${span}`;
  const { format } = LOOKS[metric];
  const [lowest, highest] = [format(Math.min(...lows)), format(Math.max(...highs))];
  const steady = whole ? `steady at ${lowest} for ${span}` : `steady at ${lowest} in the last ${span}`;
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

function chartOf(metric: ChartMetric, lines: Band, covered: boolean[], battery: Span[], frame: Frame, span: string, latest: number | null): ChartView {
  const look = LOOKS[metric];
  const scale = scaleOf(metric, [...lines.min, ...lines.max]);
  return {
    name: look.name,
    label: `${look.name} over the last ${span}`,
    summary: rangeWords(metric, lines.min, lines.max, latest, span, !lines.max.includes(null)),
    viewBox: `0 0 ${frame.slots * frame.width} ${CHART_HEIGHT}`,
    line: scale ? linePath(lines.avg, scale, frame.width) : '',
    // 24 h is a line of 5-minute averages; 30 days adds each day's range as a band.
    band: scale && frame.step === DAY ? bandPath(lines.min, lines.max, scale, frame.width) : '',
    battery,
    gaps: gapSpans(covered, frame.width),
    top: scale ? look.format(scale.high) : '',
    bottom: scale ? look.format(scale.low) : '',
  };
}

const dayFrame = (history: UpsHistory, now: number): Frame => ({ start: history.day.start, step: 300_000, width: 1, slots: DAY_SLOTS, now });
const monthFrame = (history: UpsHistory, now: number): Frame => ({ start: history.month.start, step: DAY, width: 10, slots: MONTH_SLOTS, now });

/** The on-battery spans of the 24-hour and 30-day charts: an open period's grows with the time. */
export function batterySpans(history: UpsHistory, now: number): { day: Span[]; month: Span[] } {
  return { day: batteryOf(history, dayFrame(history, now)), month: batteryOf(history, monthFrame(history, now)) };
}

/** A chart as last drawn, with what it was drawn from. */
interface Drawn {
  figures: Figures;
  battery: Span[];
  latest: number | null;
  view: ChartView;
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
    if (kept && sameMetricFigures(kept.figures, figures, m) && sameData(kept.battery, battery) && kept.latest === now) return kept.view;
    const row = rowOfMetric(m);
    const lines: Band = { min: figureRow(figures, row), avg: figureRow(figures, row + 1), max: figureRow(figures, row + 2) };
    covered ??= coveredRow(figures);
    const view = chartOf(metric, lines, covered, battery, frame, span, now);
    drawn[m] = { figures, battery, latest: now, view };
    return view;
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
