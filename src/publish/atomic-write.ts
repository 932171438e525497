// The only writer to the output folder. Each file is written to a temp file in the same folder
// and renamed over the old one, so a web server serves either the old or the new file, never
// half of one, even if the process is killed mid-write.

import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { OutputError } from '../shared/errors.ts';

export interface OutputFile {
  name: string;
  content: string;
}

/** Temp names: dot-prefixed so static servers and directory listings skip them. */
const TEMP_PATTERN = /^\.upsview-.+\.tmp$/;

async function writeAtomic(dir: string, file: OutputFile): Promise<void> {
  // In the file's own folder (names may have one, e.g. badges/site.json): rename never crosses folders.
  const target = path.join(dir, file.name);
  const temp = path.join(path.dirname(target), `.upsview-${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
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
  const folders = new Set([dir, ...files.map((file) => path.dirname(path.join(dir, file.name)))]);
  for (const folder of folders) {
    try {
      await mkdir(folder, { recursive: true });
    } catch (error) {
      throw new OutputError('OUTPUT-WRITE', `cannot create ${folder}: ${(error as NodeJS.ErrnoException).code}`, { cause: error });
    }
  }
  const results = await Promise.allSettled(files.map((file) => writeAtomic(dir, file)));
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
}

/** Removes temp files left by a run that was killed mid-write. Returns how many were removed. */
export async function removeStaleTempFiles(dir: string): Promise<number> {
  let names: string[];
  try {
    // Outputs may write into sub-folders (badges/, schemas/).
    names = await readdir(dir, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw new OutputError('OUTPUT-READ', `cannot list ${dir}: ${(error as NodeJS.ErrnoException).code}`, { cause: error });
  }
  const stale = names.filter((name) => TEMP_PATTERN.test(path.basename(name)));
  await Promise.all(stale.map((name) => rm(path.join(dir, name), { force: true })));
  return stale.length;
}
