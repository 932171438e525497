// A publisher that rewrites only files whose content changed since this process last wrote them.
// Most of a large site's files (one badge per UPS, the schemas) are the same from one cycle to the
// next, and each atomic write costs an fsync: with 576 UPSes, rewriting every badge took ~0.7 s
// per cycle. A file is written again when its content differs, when it is gone or its size is not
// what was written (someone changed it), and after any failed write.

import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { writeOutputs, type FileToWrite, type OutputFile } from './atomic-write.ts';

export type Publish = (dir: string, files: readonly OutputFile[]) => Promise<void>;

interface Written {
  hash: string;
  size: number;
}

const digest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('base64');

export function createPublisher(write: (dir: string, files: readonly FileToWrite[]) => Promise<void> = writeOutputs): Publish {
  const written = new Map<string, Written>();

  async function unchanged(target: string, hash: string): Promise<boolean> {
    const before = written.get(target);
    if (!before || before.hash !== hash) return false;
    const size = await stat(target).then((info) => info.size, () => -1);
    return size === before.size;
  }

  return async (dir, files) => {
    // Encoded once: the same bytes are hashed and, when they changed, written.
    const planned = files.map((file) => {
      const bytes = Buffer.from(file.content, 'utf8');
      return { name: file.name, bytes, target: path.join(dir, file.name), hash: digest(bytes) };
    });
    const same = await Promise.all(planned.map(({ target, hash }) => unchanged(target, hash)));
    const changed = planned.filter((_, i) => !same[i]);
    for (const { target } of changed) written.delete(target);
    await write(dir, changed.map(({ name, bytes }) => ({ name, content: bytes })));
    for (const { bytes, target, hash } of changed) written.set(target, { hash, size: bytes.length });
  };
}
