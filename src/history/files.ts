// File primitives of the history store. Appends are whole lines in one write, undone on failure
// (a full disk leaves no half line); a torn last line, the one thing a kill mid-write can leave,
// is cut off before the next append; any other bad line makes the file damaged, and a damaged
// file is moved aside, never deleted.

import { closeSync, fstatSync, ftruncateSync, openSync, writeFileSync } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, truncate } from 'node:fs/promises';
import path from 'node:path';
import { writeOutputs } from '../publish/atomic-write.ts';
import { AppError, HistoryError, toErrorInfo, type ErrorInfo } from '../shared/errors.ts';

export interface ReadLines<T> {
  items: T[];
  /** Bytes up to the end of the last good line: a torn tail is cut there. */
  goodBytes: number;
  torn: boolean;
  /** A bad line before the last: the file cannot be trusted. */
  damaged: boolean;
  /** What makes it damaged, for the log ("line 3 of 120 is not JSON"); null when it is not. */
  problem: string | null;
}

const errno = (error: unknown) => (error as NodeJS.ErrnoException).code ?? 'EIO';

/**
 * What a failed read or save of the store is logged as: a failure of our own keeps its code, a bare
 * one from the file system (mkdir: EACCES, ENOTDIR) gets the store's code and names the folder.
 */
export function storeError(error: unknown, code: 'HISTORY-READ' | 'HISTORY-WRITE', dataDir: string): ErrorInfo {
  if (error instanceof AppError) return toErrorInfo(error);
  const verb = code === 'HISTORY-READ' ? 'read' : 'write';
  return { code, message: `cannot ${verb} ${dataDir}: ${(error as NodeJS.ErrnoException).code ?? toErrorInfo(error).message}` };
}

export function parseLines<T>(text: string, parse: (value: unknown) => T | null): ReadLines<T> {
  const items: T[] = [];
  let at = 0;
  const result = (torn: boolean, problem: string | null = null) => ({ items, goodBytes: Buffer.byteLength(text.slice(0, at)), torn, damaged: problem !== null, problem });
  while (at < text.length) {
    const end = text.indexOf('\n', at);
    // Every line is written with its newline: without one it is the tail of a cut write.
    if (end === -1) return result(true);
    const line = text.slice(at, end);
    let item: T | null = null;
    let json = true;
    try {
      item = line.trim() === '' ? null : parse(JSON.parse(line));
    } catch {
      json = false; // judged below by where it is
    }
    // A bad last line is what a power cut leaves (zeros where the data was not yet on disk).
    if (item === null) return end === text.length - 1 ? result(true) : result(false, badLine(text, items.length + 1, line, json));
    items.push(item);
    at = end + 1;
  }
  return result(false);
}

/** Words for the first bad line, so the log says what to look at without opening the moved file. */
function badLine(text: string, number: number, line: string, json: boolean): string {
  let lines = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines += 1;
  const what = line.trim() === '' ? 'is empty' : json ? 'is JSON but not a line of this file (a field missing or of the wrong type)' : 'is not JSON';
  return `line ${number} of ${lines} ${what}`;
}

/** Reads a JSON Lines file; a missing file is empty. A torn tail is cut off so appends start clean. */
export async function readLines<T>(file: string, parse: (value: unknown) => T | null): Promise<ReadLines<T>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (errno(error) === 'ENOENT') return { items: [], goodBytes: 0, torn: false, damaged: false, problem: null };
    throw new HistoryError('HISTORY-READ', `cannot read ${file}: ${errno(error)}`, { cause: error });
  }
  const read = parseLines(text, parse);
  if (read.torn) await truncate(file, read.goodBytes);
  return read;
}

/** Replaces a file with these lines at once, as the outputs are written (temp file, flushed: it is read back, renamed). */
export async function rewriteLines(file: string, lines: readonly string[]): Promise<void> {
  await writeOutputs(path.dirname(file), [{ name: path.basename(file), content: lines.map((line) => `${line}\n`), readBack: true }]);
}

/** The bytes read back from a file's end to find its last whole line: lines are far shorter. */
const TAIL_BYTES = 1 << 16;

/**
 * Cuts a torn last line off a file that is appended to but never read back whole (the raw samples:
 * a day of them can be hundreds of MB), so the next append starts on a line of its own.
 */
export async function cutTornTail(file: string): Promise<void> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if (errno(error) === 'ENOENT') return;
    throw new HistoryError('HISTORY-READ', `cannot read ${file}: ${errno(error)}`, { cause: error });
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, TAIL_BYTES);
    const { buffer } = await handle.read(Buffer.alloc(length), 0, length, size - length);
    if (length === 0 || buffer[length - 1] === 0x0a) return;
    await truncate(file, size - length + buffer.lastIndexOf(0x0a) + 1);
  } finally {
    await handle.close();
  }
}

/** Opens for appending; the folder is made when missing (the first write, or someone removed it). */
async function openForAppend(file: string): Promise<number> {
  try {
    return openSync(file, 'a', 0o644);
  } catch (error) {
    if (errno(error) !== 'ENOENT') throw error;
  }
  await mkdir(path.dirname(file), { recursive: true });
  return openSync(file, 'a', 0o644);
}

/**
 * Appends whole lines with one write; on failure the file is cut back to its old length. The calls
 * are made directly, not through fs/promises, as the output files' are (src/publish/atomic-write.ts):
 * nothing here waits for the disk, and the thread pool's hops cost more CPU than the calls.
 */
export async function appendLines(file: string, lines: readonly string[]): Promise<void> {
  if (lines.length === 0) return;
  try {
    const fd = await openForAppend(file);
    try {
      const { size } = fstatSync(fd);
      try {
        writeFileSync(fd, `${lines.join('\n')}\n`, 'utf8');
      } catch (error) {
        cutBack(fd, size);
        throw error;
      }
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw new HistoryError('HISTORY-WRITE', `cannot append to ${file}: ${errno(error)}`, { cause: error });
  }
}

function cutBack(fd: number, size: number): void {
  try {
    ftruncateSync(fd, size);
  } catch {
    // The append's own error is the one reported.
  }
}

/**
 * Moves a damaged file into `damaged/` beside the store, stamped with the time; returns where. A
 * day file's name carries its folder: the rollups and hourly files of one day share their name, and
 * both found damaged by one start would otherwise be moved to one name, the second over the first.
 */
export async function moveAside(dataDir: string, file: string, now: Date): Promise<string> {
  const dir = path.join(dataDir, 'damaged');
  const folder = path.relative(dataDir, path.dirname(file));
  const from = folder === '' ? '' : `.${folder.replaceAll(path.sep, '-')}`;
  const target = path.join(dir, `${path.basename(file)}${from}.${now.toISOString().replace(/[:.]/g, '-')}`);
  await mkdir(dir, { recursive: true });
  await rename(file, target);
  return target;
}

/** Day files (`2026-01-05.jsonl`) in a folder, oldest first; a missing folder has none. */
export async function dayFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => /^\d{4}-\d{2}-\d{2}\.jsonl$/.test(name)).sort();
  } catch (error) {
    if (errno(error) === 'ENOENT') return [];
    throw new HistoryError('HISTORY-READ', `cannot list ${dir}: ${errno(error)}`, { cause: error });
  }
}
