// One writer per output folder. A second instance on the same outDir (a test run next to the
// daemon, a cron --once left over from before the service) deleted the first one's temp files as
// "left over" and the two overwrote each other's pages (issue 9, item 8). The lock refuses the
// second, naming the first by PID, which is what an operator needs to act on it; a lock whose
// process is gone (killed, crashed, rebooted), or whose PID another process has had since, is taken over.

import { statSync } from 'node:fs';
import { open, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { OutputError } from '../shared/errors.ts';
import { ensureOutDir } from './atomic-write.ts';
import { sharedRun } from '../shared/shared-run.ts';

export const LOCK_NAME = '.upsview.lock';

export interface OutLock {
  /** PID named by a lock that was taken over because its process is gone; null when there was none. */
  staleOwner: number | null;
  /**
   * Before each write: makes sure the lock file is still this one. A folder removed while the job
   * runs is made again by the next write, and its lock file went with it: another instance could
   * then take the folder and both wrote there. A lock file gone is made again; one that another
   * instance made meanwhile rejects with OUTPUT-LOCKED. One stat when all is well (one for all the
   * calls of one synchronous run), and then null at once: the cycle hands each output's files to
   * the writer as it builds them (app/run-once.ts), and a write that waited for a promise first
   * would wait for every build. Writes that find the lock file gone together share one taking of it.
   */
  hold(): Promise<void> | null;
  /** Removes the lock file, unless another instance's has replaced it; rejects with OUTPUT-LOCK when it cannot. */
  release(): Promise<void>;
}

/** Whether a process with this PID exists (EPERM: it does, run by another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Which process a PID is, beyond its number: this boot's id and the process's start time in clock
 * ticks since boot, from /proc; null where there is none. After a power cut the lock names a PID
 * that another process (or a thread) may have by now, and only a lock whose owner is still the
 * same process refuses to start. Neither changes when the wall clock is stepped.
 */
async function identity(pid: number): Promise<string | null> {
  try {
    const [status, boot] = await Promise.all([readFile(`/proc/${pid}/stat`, 'utf8'), readFile('/proc/sys/kernel/random/boot_id', 'utf8')]);
    // The fields after the command name, which is in parentheses and may hold spaces: starttime is the 22nd.
    const ticks = status.slice(status.lastIndexOf(')') + 2).split(' ')[19];
    return ticks === undefined ? null : `${boot.trim()} ${ticks}`;
  } catch {
    return null;
  }
}

/** Whether the process a lock file names still holds it (a lock from before this format names a PID only). */
async function holds(pid: number, recorded: string): Promise<boolean> {
  if (!alive(pid)) return false;
  const now = recorded === '' ? null : await identity(pid);
  return now === null || now === recorded;
}

async function createLockFile(file: string): Promise<boolean> {
  try {
    const handle = await open(file, 'wx', 0o644);
    await handle.writeFile(`${process.pid}\n${(await identity(process.pid)) ?? ''}\n`);
    await handle.close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new OutputError('OUTPUT-LOCK', `cannot create ${file}: ${(error as NodeJS.ErrnoException).code}`, { cause: error });
  }
}

/** The PID in an existing lock file (null when it is unreadable or holds none) and the identity recorded with it. */
async function ownerOf(file: string): Promise<{ pid: number | null; recorded: string }> {
  const [first = '', second = ''] = (await readFile(file, 'utf8').catch(() => '')).split('\n');
  const pid = Number.parseInt(first.trim(), 10);
  return { pid: Number.isInteger(pid) && pid > 0 ? pid : null, recorded: second.trim() };
}

/**
 * A lock file is made, then its PID written: one with no PID yet, made this recently, is another
 * instance between the two steps, not one that died there. Taking it over then let two instances
 * starting together both hold the folder.
 */
const BEING_MADE_MS = 10_000;

async function beingMade(file: string): Promise<boolean> {
  const made = await stat(file).then((info) => info.mtimeMs).catch(() => null);
  return made !== null && Math.abs(Date.now() - made) < BEING_MADE_MS;
}

const startingTogether = (dir: string, file: string) =>
  new OutputError('OUTPUT-LOCKED', `another upsview is starting on ${dir} at the same moment (lock file ${file})`);

/** The lock file's identity on disk: the same path made again is another file. */
function fileId(file: string): string | null {
  try {
    const info = statSync(file);
    return `${info.dev}:${info.ino}`;
  } catch {
    return null;
  }
}

/** Makes the lock file, taking over a stale one; returns the owner it took over from, if any. */
async function take(dir: string, file: string, field: LockedField): Promise<{ staleOwner: number | null }> {
  await ensureOutDir(dir);
  let staleOwner: number | null = null;
  // Two rounds: a stale lock is removed once, then the race for a fresh one is decided by O_EXCL.
  for (let round = 0; round < 2; round++) {
    if (await createLockFile(file)) return { staleOwner };
    const { pid: owner, recorded } = await ownerOf(file);
    // Our own PID in the file is a previous life of this process (a container restarts as PID 1).
    if (owner !== null && owner !== process.pid && (await holds(owner, recorded))) {
      throw new OutputError(
        'OUTPUT-LOCKED',
        `another upsview (PID ${owner}) is writing to ${dir}; stop it or give this one another ${field} (lock file ${file})`,
      );
    }
    if (owner === null && (await beingMade(file))) throw startingTogether(dir, file);
    staleOwner = owner;
    await rm(file, { force: true });
  }
  throw startingTogether(dir, file);
}

/** The config field that names the folder, for the message that refuses a second writer. */
export type LockedField = 'outDir' | 'dataDir';

/** Locks `dir`, the output folder or (the same way) the history store's folder. */
export async function acquireOutLock(dir: string, field: LockedField = 'outDir'): Promise<OutLock> {
  const file = path.join(dir, LOCK_NAME);
  const { staleOwner } = await take(dir, file, field);
  let mine = fileId(file);
  // Gone (the folder was removed), or replaced: taken again, unless another instance holds it.
  const retake = sharedRun(async () => {
    await take(dir, file, field);
    mine = fileId(file);
  });
  // The writes of a cycle come in one synchronous run, one per output (app/run-once.ts): the first
  // looks and the others share its answer. A stat each was most of the per-write checks of a small
  // site's cycle (six a cycle, issue 11, Footprint).
  let looked: { answer: Promise<void> | null } | null = null;
  return {
    staleOwner,
    hold() {
      if (looked) return looked.answer;
      const now = fileId(file);
      looked = { answer: now !== null && now === mine ? null : retake() };
      queueMicrotask(() => {
        looked = null;
      });
      return looked.answer;
    },
    async release() {
      if (fileId(file) !== mine) return;
      await rm(file, { force: true }).catch((error: unknown) => {
        throw new OutputError('OUTPUT-LOCK', `cannot remove ${file}: ${(error as NodeJS.ErrnoException).code}`, { cause: error });
      });
    },
  };
}
