// history.json: the series behind the page's charts, for scripts and other devices (README
// "history.json"). Bounded: 288 five-minute averages and 30 daily min/avg/max per chart metric,
// per UPS, plus the on-battery periods of the last 30 days.

import type { UpsHistory } from '../history/view.ts';
import { CHART_METRICS, DAY_SLOTS, MONTH_SLOTS, figuresOf, type Series } from '../history/series.ts';
import { figureRowJson, rowOfMetric } from '../history/figures.ts';
import { FIVE_MINUTES, floorTo } from '../history/bucket.ts';
import { sameData } from './page/same-data.ts';
import type { Piece } from '../publish/atomic-write.ts';
import type { Output } from './types.ts';

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

/**
 * The same text as JSON.stringify of the whole document, in pieces: each UPS's part. The file is
 * megabytes for 576 UPSes, and a joined copy of it would be one more such string.
 */
function historyJson(generatedAt: string, since: string, ups: readonly UpsHistory[]): Piece[] {
  const head = JSON.stringify({ schemaVersion: 1, generatedAt, since });
  const parts: Piece[] = [`${head.slice(0, -1)},"ups":[`];
  ups.forEach((each, i) => parts.push(i === 0 ? '' : ',', upsSeriesJson(each)));
  parts.push(']}\n');
  return parts;
}

/** What a UPS's part of the file was made with, beyond its series: its names and on-battery periods. */
type Marks = Pick<UpsHistory, 'host' | 'ups' | 'onBattery'>;

/** What the file was made from: the 5-minute bucket it was made in, the history's start, each UPS's marks. */
interface Made {
  bucket: number;
  since: string;
  marks: readonly Marks[];
  /** The file's version, for the publisher: a new one each time the file is made. */
  version: object;
}

const holds = (made: Made, bucket: number, since: string, ups: readonly UpsHistory[]) =>
  made.bucket === bucket &&
  made.since === since &&
  made.marks.length === ups.length &&
  made.marks.every((marks, i) => {
    const now = ups[i] as UpsHistory;
    return marks.host === now.host && marks.ups === now.ups && sameData(marks.onBattery, now.onBattery);
  });

/**
 * The file is made as each 5-minute bucket begins, when an on-battery period begins or ends, and
 * when the UPSes or the history's start change; between, the same version is handed back and the
 * publisher leaves the file as it is. So the slot being filled (the last of each 24 h series,
 * today's of each 30-day one) stands as it was when the file was made, at `generatedAt`: for up to
 * 5 minutes, the 5-minute step of the series themselves (status.json has each cycle's readings).
 * A real UPS's readings move every cycle, and so does that slot's average: made on each move, the
 * file was serialised, written and flushed every cycle (at 576 UPSes 4.5 MB, and ~8 MB of garbage,
 * a cycle; at 4 UPSes one of a cycle's five flushed files, issue 11), and a client that
 * revalidates now gets "not modified" between.
 *
 * Its text is made on demand, from the cycle's own series: when a version begins, and again only
 * if the file is found removed or changed before the next. It is not kept between.
 */
export function createHistoryJsonOutput(): Output {
  let made: Made | null = null;
  return {
    name: 'history.json',
    build({ snapshot, history }) {
      const bucket = floorTo(history.now, FIVE_MINUTES);
      const ups = Object.values(history.ups);
      if (made === null || !holds(made, bucket, history.since, ups)) {
        made = { bucket, since: history.since, marks: ups.map(({ host, ups, onBattery }) => ({ host, ups, onBattery })), version: {} };
      }
      const { since } = history;
      return [{ name: 'history.json', content: { version: made.version, make: () => historyJson(snapshot.generatedAt, since, ups) } }];
    },
  };
}
