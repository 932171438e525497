// The servers a test starts (upsd and its drivers, nginx, prometheus, node_exporter) are killed once
// the test process is gone, however it went: a timeout's SIGTERM to node alone or a SIGKILL left
// them running, and for the 576-dump corpus those 576 drivers held the load average of a 2-core
// machine near 400 and skewed every figure measured after. A parent-death signal (setpriv
// --pdeathsig) does not outlast a driver's start-up, so the reaper is one shell per test process
// that reads "+ PID" and "- PID" lines from a pipe this process holds; when the pipe ends, with
// this process, it kills the PIDs still listed.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Socket } from 'node:net';

const REAPER = [
  'declare -A live',
  'while read -r op pid; do',
  '  if [ "$op" = + ]; then live[$pid]=1; else unset "live[$pid]"; fi',
  'done',
  '[ ${#live[@]} -eq 0 ] || kill -KILL "${!live[@]}"',
].join('\n');

/** Writes a line to the reaper; null without bash, where nothing is reaped. Started on first use. */
let tell: ((line: string) => void) | null | undefined;

function reaper(): ((line: string) => void) | null {
  if (tell !== undefined) return tell;
  if (!existsSync('/bin/bash')) return (tell = null);
  const child = spawn('/bin/bash', ['-c', REAPER], { stdio: ['pipe', 'ignore', 'ignore'] });
  const { stdin } = child;
  // Neither keeps this process alive: the pipe is meant to end with it.
  child.unref();
  (stdin as unknown as Socket).unref();
  // A reaper gone (killed by hand) must not fail a test.
  stdin.on('error', () => undefined);
  return (tell = (line) => void (stdin.writable && stdin.write(line)));
}

/** Lists `child` with the reaper until it exits, so it does not outlive this process. */
export function reapedWithThisProcess<T extends ChildProcess>(child: T): T {
  const say = reaper();
  const { pid } = child;
  if (say === null || pid === undefined) return child;
  say(`+ ${pid}\n`);
  child.once('exit', () => say(`- ${pid}\n`));
  return child;
}
