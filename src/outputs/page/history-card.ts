// Pure: the history part of a UPS card: how reliable the mains were, the energy, the charts and
// the events in words, newest first.

import type { Availability, AvailabilityByWindow } from '../../history/availability.ts';
import type { EnergyAmount } from '../../history/energy.ts';
import type { UpsHistory } from '../../history/view.ts';
import type { PowerEvent } from '../../snapshot/events.ts';
import { formatDuration, formatNumber, formatPeriod } from '../../shared/format.ts';
import type { ChartView } from './history-charts.ts';

export interface EventView {
  time: string;
  /** "2026-01-05 03:12 UTC" */
  timeText: string;
  text: string;
}

export interface HistoryCardView {
  /** The UPS's name, for the labels of regions. */
  name: string;
  /** "History since 2026-01-01 00:00 UTC." */
  since: string;
  /** Column heads, then one row per figure: the template places the cells. */
  windows: readonly string[];
  rows: { label: string; cells: string[] }[];
  /** "Today 1.2 kWh, this month 14.5 kWh (estimated from load and nominal power)"; empty without power readings. */
  energy: string;
  /** False for a calm UPS among many (a compact card): the page stays light; history.json has the series. */
  charts: boolean;
  day: ChartView[];
  month: ChartView[];
  events: EventView[];
}

/** "2026-01-05 03:12 UTC" */
export const minuteText = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** An event in words; outside a UPS card it says which host it is about. */
export function eventView(event: PowerEvent, withHost = false): EventView {
  const text = withHost && event.host !== null ? `${event.host}: ${event.text}` : event.text;
  return { time: event.time, timeText: minuteText(event.time), text };
}

const ROWS: { label: string; cell(a: Availability): string }[] = [
  { label: 'On mains', cell: (a) => (a.mainsPercent === null ? 'no data' : `${formatNumber(a.mainsPercent, 2)} %`) },
  { label: 'Outages', cell: (a) => String(a.outages) },
  { label: 'Time on battery', cell: (a) => formatPeriod(a.onBatterySeconds) },
  { label: 'Longest outage', cell: (a) => (a.outages === 0 ? '–' : formatPeriod(a.longestOutageSeconds)) },
  { label: 'Lowest charge', cell: (a) => (a.lowestCharge === null ? '–' : `${formatNumber(a.lowestCharge)} %`) },
  // Unmonitored time is left out of the percentage above: say how much there was. In whole minutes
  // from the first on, not to the second: after a gap in the history (a restart) the figure grows
  // with every cycle, and to the second it had every card drawn anew each cycle for the hour after,
  // 576 of them on a large site (issue 11).
  { label: 'Monitored', cell: (a) => (a.monitoredSeconds >= a.windowSeconds ? 'all' : formatDuration(a.monitoredSeconds)) },
];

/**
 * Whether a window's cells read the same: every figure the rows show, and the monitored time
 * only while it falls short of the window (the row says "all" after that). Young history moves
 * its window every cycle while its cells stay put.
 */
function sameCells(a: Availability, b: Availability): boolean {
  const fullA = a.monitoredSeconds >= a.windowSeconds;
  return (
    a.mainsPercent === b.mainsPercent &&
    a.outages === b.outages &&
    a.onBatterySeconds === b.onBatterySeconds &&
    a.longestOutageSeconds === b.longestOutageSeconds &&
    a.lowestCharge === b.lowestCharge &&
    fullA === b.monitoredSeconds >= b.windowSeconds &&
    (fullA || a.monitoredSeconds === b.monitoredSeconds)
  );
}

/** Rows drawn from one availability, to be kept for the next whose cells read the same. */
export interface DrawnRows {
  availability: AvailabilityByWindow;
  rows: HistoryCardView['rows'];
}

export function rowsOf(availability: AvailabilityByWindow, kept: DrawnRows | undefined): DrawnRows {
  const same = kept && sameCells(kept.availability.day, availability.day) && sameCells(kept.availability.week, availability.week) && sameCells(kept.availability.month, availability.month);
  if (same) return { availability, rows: kept.rows };
  const windows = [availability.day, availability.week, availability.month];
  return { availability, rows: ROWS.map((row) => ({ label: row.label, cells: windows.map(row.cell) })) };
}

const WINDOW_NAMES: readonly string[] = ['24 h', '7 d', '30 d'];

function energyWords(days: readonly EnergyAmount[], months: readonly EnergyAmount[], nowIso: string): string {
  const thisDay = nowIso.slice(0, 10);
  const thisMonth = nowIso.slice(0, 7);
  const today = days.find((day) => day.period === thisDay);
  const month = months.find((entry) => entry.period === thisMonth);
  const lastMonth = months.find((entry) => entry.period < thisMonth);
  const parts = [
    ...(today ? [`today ${formatNumber(today.kWh, 2)} kWh`] : []),
    ...(month ? [`this month ${formatNumber(month.kWh, 1)} kWh`] : []),
    ...(lastMonth ? [`${lastMonth.period} ${formatNumber(lastMonth.kWh, 1)} kWh`] : []),
  ];
  if (parts.length === 0) return '';
  const estimated = [...days, ...months].some((entry) => entry.estimated);
  // Days and months are UTC ones (history/energy.ts): "today" ends at 10:00 in Sydney, which the words must not hide.
  return `Energy to the load, by UTC day and month: ${parts.join(', ')}${estimated ? ' (estimated from load and nominal power)' : ''}.`;
}

/**
 * The card's history without its charts (card-reuse.ts adds those, kept apart in the card's key);
 * `rows`: the rows as rowsOf drew them for this availability.
 */
export function historyCard(history: UpsHistory, since: string, now: number, rows: HistoryCardView['rows']): HistoryCardView {
  const nowIso = new Date(now).toISOString();
  return {
    name: history.ups,
    since: `History since ${minuteText(since)}.`,
    windows: WINDOW_NAMES,
    rows,
    energy: energyWords(history.energy.days, history.energy.months, nowIso),
    charts: false,
    day: [],
    month: [],
    events: history.events.map((event) => eventView(event)),
  };
}
