// When a cron expression runs, from node-cron's own matcher, and how far apart its runs can be.

import cron from 'node-cron';

/** Next run strictly after `from`. */
export type NextRun = (from: Date) => Date;

interface TimeMatcher {
  getNextMatch(from: Date): Date;
}

/**
 * node-cron's next-run search from any time. Its public getNextRuns always starts from the real
 * clock, but the scheduler runs on an injected clock and the cadence looks a week ahead, so this
 * reaches the matcher every task carries (node-cron 4, src/tasks/inline-scheduled-task.ts).
 */
export function nextRunOf(expression: string): NextRun {
  const task = cron.createTask(expression, () => undefined);
  void task.destroy();
  const matcher = (task as unknown as { timeMatcher?: Partial<TimeMatcher> }).timeMatcher;
  const getNextMatch = matcher?.getNextMatch;
  if (typeof getNextMatch !== 'function') throw new Error('node-cron has no next-run matcher: check the pinned node-cron version');
  return (from) => getNextMatch.call(matcher, from);
}

/** A week holds every cycle of a five- or six-field cron expression except day-of-month ones. */
const HORIZON_MS = 7 * 24 * 3600 * 1000;
/** Enough runs to see an uneven minute or hour pattern; a denser schedule is sampled hourly. */
const MAX_RUNS = 500;
const SAMPLE_MS = 3600 * 1000;

/**
 * The longest gap, in seconds, between two runs of `expression` over the week from `from`: what
 * "one interval" means for staleness. `0,1 * * * *` runs a minute apart and then not for 59
 * minutes; the page must not call itself out of date in between (issue 9, item 14).
 */
export function cronIntervalSeconds(expression: string, from = new Date()): number {
  const next = nextRunOf(expression);
  const end = from.getTime() + HORIZON_MS;
  let longest = 0;
  let at = next(from);
  // At least one gap, even when the first run is beyond the week (a monthly schedule).
  for (let runs = 0; runs < MAX_RUNS && (runs === 0 || at.getTime() < end); runs++) {
    const following = next(at);
    longest = Math.max(longest, following.getTime() - at.getTime());
    at = following;
  }
  // Past MAX_RUNS the runs are dense; a long pause (weekends off) still shows from hourly samples.
  for (let t = at.getTime(); t < end; t += SAMPLE_MS) longest = Math.max(longest, next(new Date(t)).getTime() - t);
  return Math.max(1, Math.round(longest / 1000));
}
