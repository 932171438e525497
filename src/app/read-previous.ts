// Reads the status.json of an earlier process, so last good values and their times survive a
// restart. The file is untrusted input (restore.ts validates it): this side only makes sure that
// reading it can neither block nor cost much memory, whatever is at that path (issue 9, items 5, 9).

import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { STATUS_FILE } from '../outputs/status-json.ts';
import { AppError, toErrorInfo } from '../shared/errors.ts';
import { restoreSnapshot } from '../snapshot/restore.ts';
import type { Snapshot } from '../snapshot/types.ts';
import type { AppLogger } from './log-events.ts';

/**
 * Our own status.json holds every variable of every UPS; the largest dump in the NUT device
 * library is 40 KB, so 16 MB is hundreds of such UPSes. Parsing JSON costs about 15 times its size
 * in memory (a 43 MB file took 650 MB RSS), so a larger file would cost hundreds of MB on a small
 * board for nothing but a few last values.
 */
export const PREVIOUS_MAX_BYTES = 16 * 1024 * 1024;

/** The file's text; null when there is none. Never blocks: a FIFO opens at once with O_NONBLOCK. */
async function readBounded(file: string): Promise<string | null> {
  let handle: FileHandle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new AppError('PREVIOUS-UNREADABLE', `cannot be opened (${(error as NodeJS.ErrnoException).code})`, { cause: error });
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new AppError('PREVIOUS-UNREADABLE', 'not a regular file');
    if (stat.size > PREVIOUS_MAX_BYTES) {
      throw new AppError('PREVIOUS-UNREADABLE', `${stat.size} bytes, more than the ${PREVIOUS_MAX_BYTES} it may have`);
    }
    const buffer = Buffer.alloc(stat.size);
    const { bytesRead } = await handle.read(buffer, 0, stat.size, 0);
    return buffer.toString('utf8', 0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The previous snapshot, or null (with one log line when a file was there but could not be used). */
export async function readPreviousSnapshot(outDir: string, log: AppLogger): Promise<Snapshot | null> {
  const file = path.join(outDir, STATUS_FILE);
  try {
    const text = await readBounded(file);
    // A file saved again by a Windows editor starts with a byte order mark, which JSON.parse refuses (as config/load.ts).
    return text === null ? null : restoreSnapshot(JSON.parse(text.replace(/^\uFEFF/, '')));
  } catch (error) {
    log.event({ kind: 'previous-ignored', file, reason: toErrorInfo(error).message });
    return null;
  }
}
