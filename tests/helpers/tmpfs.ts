// A small tmpfs of our own (root only), so a test can fill it or make it read-only.

import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface Tmpfs {
  dir: string;
  remount(mode: 'ro' | 'rw'): void;
  unmount(): Promise<void>;
}

/** Root only: callers skip with runUnless(…, asRoot ? null : reason) (tests/helpers/suite.ts). */
export async function mountTmpfs(sizeKb: number): Promise<Tmpfs> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-tmpfs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir]);
  return {
    dir,
    remount: (mode) => execFileSync('mount', ['-o', `remount,${mode}`, dir]),
    async unmount() {
      execFileSync('umount', [dir]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
