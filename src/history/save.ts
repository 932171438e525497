// Each cycle: appends the samples, closed rollups and events, then saves state.json atomically
// when it is due (STATE_EVERY_MS). Old day files are removed once a day and the events file is
// rewritten (atomically) when it outgrows its bounds. A failure never stops the cycle: it is
// logged once, and the next cycle tries again (a full or read-only disk, issue 8 "Durability").

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

type StoreInput = Omit<SaveInput, 'record'>;

/** What the job's last cycle left in memory, saved as it stops (or moves to another store). */
export type FlushHistory = (input: StoreInput, log: Logger<HistoryLogEvent>) => Promise<StoreState>;

/**
 * Between the cycles that append lines, state.json changes only by what every cycle adds: the sums
 * of the 5-minute buckets being filled, each UPS's last reading and when it was seen. Written every
 * cycle, it was a file made, flushed to the disk and renamed each cycle: a tenth of a small site's
 * CPU per cycle on a schedule of every second, and 86,400 flushes a day to a Pi's SD card (issue
 * 11, Footprint). So a cycle saves it only when one of these holds, and the job saves it as it
 * stops:
 * - the cycle appended rollups or events (load.ts takes out lines the saved state does not know of);
 * - a UPS is on battery or lost: the period under way and its lowest charge are saved every cycle;
 * - a save failed, or this process has saved none yet (a `--once` run's one cycle saves);
 * - STATE_EVERY_MS have passed since the last save (either way: a clock stepped back still saves).
 * A kill (or a power cut) loses at most that long of the buckets' samples: the next start reads the
 * state saved before, and counts the time since it as a monitoring gap, as it does the time the job
 * was not running.
 */
export const STATE_EVERY_MS = 60_000;

const underWay = (history: HistoryState) => Object.values(history.track.ups).some((ups) => ups.batterySince !== null || ups.lostSince !== null);

function stateDue(record: CycleRecord, { history, store, now }: StoreInput): boolean {
  if (store.stateSavedAt === null || store.failing) return true;
  if (record.rows.length > 0 || record.hourRows.length > 0 || record.events.length > 0) return true;
  return Math.abs(now.getTime() - store.stateSavedAt) >= STATE_EVERY_MS || underWay(history);
}

/** Written last: a cycle whose state is on disk has all its lines there (load.ts reads the rest as not saved). */
async function writeState(dataDir: string, history: HistoryState, now: Date, eventLines: number): Promise<void> {
  await writeOutputs(dataDir, [{ name: path.basename(storePaths(dataDir).state), content: stateJson(history, now.toISOString(), eventLines), readBack: true }]);
}

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

/**
 * Appends what earlier failed saves left and the cycle's lines, then writes state.json when it is
 * due. Without a cycle (`record` null: the job stops), it appends what is left and writes
 * state.json: written alone, it would hold a state past lines a failing disk left unwritten, and
 * the next start would never see them. Never rejects: returns the housekeeping for the next save.
 */
async function save(input: StoreInput, record: CycleRecord | null, log: Logger<HistoryLogEvent>): Promise<StoreState> {
  const { dataDir, history, store, now } = input;
  // A store that could not be read at start is not written (paths.ts StoreState.unread).
  if (store.unread) return store;
  const appends = record === null ? { kept: [], samples: [] } : appendsOf(dataDir, record);
  const left = { unwritten: [] as Append[] };
  let eventLines = store.eventLines;
  let prunedDay = store.prunedDay;
  try {
    // Still ours: a store folder removed while the job runs comes back with its lock (one stat).
    await store.lock?.hold();
    // Folders are made by the first append that finds one missing, not checked every cycle.
    eventLines += await appendAll([...store.unwritten, ...appends.kept], appends.samples, storePaths(dataDir).events, left);
    // Housekeeping goes with the cycles, which age the store.
    if (record !== null && (dayOf(record.agedBy) !== prunedDay || eventLines > MAX_STORED_EVENTS * 1.1)) {
      prunedDay = dayOf(record.agedBy);
      eventLines = await housekeeping(dataDir, record.agedBy, eventLines);
    }
    const due = record === null || stateDue(record, input);
    if (due) await writeState(dataDir, history, now, eventLines);
    if (store.failing) log.event({ kind: 'history-write-recovered', dir: dataDir });
    const saved = due ? { stateSavedAt: now.getTime(), stateBehind: false } : { stateBehind: true };
    return { ...store, ...saved, eventLines, prunedDay, failing: false, unwritten: [] };
  } catch (error) {
    if (!store.failing) log.event({ kind: 'history-write-failed', ...storeError(error, 'HISTORY-WRITE', dataDir) });
    // Once the kept lines are appended (the samples, housekeeping or the state file failed), none is left.
    return { ...store, eventLines, failing: true, unwritten: left.unwritten, stateBehind: true };
  }
}

export const saveHistory: SaveHistory = (input, log) => save(input, input.record, log);

/** Writes nothing when state.json already holds the last cycle. */
export const flushHistory: FlushHistory = async (input, log) => (input.store.stateBehind ? save(input, null, log) : input.store);
