// Signals, handled for the whole life of the process: stop requests and reloads.

import os from 'node:os';
import type { AppLogger } from './log-events.ts';

/** Where signals come from: the process, or a stand-in in tests. */
export interface SignalSource {
  on(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
}

/** Ends the process at once with `code`: process.exit, or a stand-in in tests. */
export type ForceExit = (code: number) => void;

export interface ProcessSignals {
  readonly stopRequested: boolean;
  /** Resolves on SIGINT or SIGTERM (at once if one came already). */
  stop(): Promise<void>;
  /** What SIGHUP does from now on; null: nothing. A SIGHUP that came while the job started is served now. */
  onReload(action: (() => void) | null): void;
}

/**
 * Handlers only while the daemon ran left a SIGHUP while it started or stopped, and a SIGTERM
 * during --once, to their default: the process died mid-cycle and left its lock file behind. Now a
 * stop request lets what is in flight finish. A SIGHUP while the job starts (reading its last
 * status.json and its history, which on a small board with a long history takes a while) is kept
 * for the daemon, which reloads once it runs: dropped, a `systemctl reload` right after a start
 * left the old config running with nothing said but the request. While it stops, or in a --once
 * run, a SIGHUP is logged and has no effect.
 *
 * A second SIGINT or SIGTERM while it stops ends the process at once, with the code a shell gives
 * a process a signal ended (128 + its number): stopping waits for a host up to its timeout and for
 * hooks up to 15 s, and Ctrl-C pressed again did nothing. The published files stay whole (each is
 * renamed into place only once written), and the next start takes over the lock files and removes
 * any temp file, as after a kill.
 */
export function processSignals(log: AppLogger, source: SignalSource = process, forceExit: ForceExit = (code) => process.exit(code)): ProcessSignals {
  let stopped: NodeJS.Signals | null = null;
  let whenStopped: (() => void) | null = null;
  let reload: (() => void) | null = null;
  let reloadWaiting = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopped !== null) {
      log.event({ kind: 'stop-forced', signal });
      forceExit(128 + (os.constants.signals[signal] ?? 0));
      return;
    }
    stopped = signal;
    log.event({ kind: 'stopping', signal });
    whenStopped?.();
  };
  source.on('SIGINT', stop);
  source.on('SIGTERM', stop);
  source.on('SIGHUP', () => {
    log.event({ kind: 'reload-requested', signal: 'SIGHUP' });
    if (reload) reload();
    // Before the daemon runs; after a stop request the daemon never will.
    else reloadWaiting = stopped === null;
  });
  return {
    get stopRequested() {
      return stopped !== null;
    },
    stop: () => new Promise<void>((resolve) => (stopped !== null ? resolve() : (whenStopped = resolve))),
    onReload(action) {
      reload = action;
      if (action !== null && reloadWaiting) {
        reloadWaiting = false;
        action();
      }
    },
  };
}
