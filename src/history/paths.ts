// Where the history store keeps what, inside the configured dataDir (README "History store").

import path from 'node:path';
import type { OutLock } from '../publish/out-lock.ts';
import type { ErrorInfo } from '../shared/errors.ts';
import { DAY } from './bucket.ts';

export interface StorePaths {
  readonly samples: string;
  readonly rollups: string;
  readonly hourly: string;
  readonly events: string;
  readonly state: string;
}

/** The last store's paths: every save asks for them, and a process has one store at a time. */
let lastStore: { dataDir: string; paths: StorePaths } | null = null;

export function storePaths(dataDir: string): StorePaths {
  if (lastStore?.dataDir !== dataDir) {
    const paths = {
      samples: path.join(dataDir, 'samples'),
      rollups: path.join(dataDir, 'rollups'),
      hourly: path.join(dataDir, 'hourly'),
      events: path.join(dataDir, 'events.jsonl'),
      state: path.join(dataDir, 'state.json'),
    };
    lastStore = { dataDir, paths };
  }
  return lastStore.paths;
}

/** "2026-01-05": the UTC day, which names the samples and rollups files. */
export const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);
export const dayFile = (day: string) => `${day}.jsonl`;

/** Raw samples: every one for 24 h, so today's file and yesterday's. */
export const SAMPLE_KEEP_MS = DAY;
/** 5-minute rollups: 30 days. */
export const ROLLUP_KEEP_MS = 30 * DAY;
/** Events: a year, and never more than this many lines. */
export const EVENT_KEEP_MS = 365 * DAY;
export const MAX_STORED_EVENTS = 10_000;

/** File housekeeping carried from cycle to cycle. */
export interface StoreState {
  /** Lines in events.jsonl. */
  eventLines: number;
  /** The UTC day old files were last removed. */
  prunedDay: string;
  /** The last save failed; the next success is logged as a recovery. */
  failing: boolean;
  /** Lines a failed save could not append, oldest first: the next save appends them first (save.ts). */
  unwritten: readonly Append[];
  /**
   * The store could not be read at start (a file the job may not read, a disk error, a state.json
   * from a newer upsview): nothing is written to it, since a state saved from the empty history in
   * memory would replace the one on disk, and the history it holds would be lost for good.
   */
  unread: boolean;
  /**
   * The store's folder is locked as the output folder is: two configs side by side (each with the
   * default "data" beside it) appended to one store and each saved its own state.json over the
   * other's. Null when it could not be locked (a read-only disk: the saves say why).
   */
  lock: Pick<OutLock, 'hold' | 'release'> | null;
  /** The time of the cycle whose state.json is on disk; null before this process saved one. */
  stateSavedAt: number | null;
  /** Cycles since then have left state.json behind the history in memory (save.ts STATE_EVERY_MS). */
  stateBehind: boolean;
}

/** Lines for one file of the store. */
export interface Append {
  file: string;
  lines: readonly string[];
}

export const emptyStore = (): StoreState => ({ eventLines: 0, prunedDay: '', failing: false, unwritten: [], unread: false, lock: null, stateSavedAt: null, stateBehind: false });

export type HistoryLogEvent =
  | { kind: 'history-loaded'; dir: string; since: string | null; ups: number; events: number; ms: number }
  | { kind: 'history-damaged'; file: string; reason: string; movedTo: string; since: string }
  | ({ kind: 'history-read-failed' } & ErrorInfo)
  | ({ kind: 'history-write-failed' } & ErrorInfo)
  | { kind: 'history-write-recovered'; dir: string };
