// How far apart the runs of a cron expression can be.

import { nextRunOf } from './next-run.ts';

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
