// What a cycle published into the output folder. runOnce hands each file to the publisher and
// keeps none of them (run-once.ts), so a test reads them through a publisher of its own.

import type { RunDeps, RunResult } from '../../src/app/run-once.ts';
import type { OutputFile } from '../../src/publish/atomic-write.ts';

/** A cycle's result with the files it published into the output folder: none when it could not publish. */
export interface CycleResult extends RunResult {
  files: OutputFile[];
}

export interface PublishedFiles {
  /** Hands every file on to the publisher it wraps, and notes those for the output folder. */
  publish: RunDeps['publish'];
  /** The cycle's result with the files noted since the last call. */
  take(result: RunResult): CycleResult;
}

export function publishedFiles(outDir: string, inner: RunDeps['publish'] = async () => undefined): PublishedFiles {
  let noted: OutputFile[] = [];
  return {
    async publish(dir, files) {
      if (dir === outDir) noted.push(...files);
      await inner(dir, files);
    },
    take(result) {
      const files = noted;
      noted = [];
      return { ...result, files: result.writeError ? [] : files };
    },
  };
}
