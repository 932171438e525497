// When last cycle's drawing of a card still holds, decided from what the card is drawn from. The
// check must cost far less than drawing: building every card's view and hashing it cost more than
// drawing them all (issue 11, 576 UPSes). So it compares the UPS's data and options (vars are
// compared by identity first, then shallowly), the history in the words the card shows, and for a
// card with charts the charts as drawn (history-charts.ts keeps each one while its figures are
// the same, and finds it again cheaply when only the slot being filled moved within a unit of the
// chart's height).

import type { UpsHistory } from '../../history/view.ts';
import type { UpsSnapshot } from '../../snapshot/types.ts';
import { historyCard, rowsOf, type DrawnRows, type HistoryCardView } from './history-card.ts';
import { currentValues } from '../../history/sample.ts';
import { dayCharts, monthCharts, type ChartView } from './history-charts.ts';
import { sameData } from './same-data.ts';
import { isCompact, type CardOptions } from './ups-card.ts';
import type { CardSource } from './view-model.ts';

/**
 * A card's charts as drawn. Not the series they are drawn from: a series is made again whenever
 * a figure of its pending slot moves by a tenth, and today's average runtime on the 30-day chart
 * moves by that most cycles on a UPS whose runtime differs from the day's average so far. Keyed
 * by series, a UPS with unchanging readings and a few weeks of history had its card drawn again
 * every cycle, for a chart that looked the same (issue 11, Footprint).
 */
interface ChartsKey {
  day: ChartView[];
  month: ChartView[];
}

/** What decides a card's HTML; it holds only this cycle's data, never older snapshots. */
export interface CardKey {
  ups: UpsSnapshot;
  descriptions: Readonly<Record<string, string>>;
  options: Omit<CardOptions, 'history'>;
  /** The card's history figures, energy and events in words; null without history. */
  history: HistoryCardView | null;
  /** null for a card without charts (a compact one, or one without history). */
  charts: ChartsKey | null;
  /** The history rows and the availability they read, kept for the next cycle's key; not compared. */
  rows: DrawnRows | null;
}

/** The same views the card draws (ups-card.ts), which finds them again kept rather than drawing them twice. */
function chartsKey(ups: UpsSnapshot, history: UpsHistory, now: number): ChartsKey {
  return { day: dayCharts(history, now, currentValues(ups)), month: monthCharts(history, now) };
}

/** `before`: last cycle's key of the card, whose history rows are reused while their cells read the same. */
export function cardKey(source: CardSource, before?: CardKey): CardKey {
  const { history, ...options } = source.options;
  const charts = history && !isCompact(source.ups, options.crowded);
  const rows = history ? rowsOf(history.ups.availability, before?.rows ?? undefined) : null;
  return {
    ups: source.ups,
    descriptions: source.descriptions,
    options,
    // Without charts: the readings the charts' "now" takes are in `ups`, compared below.
    history: history && rows ? historyCard(history.ups, history.since, history.now, rows.rows) : null,
    charts: charts ? chartsKey(source.ups, history.ups, history.now) : null,
    rows,
  };
}

/**
 * The card's history as the card shows it, from its key: the words and rows the key holds, with
 * the charts it holds. Made again for the card, they were the same words and chart views worked
 * out a second time for every card drawn (issue 11: every card, every cycle, when readings move).
 */
export function cardHistory(key: CardKey): HistoryCardView | null {
  if (key.history === null) return null;
  return { ...key.history, charts: key.charts !== null, day: key.charts?.day ?? [], month: key.charts?.month ?? [] };
}

/** Whether two keys draw the same card; `sameShared` compares the host's descriptions, shared by its cards. */
export function sameCardKey(a: CardKey, b: CardKey, sameShared: (a: object, b: object) => boolean): boolean {
  return (
    sameData(a.ups, b.ups) &&
    sameData(a.options, b.options) &&
    sameData(a.history, b.history) &&
    sameData(a.charts, b.charts) &&
    sameShared(a.descriptions, b.descriptions)
  );
}
