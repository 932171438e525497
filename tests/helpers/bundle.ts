// The program as deployments run it: dist/upsview.mjs under plain node, built first when a source
// file is newer (the same step as `npm start`'s prestart).

import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO, collect, type CliResult } from './cli.ts';

export const BUNDLE = path.join(REPO, 'dist', 'upsview.mjs');

/** node's flags in the `npm start` of the checkout in `dir`. */
export function startFlagsOf(dir: string): string[] {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { scripts: { start: string } };
  return manifest.scripts.start.split(/\s+/).filter((word) => word.startsWith('--'));
}

/** node's flags in `npm start`, read from package.json: what the recipes must use, and the scripts measure. */
export const START_FLAGS: readonly string[] = startFlagsOf(REPO);

export function ensureBundle(): void {
  execFileSync(process.execPath, [path.join(REPO, 'scripts', 'build.mjs'), '--if-stale'], { stdio: 'inherit' });
}

/** Runs the bundle with `nodeArgs` (e.g. START_FLAGS) from `cwd`, as systemd or cron would. */
export async function runBundle(args: readonly string[], options: { cwd: string; nodeArgs?: readonly string[] }): Promise<CliResult> {
  ensureBundle();
  return collect(spawn(process.execPath, [...(options.nodeArgs ?? []), BUNDLE, ...args], { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] }));
}
