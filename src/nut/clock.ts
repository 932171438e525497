// Time as the session sees it: a monotonic clock and timers, injected so that tests can run a
// session's time budget in virtual time instead of waiting for it.

import type { Clock } from '../shared/clock.ts';

/** The part of the job's clock a session needs: monotonic time and timers (src/shared/clock.ts). */
export type Timers = Pick<Clock, 'monotonic' | 'setTimeout' | 'clearTimeout'>;

/** One host's time for one cycle: connect, STARTTLS and every reply share it (config `timeoutMs`). */
export interface Budget {
  readonly startedAt: number;
  readonly limitMs: number;
}

export const startBudget = (timers: Timers, limitMs: number): Budget => ({ startedAt: timers.monotonic(), limitMs });

export const budgetLeft = (timers: Timers, budget: Budget): number =>
  Math.max(0, budget.limitMs - (timers.monotonic() - budget.startedAt));
