// The real command line as a running daemon: its log read line by line, with waits for events.

import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { LogLine } from '../../src/shared/log.ts';
import { within } from './cycle.ts';
import { spawnCli } from './cli.ts';

export interface Daemon {
  child: ChildProcess;
  /** Every log line so far, parsed. */
  events: LogLine[];
  /** Resolves once `count` lines of `kind` have been logged in all (within `ms`). */
  logged(kind: string, count?: number, ms?: number): Promise<void>;
  count(kind: string): number;
  /** Resolves with the exit code; rejects when the process has not exited within `ms`. */
  exit(ms?: number): Promise<number | null>;
  /** Sends SIGTERM (unless it has exited) and resolves with the exit code. */
  stop(): Promise<number | null>;
}

export function startDaemon(args: readonly string[]): Daemon {
  const child = spawnCli(args);
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const events: LogLine[] = [];
  const waiters: { kind: string; count: number; resolve: () => void }[] = [];
  const count = (kind: string) => events.filter((event) => event.kind === kind).length;
  createInterface({ input: child.stderr! }).on('line', (line) => {
    // Plain lines ("upsview: …") are what the CLI says before its log starts.
    events.push(line.startsWith('{') ? (JSON.parse(line) as LogLine) : { time: '', kind: 'text', text: line });
    for (const waiter of waiters) if (count(waiter.kind) >= waiter.count) waiter.resolve();
  });
  return {
    child,
    events,
    count,
    exit: (ms = 15_000) => within(exited, ms, 'exit'),
    logged(kind, wanted = 1, ms = 15_000) {
      const reached = new Promise<void>((resolve) => {
        if (count(kind) >= wanted) resolve();
        else waiters.push({ kind, count: wanted, resolve });
      });
      return within(Promise.race([reached, exited.then((code) => Promise.reject(new Error(`daemon exited (${code}) before ${kind}`)))]), ms, `${wanted} × ${kind}`);
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
