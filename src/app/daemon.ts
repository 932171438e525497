// The long-running job: cycles on the schedule with the state carried from one to the next, and a
// config that can be swapped while it runs (SIGHUP). A new config is only ever one that loaded
// and validated; a bad one leaves the job running on the old (issue 9, item 12).

import type { Config } from '../config/types.ts';
import type { Loaded } from '../history/load.ts';
import type { SessionPool } from '../nut/pool.ts';
import type { OutLock } from '../publish/out-lock.ts';
import { toErrorInfo } from '../shared/errors.ts';
import type { AppLogger } from './log-events.ts';
import { runOnce, type RunDeps, type RunState } from './run-once.ts';
import { startSchedule, type Schedule } from './schedule.ts';

export interface DaemonIo {
  /** Reads and validates the config file again; rejects with a ConfigError when it is bad. */
  loadConfig(): Promise<Config>;
  /**
   * Takes the lock of another output folder, and clears what a killed writer left there and in
   * the config's textfile folder, as at start.
   */
  lockOutDir(dir: string, textfileDir: string | null): Promise<OutLock>;
  /** Connections for a new config: kept ones belong to the old hosts' addresses and credentials. */
  sessionsFor(config: Config): SessionPool;
  /** Reads another history store, when a new config moves dataDir. */
  loadHistory(dataDir: string): Promise<Loaded>;
  /** Runs after each cycle, while the job waits for the next (app/idle-collect.ts). */
  afterCycle(): void;
}

/**
 * How long a stopping daemon gives its hooks: systemd kills it 30 s after SIGTERM
 * (deploy/systemd/upsview.service, TimeoutStopSec), and the cycle in flight (timeoutMs) and an
 * attempt under way (hooks.timeoutMs) come on top. An unanswered receiver held the stop for 34 s.
 */
export const HOOKS_STOP_MS = 15_000;

export interface Daemon {
  /** Loads the config again and, when it is good, runs on it from now on; never rejects. */
  reload(): Promise<void>;
  /** Stops the schedule, waits for the run in flight and its hooks, closes connections, releases the output folder. */
  stop(): Promise<void>;
}

/**
 * Gives up a locked folder: the output folder, or the history store's. A lock file that cannot be removed (the folder went read-only, the
 * very reason to move outDir) is said and left: once this process is gone, the next instance takes
 * it over. A rejection here stopped a reload after the schedule had stopped, and the job ran no
 * cycle again until restarted; at exit it turned a clean stop into exit 1.
 */
export async function releaseLock(lock: Pick<OutLock, 'release'> | null, dir: string, log: AppLogger): Promise<void> {
  await lock?.release().catch((error: unknown) => log.event({ kind: 'lock-release-failed', dir, ...toErrorInfo(error) }));
}

export function startDaemon(initial: { config: Config; deps: RunDeps; state: RunState; lock: OutLock }, io: DaemonIo): Daemon {
  let { config, deps, state, lock } = initial;
  const cycle = async () => {
    state = (await runOnce(config, deps, state)).state;
    io.afterCycle();
  };
  let schedule: Schedule = startSchedule(config.schedule, cycle, deps.log);
  deps.log.event({ kind: 'started', hosts: config.hosts.length, schedule: config.schedule, outDir: config.outDir });

  /** Once no cycle runs on the store: what the last cycles did not save (history/save.ts STATE_EVERY_MS). */
  async function flushHistory(): Promise<void> {
    const store = await deps.flushHistory({ dataDir: config.dataDir, history: state.history, store: state.store, now: deps.now() }, deps.log);
    state = { ...state, store };
  }

  async function swapTo(next: Config): Promise<void> {
    const nextLock = next.outDir === config.outDir ? lock : await io.lockOutDir(next.outDir, next.metrics.textfileDir);
    await schedule.stop();
    if (nextLock !== lock) await releaseLock(lock, config.outDir, deps.log);
    await deps.sessions.close();
    deps = { ...deps, sessions: io.sessionsFor(next) };
    // The history in memory belongs to the store it came from. A store that could not be read at
    // start is read again: once its file is mended, a reload is enough, not a restart.
    if (next.dataDir !== config.dataDir || state.store.unread) {
      await flushHistory();
      const left = state.store;
      state = { ...state, ...(await io.loadHistory(next.dataDir)) };
      // After the new one is read: the same folder read again holds its lock anew, which this leaves.
      await releaseLock(left.lock, config.dataDir, deps.log);
    }
    config = next;
    lock = nextLock;
    schedule = startSchedule(config.schedule, cycle, deps.log);
    deps.log.event({ kind: 'reloaded', hosts: config.hosts.length, schedule: config.schedule, outDir: config.outDir });
  }

  // One reload at a time, and at most one waiting behind it: it reads the file when its turn
  // comes, so every SIGHUP sent meanwhile is served by it. Each SIGHUP queued a reload of its own,
  // and each waits for a cycle (the new config's first): five in a second took five cycles, the
  // last edit in effect only after them all.
  let reloading = Promise.resolve();
  let waiting: Promise<void> | null = null;
  let stopped = false;
  return {
    reload() {
      if (waiting !== null) return waiting;
      waiting = reloading = reloading.then(async () => {
        waiting = null;
        if (stopped) return;
        try {
          await swapTo(await io.loadConfig());
        } catch (error) {
          deps.log.event({ kind: 'reload-failed', ...toErrorInfo(error) });
        }
      });
      return waiting;
    },
    async stop() {
      stopped = true;
      await reloading;
      await schedule.stop();
      await flushHistory();
      await deps.sessions.close();
      // Hooks of the last cycle still get their bounded attempts, up to HOOKS_STOP_MS.
      await deps.hooks.idle(HOOKS_STOP_MS);
      await releaseLock(lock, config.outDir, deps.log);
      await releaseLock(state.store.lock, config.dataDir, deps.log);
    },
  };
}
