// Each cycle: appends the samples, closed rollups and events, then saves state.json atomically.
// Old day files are removed once a day and the events file is rewritten (atomically) when it
// outgrows its bounds. A failure never stops the cycle: it is logged once, and the next cycle
// tries again (a full or read-only disk, issue 8 "Durability").

import { rm } from 'node:fs/promises';
import path from 'node:path';
import { writeOutputs } from '../publish/atomic-write.ts';
import type { Logger } from '../shared/log.ts';
import type { PowerEvent } from '../snapshot/events.ts';
import { appendLines, dayFiles, readLines, rewriteLines, storeError } from './files.ts';
import type { CycleRecord, HistoryState } from './types.ts';
import { dayFile, dayOf, storePaths, EVENT_KEEP_MS, MAX_STORED_EVENTS, ROLLUP_KEEP_MS, SAMPLE_KEEP_MS, type Append, type HistoryLogEvent, type StoreState } from './paths.ts';
import { eventFrom, eventLine, rowLine, sampleLine } from './records.ts';
import { stateJson } from './state-file.ts';

export interface SaveInput {
  dataDir: string;
  record: CycleRecord;
  history: HistoryState;
  store: StoreState;
  now: Date;
}

export type SaveHistory = (input: SaveInput, log: Logger<HistoryLogEvent>) => Promise<StoreState>;

/**
 * The lines of each UTC day. A cycle's samples share one time, so its day is worked out once; and
 * lines are pushed, not copied into a new list each (for 576 UPSes that copying was ~3 MB a cycle).
 */
function byDay<T>(items: readonly T[], time: (item: T) => number, line: (item: T) => string): Map<string, string[]> {
  const days = new Map<string, string[]>();
  let lastT = Number.NaN;
  let lines: string[] = [];
  for (const item of items) {
    const t = time(item);
    if (t !== lastT) {
      const day = dayOf(t);
      lines = days.get(day) ?? [];
      days.set(day, lines);
      lastT = t;
    }
    lines.push(line(item));
  }
  return days;
}

async function removeOlder(dir: string, keepFrom: string): Promise<void> {
  const old = (await dayFiles(dir)).filter((name) => name < dayFile(keepFrom));
  await Promise.all(old.map((name) => rm(path.join(dir, name), { force: true })));
}

/** Rewrites events.jsonl with the newest lines of the last year; returns how many it keeps. */
async function compactEvents(dataDir: string, now: number, lines: number): Promise<number> {
  const file = storePaths(dataDir).events;
  const read = await readLines(file, eventFrom);
  // Damaged since start (edited by hand, a bad sector): rewritten from the lines before the bad
  // one, it would lose every event after it. Left whole, the next start moves it aside and says why.
  if (read.damaged) return lines;
  const keep = read.items.filter((event: PowerEvent) => Date.parse(event.time) >= now - EVENT_KEEP_MS).slice(-MAX_STORED_EVENTS);
  if (keep.length === read.items.length) return keep.length;
  await rewriteLines(file, keep.map(eventLine));
  return keep.length;
}

/** Once a day: samples older than a day, rollups older than 30 days, events older than a year go. */
async function housekeeping(dataDir: string, now: number, eventLines: number): Promise<number> {
  const paths = storePaths(dataDir);
  await removeOlder(paths.samples, dayOf(now - SAMPLE_KEEP_MS));
  await removeOlder(paths.rollups, dayOf(now - ROLLUP_KEEP_MS));
  await removeOlder(paths.hourly, dayOf(now - ROLLUP_KEEP_MS));
  return compactEvents(dataDir, now, eventLines);
}

/** The cycle's lines, file by file: rollups, hourly rollups, events, then the raw samples. */
function appendsOf(dataDir: string, record: CycleRecord): { kept: Append[]; samples: Append[] } {
  const paths = storePaths(dataDir);
  const inDays = (dir: string, days: Map<string, string[]>) => [...days].map(([day, lines]) => ({ file: path.join(dir, dayFile(day)), lines }));
  const kept = [
    ...inDays(paths.rollups, byDay(record.rows, (row) => row.bucket.t, rowLine)),
    ...inDays(paths.hourly, byDay(record.hourRows, (row) => row.bucket.t, rowLine)),
    { file: paths.events, lines: record.events.map(eventLine) },
  ];
  return { kept: kept.filter((append) => append.lines.length > 0), samples: inDays(paths.samples, byDay(record.samples, (sample) => sample.t, sampleLine)) };
}

/**
 * What a failing disk holds back is bounded: beyond this many lines the oldest rollups go (the
 * events stay). Each 5-minute or hourly row is one line per UPS: hours of a large site, days of a small one.
 */
const MAX_UNWRITTEN_LINES = 20_000;

function bounded(appends: readonly Append[], events: string): Append[] {
  let lines = appends.reduce((sum, append) => sum + append.lines.length, 0);
  return appends.filter((append) => {
    if (lines <= MAX_UNWRITTEN_LINES || append.file === events) return true;
    lines -= append.lines.length;
    return false;
  });
}

/**
 * Appends, in order, what earlier failed saves left and this cycle's lines; returns the events'
 * lines appended. On a failure the rest is kept in `left` for the next save, except the raw
 * samples, which only serve the last 24 h: a failing disk does not lose the rollups the hourly
 * ones are made of, nor the events (the state in memory has moved past them, and would never
 * write them again).
 */
async function appendAll(kept: readonly Append[], samples: readonly Append[], events: string, left: { unwritten: Append[] }): Promise<number> {
  let eventLines = 0;
  for (const [i, append] of kept.entries()) {
    try {
      await appendLines(append.file, append.lines);
    } catch (error) {
      left.unwritten = bounded(kept.slice(i), events);
      throw error;
    }
    if (append.file === events) eventLines += append.lines.length;
  }
  for (const append of samples) await appendLines(append.file, append.lines);
  return eventLines;
}

/** Never rejects: returns the housekeeping for the next cycle. */
export const saveHistory: SaveHistory = async ({ dataDir, record, history, store, now }, log) => {
  // A store that could not be read at start is not written (paths.ts StoreState.unread).
  if (store.unread) return store;
  const paths = storePaths(dataDir);
  const appends = appendsOf(dataDir, record);
  const left = { unwritten: [] as Append[] };
  let eventLines = store.eventLines;
  try {
    // Still ours: a store folder removed while the job runs comes back with its lock (one stat).
    await store.lock?.hold();
    // Folders are made by the first append that finds one missing, not checked every cycle.
    eventLines += await appendAll([...store.unwritten, ...appends.kept], appends.samples, paths.events, left);
    const today = dayOf(record.agedBy);
    if (today !== store.prunedDay || eventLines > MAX_STORED_EVENTS * 1.1) eventLines = await housekeeping(dataDir, record.agedBy, eventLines);
    // Last: a cycle whose state is on disk has all its lines there (load.ts reads the rest as not saved).
    await writeOutputs(dataDir, [{ name: path.basename(paths.state), content: stateJson(history, now.toISOString(), eventLines) }]);
    if (store.failing) log.event({ kind: 'history-write-recovered', dir: dataDir });
    return { ...store, eventLines, prunedDay: today, failing: false, unwritten: [] };
  } catch (error) {
    if (!store.failing) log.event({ kind: 'history-write-failed', ...storeError(error, 'HISTORY-WRITE', dataDir) });
    // Once the kept lines are appended (the samples, housekeeping or the state file failed), none is left.
    return { ...store, eventLines, failing: true, unwritten: left.unwritten };
  }
};
