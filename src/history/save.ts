// Each cycle: appends the samples, closed rollups and events, then saves state.json atomically.
// Old day files are removed once a day and the events file is rewritten (atomically) when it
// outgrows its bounds. A failure never stops the cycle: it is logged once, and the next cycle
// tries again (a full or read-only disk, issue 8 "Durability").

import { rm } from 'node:fs/promises';
import path from 'node:path';
import { writeOutputs } from '../publish/atomic-write.ts';
import { AppError, toErrorInfo, type ErrorInfo } from '../shared/errors.ts';
import type { Logger } from '../shared/log.ts';
import type { PowerEvent } from '../snapshot/events.ts';
import { appendLines, dayFiles, readLines } from './files.ts';
import type { CycleRecord, HistoryState } from './types.ts';
import { dayFile, dayOf, storePaths, EVENT_KEEP_MS, MAX_STORED_EVENTS, ROLLUP_KEEP_MS, SAMPLE_KEEP_MS, type HistoryLogEvent, type StoreState } from './paths.ts';
import { eventFrom, rowLine, sampleLine } from './records.ts';
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
async function compactEvents(dataDir: string, now: number): Promise<number> {
  const file = storePaths(dataDir).events;
  const read = await readLines(file, eventFrom);
  const keep = read.items.filter((event: PowerEvent) => Date.parse(event.time) >= now - EVENT_KEEP_MS).slice(-MAX_STORED_EVENTS);
  if (keep.length === read.items.length) return keep.length;
  await writeOutputs(dataDir, [{ name: path.basename(file), content: keep.map((event) => `${JSON.stringify(event)}\n`).join('') }]);
  return keep.length;
}

/** Once a day: samples older than a day, rollups older than 30 days, events older than a year go. */
async function housekeeping(dataDir: string, now: number): Promise<number> {
  const paths = storePaths(dataDir);
  await removeOlder(paths.samples, dayOf(now - SAMPLE_KEEP_MS));
  await removeOlder(paths.rollups, dayOf(now - ROLLUP_KEEP_MS));
  await removeOlder(paths.hourly, dayOf(now - ROLLUP_KEEP_MS));
  return compactEvents(dataDir, now);
}

async function appendRecord(dataDir: string, record: CycleRecord): Promise<void> {
  const paths = storePaths(dataDir);
  for (const [day, lines] of byDay(record.samples, (sample) => sample.t, sampleLine)) await appendLines(path.join(paths.samples, dayFile(day)), lines);
  for (const [day, lines] of byDay(record.rows, (row) => row.bucket.t, rowLine)) await appendLines(path.join(paths.rollups, dayFile(day)), lines);
  for (const [day, lines] of byDay(record.hourRows, (row) => row.bucket.t, rowLine)) await appendLines(path.join(paths.hourly, dayFile(day)), lines);
  await appendLines(paths.events, record.events.map((event) => JSON.stringify(event)));
}

function writeError(error: unknown, dataDir: string): ErrorInfo {
  if (error instanceof AppError) return toErrorInfo(error);
  return { code: 'HISTORY-WRITE', message: `cannot write ${dataDir}: ${(error as NodeJS.ErrnoException).code ?? toErrorInfo(error).message}` };
}

/** Never rejects: returns the housekeeping for the next cycle. */
export const saveHistory: SaveHistory = async ({ dataDir, record, history, store, now }, log) => {
  try {
    const paths = storePaths(dataDir);
    // Folders are made by the first append that finds one missing, not checked every cycle.
    await appendRecord(dataDir, record);
    let eventLines = store.eventLines + record.events.length;
    const today = dayOf(now.getTime());
    if (today !== store.prunedDay || eventLines > MAX_STORED_EVENTS * 1.1) eventLines = await housekeeping(dataDir, now.getTime());
    await writeOutputs(dataDir, [{ name: path.basename(paths.state), content: stateJson(history, now.toISOString()) }]);
    if (store.failing) log.event({ kind: 'history-write-recovered', dir: dataDir });
    return { eventLines, prunedDay: today, failing: false };
  } catch (error) {
    if (!store.failing) log.event({ kind: 'history-write-failed', ...writeError(error, dataDir) });
    return { ...store, failing: true };
  }
};
