// The only writer to the output folder. Each file is written to a temp file in the same folder
// and renamed over the old one, so a web server serves either the old or the new file, never
// half of one, even if the process is killed mid-write.

import { randomBytes } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { open, readdir, rename, rm, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { OutputError } from '../shared/errors.ts';

export interface OutputFile {
  /** Relative to the output folder; may name a subfolder (`vars/host-1.html`), made when missing. */
  name: string;
  content: string;
}

/** Temp names: dot-prefixed so static servers and directory listings skip them. */
const TEMP_PATTERN = /^\.upsview-.+\.tmp$/;

async function writeAtomic(dir: string, file: OutputFile): Promise<void> {
  const target = path.join(dir, file.name);
  const temp = path.join(path.dirname(target), `.upsview-${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    if (path.dirname(file.name) !== '.') await mkdir(path.dirname(target), { recursive: true });
    const handle = await open(temp, 'w', 0o644);
    try {
      await handle.writeFile(file.content, 'utf8');
      // Durable before it becomes visible: a power cut after the rename must not leave an empty file.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new OutputError('OUTPUT-WRITE', `cannot write ${target}: ${reason}`, { cause: error });
  }
}

/** Writes every file; a failure of one leaves that file's previous version in place. */
export async function writeOutputs(dir: string, files: readonly OutputFile[]): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new OutputError('OUTPUT-WRITE', `cannot create ${dir}: ${(error as NodeJS.ErrnoException).code}`, { cause: error });
  }
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
