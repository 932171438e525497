// When last cycle's drawing of a card still holds, decided from what the card is drawn from. The
// check must cost far less than drawing: building every card's view and hashing it cost more than
// drawing them all (issue 11, 576 UPSes). So it compares the UPS's data and options (vars are
// compared by identity first, then shallowly), the history in the words the card shows, and for a
// card with charts the identity of its series (history/series.ts keeps a series while its slots
// show the same figures), never the series' slots one by one unless they are new objects.

import type { Series } from '../../history/series.ts';
import type { UpsHistory } from '../../history/view.ts';
import type { UpsSnapshot } from '../../snapshot/types.ts';
import { historyCard, rowsOf, type DrawnRows, type HistoryCardView } from './history-card.ts';
import { batterySpans } from './history-charts.ts';
import { sameData } from './same-data.ts';
import { isCompact, type CardOptions } from './ups-card.ts';
import type { CardSource } from './view-model.ts';

/** What a card's charts are drawn from; series keep their identity while their slots show the same figures. */
interface ChartsKey {
  day: Series;
  month: Series;
  /** On-battery spans as drawn: an open period's grows with the time, by tenths of a slot. */
  battery: ReturnType<typeof batterySpans>;
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

function chartsKey(history: UpsHistory, now: number): ChartsKey {
  return { day: history.day, month: history.month, battery: batterySpans(history, now) };
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
    history: history && rows ? historyCard(history.ups, history.since, history.now, null, false, rows.rows) : null,
    charts: charts ? chartsKey(history.ups, history.now) : null,
    rows,
  };
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
