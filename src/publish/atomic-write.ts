// The only writer to the output folder. Each file is written to a temp file in the same folder
// and renamed over the old one, so a web server serves either the old or the new file, never
// half of one, even if the process is killed mid-write.

import { randomBytes } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { close, closeSync, fchmodSync, fstatSync, fsync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { chmod, readdir, rm, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { OutputError } from '../shared/errors.ts';

/**
 * A file's text, whole or as its pieces in order. Large outputs hand over the pieces they keep
 * from cycle to cycle (one per UPS, or per card), so no cycle joins megabytes only to write them:
 * for 576 UPSes those joins were about 10 MB of large strings a cycle, each one straight into the
 * old generation (issue 11, Scale). A piece never splits a surrogate pair.
 */
export type Content = string | readonly Piece[];

/**
 * A piece of a file: text, or text already in UTF-8. A build that keeps a piece from cycle to
 * cycle keeps it encoded, so the writer copies its bytes rather than encoding the same text again
 * each cycle: for 576 UPSes ~11 MB of kept text took ~9 ms a cycle to encode (issue 11, Scale).
 * Encoded whole, never split inside a character.
 */
export type Piece = string | Uint8Array;

const decoded = (piece: Piece): string => (typeof piece === 'string' ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength).toString('utf8'));

/**
 * A file's text, made only when the file is written. An output whose file stays unchanged for many
 * cycles hands back the same `version` between: the publisher (skip-unchanged.ts) then leaves the
 * file as it is, and nothing holds its text. history.json is made so: kept made between 5-minute
 * buckets, its text held 4.5 MB for 576 UPSes (issue 11, Scale).
 */
export interface MadeOnDemand {
  /** The same object while the output deems its file unchanged. */
  readonly version: object;
  /** The text as of this cycle: made again, from the cycle's data, when the file must be written again. */
  make(): Content;
}

export type FileContent = Content | MadeOnDemand;

export interface OutputFile {
  /** Relative to the output folder; may name a subfolder (`vars/host-1.html`), made when missing. */
  name: string;
  content: FileContent;
  /**
   * A later start reads this file back (status.json, the history store's files): it is flushed to
   * the disk before it replaces the old one, so a power cut leaves the old file or the new, never
   * an empty one. Other files are made again by the next cycle and are not flushed (writeAtomic).
   */
  readBack?: boolean;
}

export const isMadeOnDemand = (content: FileContent): content is MadeOnDemand => typeof content !== 'string' && !Array.isArray(content);

/** The text itself: made now when it is made on demand. */
export const contentOf = (content: FileContent): Content => (isMadeOnDemand(content) ? content.make() : content);

/** The whole text of a file. */
export function textOf(content: FileContent): string {
  const text = contentOf(content);
  return typeof text === 'string' ? text : text.map(decoded).join('');
}

/** Its length in UTF-16 code units (and bytes, for encoded pieces): a cheap stand-in for its size. */
export const lengthOf = (content: Content): number =>
  typeof content === 'string' ? content.length : content.reduce((sum, piece) => sum + piece.length, 0);

/** Its size in UTF-8. */
export function byteLengthOf(content: FileContent): number {
  const text = contentOf(content);
  return typeof text === 'string' ? Buffer.byteLength(text) : text.reduce((sum, piece) => sum + (typeof piece === 'string' ? Buffer.byteLength(piece) : piece.byteLength), 0);
}

/**
 * Published files are for a web server running as another user. open() and mkdir() modes pass
 * through the umask, and under `umask 077` (common for service accounts) the files came out 0600
 * and the server answered 403 (issue 9, item 10), so the modes are set explicitly.
 */
const FILE_MODE = 0o644;
const DIR_MODE = 0o755;

/**
 * Whether the umask strips bits of FILE_MODE, learnt from the first file (the process never
 * changes its umask): under the usual 022 the chmod of every file, each cycle, is skipped.
 */
let umaskStripsMode: boolean | null = null;

function makeReadable(fd: number): void {
  umaskStripsMode ??= (fstatSync(fd).mode & 0o777) !== FILE_MODE;
  if (umaskStripsMode) fchmodSync(fd, FILE_MODE);
}

/** Temp names: dot-prefixed so static servers and directory listings skip them. */
const TEMP_PATTERN = /^\.upsview-.+\.tmp$/;

/**
 * A temp name is this process's own by its pid and a random tag drawn once, and each write's by
 * a count: a random draw per file was a call into the crypto library for every file of every
 * cycle (a small site's cycle writes five). The tag keeps apart two processes given the same pid
 * (containers sharing a folder).
 */
const PROCESS_TAG = `${process.pid}.${randomBytes(4).toString('hex')}`;
let tempCount = 0;

/** Where a file is written: its path, its folder, and the start of its temp files' names. */
export interface Place {
  target: string;
  folder: string;
  base: string;
  tempPrefix: string;
}

const places = new Map<string, Map<string, Place>>();

/**
 * A file's place, worked out once per folder and name: path.join normalises the whole path on
 * each call, and every cycle asks for the same places (a sixth of the writer's CPU for a small
 * site, issue 11, Footprint). They are kept for the life of the process: one per file an output
 * writes (a badge per UPS, 580 at 576 UPSes), and the history files rewritten at start.
 */
export function placeOf(dir: string, name: string): Place {
  let inDir = places.get(dir);
  if (inDir === undefined) {
    inDir = new Map();
    places.set(dir, inDir);
  }
  let place = inDir.get(name);
  if (place === undefined) {
    const target = path.join(dir, name);
    const base = path.basename(target);
    const folder = path.dirname(target);
    place = { target, folder, base, tempPrefix: path.join(folder, `.upsview-${base}.${PROCESS_TAG}.`) };
    inDir.set(name, place);
  }
  return place;
}

/** Opens the temp file; null when its folder is missing (the first write, or someone removed it). */
function openTemp(temp: string): number | null {
  try {
    return openSync(temp, 'w', FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return null;
  }
}

const flush = promisify(fsync);

/** Pieces are encoded into this one buffer and written as it fills; a larger piece is written alone. */
const CHUNK_BYTES = 1 << 16;
let chunk: Buffer | null = null;

/** Synchronous from start to end, so the writes of several files never share the buffer at once. */
function writeContent(fd: number, content: Content): void {
  if (typeof content === 'string') {
    writeFileSync(fd, content, 'utf8');
    return;
  }
  chunk ??= Buffer.allocUnsafe(CHUNK_BYTES);
  let used = 0;
  // Indexed: without V8's optimising compiler (npm start), a for-of makes an object per step, and
  // a large site's status.json has tens of thousands of pieces.
  for (let i = 0; i < content.length; i++) {
    const piece = content[i] as Piece;
    // A UTF-16 code unit takes at most 3 bytes of UTF-8: room for that, or the buffer goes out first.
    const most = typeof piece === 'string' ? piece.length * 3 : piece.byteLength;
    if (used + most > CHUNK_BYTES && used > 0) {
      writeFileSync(fd, chunk.subarray(0, used));
      used = 0;
    }
    if (most > CHUNK_BYTES) writeFileSync(fd, piece, 'utf8');
    else if (typeof piece === 'string') used += chunk.write(piece, used, 'utf8');
    else {
      chunk.set(piece, used);
      used += piece.byteLength;
    }
  }
  if (used > 0) writeFileSync(fd, chunk.subarray(0, used));
}

/**
 * A rename over a file frees the replaced one's pages and blocks inside the call when nothing else
 * holds it open: ~0.2 ms per MB here, 4.6 ms of every cycle's CPU for the 12 MB of 576 UPSes
 * (issue 11, Scale). For a large file the old one is opened before the rename and closed on the
 * thread pool after it, so that work leaves the event loop; small files are not worth the hop.
 */
const LET_GO_LENGTH = 1 << 18;

/** Closes of replaced files still under way; the next publish waits for them, so they never pile up. */
const lettingGo = new Set<Promise<void>>();
const closeLater = promisify(close);

function holdReplaced(target: string): number | null {
  try {
    return openSync(target, 'r');
  } catch {
    // No file there yet (or unreadable): the rename has nothing to free.
    return null;
  }
}

function letGo(fd: number): void {
  // A failed close of a read-only descriptor loses nothing: the file is already replaced.
  const done: Promise<void> = closeLater(fd).catch(() => undefined).finally(() => lettingGo.delete(done));
  lettingGo.add(done);
}

/**
 * Every call but fsync is made directly, not through fs/promises: each promise call is a hop to
 * libuv's thread pool and back, and the five of a file cost about 0.37 ms of CPU against 0.15 ms
 * made directly, most of a small site's cycle (issue 11, Footprint). open, write, close and rename
 * work on the page cache and return in microseconds; fsync, the one call that waits for the disk
 * (tens of milliseconds on an SD card), still runs on the thread pool, so the files' flushes
 * overlap and the event loop never waits for the disk.
 */
async function writeAtomic(dir: string, file: OutputFile): Promise<void> {
  // In the file's own folder (names may have one, e.g. badges/site.json): rename never crosses folders.
  const { target, folder, tempPrefix } = placeOf(dir, file.name);
  const temp = `${tempPrefix}${(tempCount++).toString(36)}.tmp`;
  let fd: number | null = null;
  try {
    // Opened and written before the first await: a caller that publishes each output's files as it
    // builds them has their bytes written, and their flush under way, while it builds the next.
    fd = openTemp(temp);
    if (fd === null) {
      await ensureOutDir(folder);
      fd = openSync(temp, 'w', FILE_MODE);
    }
    makeReadable(fd);
    const content = contentOf(file.content);
    writeContent(fd, content);
    // Durable before it becomes visible: a power cut after the rename must not leave an empty file.
    // Only for a file read back at start: each flush was a journal commit and a wake-up from the
    // thread pool, 6 % of a small site's CPU per cycle for the page and metrics (issue 11,
    // Footprint), and up to three commits a second on a Pi's SD card. Whatever a power cut leaves of
    // such a file is replaced within a cycle of the next start; and ext4, a Pi's usual file system,
    // writes a file renamed over another before it commits the rename (its default auto_da_alloc), so
    // there it is the old file or the new.
    if (file.readBack === true) await flush(fd);
    closeSync(fd);
    fd = null;
    const replaced = lengthOf(content) >= LET_GO_LENGTH ? holdReplaced(target) : null;
    try {
      renameSync(temp, target);
    } finally {
      if (replaced !== null) letGo(replaced);
    }
  } catch (error) {
    cleanUp(fd, temp);
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new OutputError('OUTPUT-WRITE', `cannot write ${target}: ${reason}`, { cause: error });
  }
}

/** After a failed write: the write's own error is the one reported, not these. */
function cleanUp(fd: number | null, temp: string): void {
  try {
    if (fd !== null) closeSync(fd);
  } catch {
    // reported by the caller
  }
  try {
    rmSync(temp, { force: true });
  } catch {
    // reported by the caller
  }
}

/** Creates `dir` and any missing parents, each readable by the web server whatever the umask. */
export async function ensureOutDir(dir: string): Promise<void> {
  try {
    const first = await mkdir(dir, { recursive: true, mode: DIR_MODE });
    if (first === undefined) return;
    // Only the folders made here: an existing folder's mode is the operator's choice.
    for (let made = dir; made.length >= first.length; made = path.dirname(made)) await chmod(made, DIR_MODE);
  } catch (error) {
    throw new OutputError('OUTPUT-WRITE', `cannot create ${dir}: ${(error as NodeJS.ErrnoException).code}`, { cause: error });
  }
}

/** Writes every file; a failure of one leaves that file's previous version in place. */
export async function writeOutputs(dir: string, files: readonly OutputFile[]): Promise<void> {
  if (lettingGo.size > 0) await Promise.all(lettingGo);
  const results = await Promise.allSettled(files.map((file) => writeAtomic(dir, file)));
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
}

/**
 * Removes temp files left by a run that was killed mid-write, in `dir` and its folders one level
 * down (outputs such as vars/ write there). Returns how many were removed.
 */
export async function removeStaleTempFiles(dir: string, depth = 1): Promise<number> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw new OutputError('OUTPUT-READ', `cannot list ${dir}: ${(error as NodeJS.ErrnoException).code}`, { cause: error });
  }
  const stale = entries.filter((entry) => entry.isFile() && TEMP_PATTERN.test(entry.name));
  const folders = depth > 0 ? entries.filter((entry) => entry.isDirectory()) : [];
  const [, nested] = await Promise.all([
    Promise.all(stale.map((entry) => rm(path.join(dir, entry.name), { force: true }))),
    Promise.all(folders.map((entry) => removeStaleTempFiles(path.join(dir, entry.name), depth - 1))),
  ]);
  return stale.length + nested.reduce((sum, count) => sum + count, 0);
}
