// Start-up: reads the store back into memory (30 days of rollups, the recent events, the saved
// state). A damaged file is moved aside and said once, with what is wrong: a day of rollups costs
// only the time it held, a damaged state or events file restarts the history from now; a store
// that cannot be read at all leaves the job running with an empty history, and is not written to
// (its history would be replaced by that empty one).

import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../shared/log.ts';
import { emptyTrack, upsKey, type PowerEvent } from '../snapshot/events.ts';
import { removeStaleTempFiles } from '../publish/atomic-write.ts';
import { acquireOutLock } from '../publish/out-lock.ts';
import { HistoryError, OutputError } from '../shared/errors.ts';
import { cutTornTail, dayFiles, moveAside, readLines, rewriteLines, storeError } from './files.ts';
import { DAY, FIVE_MINUTES, HOUR, floorTo, placeInto, type Bucket } from './bucket.ts';
import { FINE_KEEP_MS, addClosedEnergy, agedOutBy, clockBeforeHistory, clockNotSet, emptyHistory, foldInto, monthOf, newUnit, pruneEvents, pruneUnit } from './model.ts';
import type { ClosedRow, HistoryState, UnitHistory } from './types.ts';
import { dayFile, dayOf, emptyStore, storePaths, ROLLUP_KEEP_MS, type HistoryLogEvent, type StoreState } from './paths.ts';
import { eventFrom, eventLine, rowFrom, rowLine } from './records.ts';
import { gatherHours, type HourGatherer } from './written-hours.ts';
import { STATE_VERSION, newerVersion, readSavedState, type SavedState } from './state-file.ts';

export interface Loaded {
  history: HistoryState;
  store: StoreState;
}

/** What start-up read of the store but its rows, which it takes as it reads them. */
interface Found {
  saved: SavedState | null;
  events: PowerEvent[];
  /**
   * state.json or events.jsonl was damaged: what is left is read against them (the saved state,
   * the outages), so the history restarts. A damaged day of rollups is only a gap in it.
   */
  restart: boolean;
}

/** Where the rows go as they are read: the hourly rows, and the 5-minute rows (the last day, and whatever the hourly rollups do not cover yet). */
interface Takers {
  hour: (row: ClosedRow) => void;
  fine: (row: ClosedRow) => void;
}

/** What start-up made of state.json: a state, nothing (no file), or why it was not read. */
interface StateFound {
  saved: SavedState | null;
  /** Why the file is damaged; null when it is not. */
  problem: string | null;
}

async function readState(file: string): Promise<StateFound> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { saved: null, problem: null };
    throw new HistoryError('HISTORY-READ', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'EIO'}`, { cause: error });
  }
  if (text.trim() === '') return { saved: null, problem: 'empty' };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { saved: null, problem: 'not JSON (cut short, or overwritten)' };
  }
  const newer = newerVersion(raw);
  if (newer !== null) throw new HistoryError('HISTORY-READ', `cannot read ${file}: written by a later upsview (state version ${newer}; this one reads ${STATE_VERSION})`);
  const read = readSavedState(raw);
  return { saved: read.saved, problem: read.problem ?? null };
}

/**
 * The raw samples are never read back, only appended to: a fault there (a file where the folder
 * should be) is no reason to show no history, and the save that appends to them reports it.
 */
async function cutSamplesTail(dir: string): Promise<void> {
  try {
    const newest = (await dayFiles(dir)).at(-1);
    if (newest !== undefined) await cutTornTail(path.join(dir, newest));
  } catch {
    // history-write-failed names it, from the first save on.
  }
}

/**
 * Reads the store. The rows (30 days: 580,000 of them at 576 UPSes) go to their takers file by file
 * as they are read, rather than all held at once (start-up peaked at 580 MB then: issue 11, Scale).
 * The takers are made once the saved state and events are read: they tell whether the history restarts.
 */
async function readStore(dataDir: string, now: Date, aside: (file: string, problem: string) => Promise<void>, takers: (found: Found) => Takers): Promise<Found> {
  const paths = storePaths(dataDir);
  const state = await readState(paths.state);
  if (state.problem !== null) await aside(paths.state, state.problem);
  // Rows from `unsavedFrom` on are taken out of their file as they are read (withoutUnsaved).
  const readRows = async (dir: string, from: number, take: (row: ClosedRow) => void, unsavedFrom = Number.POSITIVE_INFINITY) => {
    for (const name of await dayFiles(dir)) {
      if (name < dayFile(dayOf(from))) continue;
      const file = path.join(dir, name);
      const read = await readLines(file, rowFrom);
      if (read.problem !== null) await aside(file, read.problem);
      else for (const row of await withoutUnsaved(file, read.items, unsavedFrom)) take(row);
    }
  };
  const events = await readLines(paths.events, eventFrom);
  if (events.problem !== null) await aside(paths.events, events.problem);
  const saved = events.damaged ? [] : await dropUnsavedEvents(paths.events, events.items, savedLines(events.items, state.saved));
  const found = { saved: state.saved, events: saved, restart: state.problem !== null || events.damaged };
  const take = takers(found);
  const oldest = now.getTime() - ROLLUP_KEEP_MS;
  const through = state.saved?.hourlyThrough ?? null;
  await cutSamplesTail(paths.samples);
  if (through !== null) await readRows(paths.hourly, oldest, take.hour, through);
  // No hour written yet by the saved state: any hourly row from the hour the history began in on is unsaved.
  if (through === null && state.saved) await dropUnsavedHours(paths.hourly, floorTo(Date.parse(state.saved.since ?? now.toISOString()), HOUR));
  await readRows(paths.rollups, through === null ? oldest : Math.max(oldest, Math.min(now.getTime() - FINE_KEEP_MS, through)), take.fine);
  return found;
}

/**
 * A kill after a cycle's appends and before its state.json leaves lines the state does not know
 * of. Its hourly rows (those from the saved hourlyThrough on) are written again, from the 5-minute
 * rows, by the next hour-closing cycle, and its events are seen again, from the saved state, by the
 * first cycle: kept, they would count twice (one outage as two, an hour's energy doubled).
 */
async function withoutUnsaved(file: string, rows: readonly ClosedRow[], unsavedFrom: number): Promise<ClosedRow[]> {
  const kept = rows.filter((row) => row.bucket.t < unsavedFrom);
  if (kept.length < rows.length) await rewriteLines(file, kept.map(rowLine));
  return kept;
}

/** The same for hourly files not otherwise read at start (a damaged one is left for the read that needs it). */
async function dropUnsavedHours(dir: string, from: number): Promise<void> {
  for (const name of await dayFiles(dir)) {
    if (name < dayFile(dayOf(from))) continue;
    const read = await readLines(path.join(dir, name), rowFrom);
    if (!read.damaged) await withoutUnsaved(path.join(dir, name), read.items, from);
  }
}

/**
 * How many of the events the saved state knows of. A state.json from before it counted them
 * (eventLines null) still tells by time: a cycle stamps its events with its own time and the state
 * holds the last cycle it saved, so the last events, stamped by one cycle after that one, are a
 * killed cycle's; kept, the first cycle would tell that outage twice. A cycle more than a day
 * after the saved one is not the next one, but a clock that was wrong when the state was saved
 * (a Pi at 1970 until NTP): its events are kept.
 */
function savedLines(events: readonly PowerEvent[], saved: SavedState | null): number | null {
  if (saved === null || saved.eventLines !== null) return saved?.eventLines ?? null;
  const lastCycle = Date.parse(saved.track.lastCycleAt ?? '');
  const newest = events.at(-1)?.time;
  const killed = newest === undefined ? Number.NaN : Date.parse(newest);
  if (!(killed > lastCycle && killed - lastCycle <= DAY)) return null;
  return events.findLastIndex((event) => event.time !== newest) + 1;
}

async function dropUnsavedEvents(file: string, events: PowerEvent[], savedLines: number | null): Promise<PowerEvent[]> {
  if (savedLines === null || events.length <= savedLines) return events;
  const keep = events.slice(0, savedLines);
  await rewriteLines(file, keep.map(eventLine));
  return keep;
}

/**
 * The flags of a state saved before months kept their own: a month the loaded rollups cover is
 * estimated when one of its buckets was; an older month takes what those versions showed, the flag
 * of all the loaded buckets.
 */
function estimatedFromRows(months: HistoryState['energyMonths'], units: Record<string, UnitHistory>): HistoryState['estimatedMonths'] {
  const flagged: HistoryState['estimatedMonths'] = {};
  for (const [key, totals] of Object.entries(months)) {
    const unit = units[key];
    const buckets = unit ? [...unit.daily, ...unit.fine].filter((bucket) => bucket.wh > 0) : [];
    const estimated = new Set(buckets.filter((bucket) => bucket.powerEstimated).map((bucket) => monthOf(bucket.t)));
    const oldest = buckets.reduce<string | null>((first, bucket) => (first === null || monthOf(bucket.t) < first ? monthOf(bucket.t) : first), null);
    flagged[key] = Object.keys(totals)
      .filter((month) => (oldest !== null && month >= oldest ? estimated.has(month) : estimated.size > 0))
      .sort();
  }
  return flagged;
}

type LoadedUnits = Pick<HistoryState, 'units' | 'energyMonths' | 'estimatedMonths'>;

/**
 * The units start-up builds, the written hours it gathers for them from the hourly rollups, and
 * the buckets the saved state holds as pending but already written as a row, by UPS. Those were
 * closed by a cycle whose state was not saved (a kill in between): the row holds the bucket, and
 * the month totals, from that older state, still lack its energy.
 */
interface Building {
  units: Record<string, UnitHistory>;
  hours: Map<string, HourGatherer>;
  closedPending: Map<string, Bucket>;
}

const unitOf = (building: Building, key: string, row: ClosedRow) => (building.units[key] ??= newUnit(row.host, row.ups));

/**
 * Where the rows read go. Hours the hourly rollups hold come from them, later ones from the
 * 5-minute rows (never both). A row is stamped with its start: the hour and the 5 minutes the
 * history began in are its own, though they began before `since` (the job is installed at 10:17;
 * its 10:00 hour is kept). A history that restarts writes its hours again, from memory.
 */
function takersFor(building: Building, found: Found, since: number, now: number): Takers {
  const through = found.saved?.hourlyThrough ?? null;
  const pendingAt = new Map(Object.entries(found.saved?.units ?? {}).map(([key, saved]) => [key, saved.pending?.t]));
  const hour = (row: ClosedRow) => {
    const { bucket } = row;
    if (bucket.t < floorTo(since, HOUR) || through === null || bucket.t >= through) return;
    const key = upsKey(row.host, row.ups);
    const unit = unitOf(building, key, row);
    if (found.restart) return foldInto(unit, bucket, { fine: false, coarse: true }, true);
    placeInto(unit.daily, bucket, floorTo(bucket.t, DAY), 'copied');
    const hours = building.hours.get(key) ?? gatherHours();
    building.hours.set(key, hours);
    hours.add(bucket);
  };
  const fine = (row: ClosedRow) => {
    const key = upsKey(row.host, row.ups);
    // As read, before it is folded: folding merges into the buckets it takes.
    if (pendingAt.get(key) === row.bucket.t && !building.closedPending.has(key)) building.closedPending.set(key, { ...row.bucket });
    if (row.bucket.t < floorTo(since, FIVE_MINUTES)) return;
    const lists = { fine: row.bucket.t >= now - FINE_KEEP_MS, coarse: through === null || row.bucket.t >= through };
    if (lists.fine || lists.coarse) foldInto(unitOf(building, key, row), row.bucket, lists, true);
  };
  return { hour, fine };
}

function unitsFrom(found: Found, building: Building, since: number, now: number): LoadedUnits {
  const { units, closedPending } = building;
  for (const [key, hours] of building.hours) (units[key] as UnitHistory).written = hours.done();
  const months = { ...found.saved?.energyMonths };
  const energy = { energyMonths: months, estimatedMonths: { ...(found.saved?.estimatedMonths ?? estimatedFromRows(months, units)) } };
  for (const [key, saved] of Object.entries(found.saved?.units ?? {})) {
    const unit = (units[key] ??= newUnit(saved.host, saved.ups));
    const row = closedPending.get(key);
    if (row) addClosedEnergy(energy, key, row);
    unit.pending = saved.pending && !row && saved.pending.t >= floorTo(since, HOUR) ? saved.pending : null;
    unit.last = saved.last;
  }
  const agedBy = agedOutBy(now, found.saved?.track.lastCycleAt ?? null);
  const pruned = Object.fromEntries(Object.entries(units).map(([key, unit]) => [key, pruneUnit(unit, now, false, agedBy)]));
  return { units: pruned, ...energy };
}

function uniqueEvents(events: readonly PowerEvent[], since: number): PowerEvent[] {
  // A kill between the events append and the state save derives the same events again: keep one.
  const seen = new Set<string>();
  return events.filter((event) => {
    const key = `${event.time} ${event.type} ${event.host} ${event.ups}`;
    if (seen.has(key) || Date.parse(event.time) < since) return false;
    seen.add(key);
    return true;
  });
}

/**
 * One job per store. Another's store is left unread and unwritten, as one that cannot be read;
 * a folder that cannot be locked for another reason (a read-only disk) is still read.
 */
async function lockStore(dataDir: string): Promise<StoreState['lock']> {
  try {
    return await acquireOutLock(dataDir, 'dataDir');
  } catch (error) {
    if (error instanceof OutputError && error.code === 'OUTPUT-LOCKED') throw new HistoryError('HISTORY-LOCKED', error.message, { cause: error });
    return null;
  }
}

/** A history begun now begins now, unless the clock cannot be right: then the first cycle recorded begins it. */
const beginsAt = (at: string): string | null => (clockNotSet(Date.parse(at)) ? null : at);

/** When the history runs from, as text and in ms, and the time the store is read against. */
function timesOf(found: Found, at: string, now: Date) {
  const since = found.restart ? beginsAt(at) : (found.saved?.since ?? beginsAt(at));
  // Nothing read is older than the load: a history not yet begun keeps none of it either.
  const sinceMs = since === null ? now.getTime() : Date.parse(since);
  // A clock that is wrong, far before the history (a Pi at 1970 until NTP), would drop it all as "future": keep what the last cycle kept.
  const lastCycleAt = found.saved?.track.lastCycleAt ?? null;
  const ref = clockBeforeHistory(since, now.getTime()) && lastCycleAt !== null ? Date.parse(lastCycleAt) : now.getTime();
  return { since, sinceMs, ref, lastCycleAt };
}

export async function loadHistory(dataDir: string, now: Date, log: Logger<HistoryLogEvent>): Promise<Loaded> {
  const started = performance.now();
  const at = now.toISOString();
  let found: Found;
  let lock: StoreState['lock'] = null;
  const building: Building = { units: {}, hours: new Map(), closedPending: new Map() };
  // Said once the store is read, with when the history runs from then.
  const damaged: { file: string; reason: string; movedTo: string }[] = [];
  try {
    lock = await lockStore(dataDir);
    await mkdir(dataDir, { recursive: true });
    await removeStaleTempFiles(dataDir);
    const aside = async (file: string, reason: string) => {
      damaged.push({ file, reason, movedTo: await moveAside(dataDir, file, now) });
    };
    found = await readStore(dataDir, now, aside, (head) => {
      const { sinceMs, ref } = timesOf(head, at, now);
      return takersFor(building, head, sinceMs, ref);
    });
  } catch (error) {
    for (const moved of damaged) log.event({ kind: 'history-damaged', ...moved, since: at });
    log.event({ kind: 'history-read-failed', ...storeError(error, 'HISTORY-READ', dataDir) });
    // Left as it is (save.ts writes nothing): once it can be read, a restart goes on from what it holds.
    return { history: emptyHistory(beginsAt(at)), store: { ...emptyStore(), unread: true, lock } };
  }
  const { since, sinceMs, ref, lastCycleAt } = timesOf(found, at, now);
  for (const moved of damaged) log.event({ kind: 'history-damaged', ...moved, since: since ?? at });
  const { units, energyMonths, estimatedMonths } = unitsFrom(found, building, sinceMs, ref);
  const events = pruneEvents(uniqueEvents(found.events, sinceMs), ref, agedOutBy(ref, lastCycleAt));
  // After a restart the hourly rollups start again from what is in memory.
  const hourlyThrough = found.restart ? null : (found.saved?.hourlyThrough ?? null);
  const recentGaps = found.saved?.recentGaps ?? [];
  const history: HistoryState = { since, track: found.saved?.track ?? emptyTrack(), units, events, energyMonths, estimatedMonths, hourlyThrough, recentGaps };
  log.debug({ kind: 'history-loaded', dir: dataDir, since, ups: Object.keys(units).length, events: events.length, ms: Math.round(performance.now() - started) });
  return { history, store: { ...emptyStore(), eventLines: found.events.length, lock } };
}
