// Time as the session sees it: a monotonic clock and timers, injected so that tests can run a
// session's time budget in virtual time instead of waiting for it.

export interface Timers {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout | undefined),
};

/** One host's time for one cycle: connect, STARTTLS and every reply share it (config `timeoutMs`). */
export interface Budget {
  readonly startedAt: number;
  readonly limitMs: number;
}

export const startBudget = (timers: Timers, limitMs: number): Budget => ({ startedAt: timers.now(), limitMs });

export const budgetLeft = (timers: Timers, budget: Budget): number =>
  Math.max(0, budget.limitMs - (timers.now() - budget.startedAt));
