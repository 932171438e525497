// Kept connections, one per host at most. upsd closes a connection on which no complete line has
// arrived for more than 60 s (hard-coded in NUT 2.8; ../shared/reference/nut-protocol.md §3), so
// when the schedule is shorter than that, the connection of one cycle serves the next: no
// connect, no STARTTLS and no login per cycle. A kept connection that died meanwhile (upsd
// restarted, idle-closed, network cut) is noticed here or on first use and replaced by the caller
// within the same cycle. A capability, not data: created with the run's deps, closed on shutdown.

import { startBudget, type Budget } from './clock.ts';
import { openSession, realSessionDeps, type NutSession, type SessionDeps, type SessionOptions } from './session.ts';

export interface Lease {
  session: NutSession;
  /** Opened for this cycle: nothing has been sent on it yet (credentials still to send). */
  fresh: boolean;
}

export interface SessionPool {
  /** Whether sessions outlive the cycle (what is left to ask can wait for the next cycle's write). */
  readonly keeps: boolean;
  /** Starts one host's time budget for this cycle (`timeoutMs` of the config), on the sessions' clock. */
  budget(limitMs: number): Budget;
  /** The host's kept session when it is alive, else a new one opened within `budget`. */
  acquire(key: string, options: SessionOptions, budget: Budget): Promise<Lease>;
  /** Opens a new session for `key`, dropping any kept one first (at most one connection per host). */
  replace(key: string, options: SessionOptions, budget: Budget): Promise<Lease>;
  /** The cycle is done with it: kept for the next cycle, or logged out (without waiting for the reply). */
  release(key: string, lease: Lease): void;
  /** Logs out every kept session; resolves once all are closed. */
  close(): Promise<void>;
}

export interface PoolOptions {
  /** Keep sessions between cycles: only when cycles come more often than upsd's idle close. */
  keep: boolean;
  /** A session idle longer than this is not trusted to be open still (upsd closes after 60 s). */
  maxIdleMs?: number;
  deps?: SessionDeps;
}

/** Below upsd's 60 s idle close with room for a slow cycle and upsd's once-per-loop check. */
export const KEEP_IDLE_MS = 45_000;

export function createSessionPool(options: PoolOptions): SessionPool {
  const deps = options.deps ?? realSessionDeps;
  const maxIdleMs = options.maxIdleMs ?? KEEP_IDLE_MS;
  const kept = new Map<string, { session: NutSession; since: number }>();
  let closed = false;

  const open = async (sessionOptions: SessionOptions, budget: Budget): Promise<Lease> => ({
    session: await openSession({ ...sessionOptions, budget }, deps),
    fresh: true,
  });

  function drop(key: string): void {
    kept.get(key)?.session.destroy();
    kept.delete(key);
  }

  return {
    keeps: options.keep,
    budget: (limitMs) => startBudget(deps.timers, limitMs),
    acquire(key, sessionOptions, budget) {
      const entry = kept.get(key);
      if (entry && entry.session.alive && deps.timers.monotonic() - entry.since <= maxIdleMs) {
        kept.delete(key);
        return Promise.resolve({ session: entry.session, fresh: false });
      }
      drop(key);
      return open(sessionOptions, budget);
    },
    replace(key, sessionOptions, budget) {
      drop(key);
      return open(sessionOptions, budget);
    },
    release(key, lease) {
      if (!lease.session.alive) return;
      if (!options.keep || closed || kept.has(key)) {
        void lease.session.close();
        return;
      }
      kept.set(key, { session: lease.session, since: deps.timers.monotonic() });
    },
    async close() {
      closed = true;
      const sessions = [...kept.values()].map((entry) => entry.session);
      kept.clear();
      await Promise.all(sessions.map((session) => session.close()));
    },
  };
}
