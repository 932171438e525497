// The real command line with its wall clock set to another time, as a machine without a real-time
// clock sees it (1970 until NTP steps it) or after a step. Loaded with node's --import, before the
// program: it moves `Date` alone, so timers and the monotonic clock run as they really do.

import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { collect, REPO, type CliResult } from './cli.ts';

const AT_VARIABLE = 'UPSVIEW_TEST_WALL_CLOCK_AT';

/** Runs the CLI with the wall clock starting at `at` (an ISO time) and running on from there. */
export function runCliAt(at: string, args: readonly string[]): Promise<CliResult> {
  const self = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', self, path.join(REPO, 'src', 'cli.ts'), ...args], {
    cwd: REPO,
    env: { ...process.env, [AT_VARIABLE]: at },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return collect(child);
}

function shiftWallClock(at: string): void {
  const RealDate = Date;
  const offset = RealDate.parse(at) - RealDate.now();
  class ShiftedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...(args as [string]));
    }
    static override now(): number {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = ShiftedDate as DateConstructor;
}

const at = process.env[AT_VARIABLE];
if (at !== undefined) shiftWallClock(at);
