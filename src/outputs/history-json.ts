// history.json: the series behind the page's charts, for scripts and other devices (README
// "history.json"). Bounded: 288 five-minute averages and 30 daily min/avg/max per chart metric,
// per UPS, plus the on-battery periods of the last 30 days.

import type { HistoryView, UpsHistory } from '../history/view.ts';
import { CHART_METRICS, DAY_SLOTS, MONTH_SLOTS } from '../history/series.ts';
import type { Output } from './types.ts';

const iso = (t: number) => new Date(t).toISOString();

/** The 24 h series are the 5-minute averages the line is drawn through. */
const averages = (history: UpsHistory) => Object.fromEntries(CHART_METRICS.map((metric) => [metric, history.day.bands[metric].avg]));

function upsSeries(history: UpsHistory) {
  return {
    host: history.host,
    ups: history.ups,
    day: { start: iso(history.day.start), stepSeconds: 300, slots: DAY_SLOTS, ...averages(history) },
    month: { start: iso(history.month.start), stepSeconds: 86_400, slots: MONTH_SLOTS, ...history.month.bands },
    onBattery: history.onBattery.map((period) => ({ start: iso(period.start), end: period.end === null ? null : iso(period.end) })),
  };
}

export function renderHistoryJson(generatedAt: string, history: HistoryView): string {
  return `${JSON.stringify({ schemaVersion: 1, generatedAt, since: history.since, ups: Object.values(history.ups).map(upsSeries) })}\n`;
}

export const historyJsonOutput: Output = {
  name: 'history.json',
  build: ({ snapshot, history }) => [{ name: 'history.json', content: renderHistoryJson(snapshot.generatedAt, history) }],
};
