// history.json: the series behind the page's charts, for scripts and other devices (README
// "history.json"). Bounded: 288 five-minute averages and 30 daily min/avg/max per chart metric,
// per UPS, plus the on-battery periods of the last 30 days.

import type { UpsHistory } from '../history/view.ts';
import { CHART_METRICS, DAY_SLOTS, MONTH_SLOTS, figuresOf, type Period, type Series } from '../history/series.ts';
import { figureRowJson, rowOfMetric } from '../history/figures.ts';
import { sameData } from './page/same-data.ts';
import type { Piece } from '../publish/atomic-write.ts';
import type { Output } from './types.ts';
import { utf8 } from '../shared/utf8.ts';

const iso = (t: number) => new Date(t).toISOString();

/** The 24 h series are the 5-minute averages the line is drawn through. */
function dayJson(series: Series): string {
  const figures = figuresOf(series);
  const rows = CHART_METRICS.map((metric, m) => `"${metric}":${figureRowJson(figures, rowOfMetric(m) + 1)}`);
  return `{"start":"${iso(series.start)}","stepSeconds":300,"slots":${DAY_SLOTS},${rows.join(',')}}`;
}

function monthJson(series: Series): string {
  const figures = figuresOf(series);
  const bands = CHART_METRICS.map((metric, m) => {
    const row = rowOfMetric(m);
    return `"${metric}":{"min":${figureRowJson(figures, row)},"avg":${figureRowJson(figures, row + 1)},"max":${figureRowJson(figures, row + 2)}}`;
  });
  return `{"start":"${iso(series.start)}","stepSeconds":86400,"slots":${MONTH_SLOTS},${bands.join(',')}}`;
}

/** What JSON.stringify made of {host, ups, day, month, onBattery}, written from the compact figures without number arrays. */
function upsSeriesJson(history: UpsHistory): string {
  const onBattery = history.onBattery.map((period) => ({ start: iso(period.start), end: period.end === null ? null : iso(period.end) }));
  const names = JSON.stringify({ host: history.host, ups: history.ups });
  return `${names.slice(0, -1)},"day":${dayJson(history.day)},"month":${monthJson(history.month)},"onBattery":${JSON.stringify(onBattery)}}`;
}

interface Written {
  month: Series;
  onBattery: readonly Period[];
  host: string;
  ups: string;
  /** Kept encoded (atomic-write.ts). */
  text: Uint8Array;
}

/**
 * Each UPS's part of the file, kept with its 24-hour series: a series keeps its identity while its
 * slots show the same figures (history/series.ts; UPSes without any history share one), so a steady cycle rewrites only what moved
 * instead of serialising ~1,500 numbers per UPS (issue 11). Weakly held: it goes with the series.
 */
const written = new WeakMap<Series, Written>();

function upsText(history: UpsHistory): Uint8Array {
  const before = written.get(history.day);
  if (before && before.month === history.month && before.host === history.host && before.ups === history.ups && sameData(before.onBattery, history.onBattery)) return before.text;
  const text = utf8(upsSeriesJson(history));
  written.set(history.day, { month: history.month, onBattery: history.onBattery, host: history.host, ups: history.ups, text });
  return text;
}

/** What the file held last: its series' texts, and the pieces handed to the writer. */
interface Made {
  since: string;
  texts: readonly Uint8Array[];
  content: Piece[];
}

/**
 * The same text as JSON.stringify of the whole document, in pieces: each UPS's kept part as it is.
 * The file is megabytes for 576 UPSes, and a joined copy of it would be garbage each cycle.
 */
function historyJson(generatedAt: string, since: string, texts: readonly Uint8Array[]): Piece[] {
  const head = JSON.stringify({ schemaVersion: 1, generatedAt, since });
  const parts: Piece[] = [`${head.slice(0, -1)},"ups":[`];
  texts.forEach((text, i) => parts.push(i === 0 ? '' : ',', text));
  parts.push(']}\n');
  return parts;
}

const holds = (made: Made, since: string, texts: readonly Uint8Array[]) =>
  made.since === since && made.texts.length === texts.length && made.texts.every((text, i) => text === texts[i]);

/**
 * The series move as a 5-minute bucket begins, and in a cycle that moves an average, a daily figure
 * or an on-battery period; the file is made again only then: `generatedAt` is the time of the
 * cycle that made it. Between, the last cycle's very pieces are handed back and the writer leaves
 * the file as it is: a client that revalidates gets "not modified", and no cycle writes and
 * flushes the same series again (at 576 UPSes 4.5 MB a cycle; at 4 UPSes one of a cycle's five
 * flushed files, issue 11).
 */
export function createHistoryJsonOutput(): Output {
  let made: Made | null = null;
  return {
    name: 'history.json',
    build({ snapshot, history }) {
      const texts = Object.values(history.ups).map(upsText);
      if (made === null || !holds(made, history.since, texts)) made = { since: history.since, texts, content: historyJson(snapshot.generatedAt, history.since, texts) };
      return [{ name: 'history.json', content: made.content }];
    },
  };
}
