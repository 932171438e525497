// How often cycles really start. A host slower than the schedule stretches the gaps (a 1 s
// schedule and a 3 s host write every 3-4 s), and `--once` from cron runs as often as the crontab
// says, whatever `schedule` holds; staleness counted in schedule intervals alone called a healthy
// page out of date (issue 9, item 7).

import { usualGapSeconds, withGap } from '../history/cadence.ts';
import { clockNotSet } from '../history/model.ts';

export interface ObservedCadence {
  /** Monotonic time the last cycle started; null before the first one of this process. */
  lastStartMs: number | null;
  /** The latest gaps between cycle starts, newest last. */
  gapsMs: readonly number[];
}

/** Enough gaps to ride out one slow cycle; few enough that a faster host is seen within minutes. */
const RECENT_GAPS = 10;

export const noCadenceYet: ObservedCadence = { lastStartMs: null, gapsMs: [] };

/**
 * A cycle started by cron: the time since the previous run's status.json was written is how often
 * the job runs (a `*`/5 crontab: 300 s, whatever `schedule` says). Only for `--once`: the daemon's
 * first cycle after a pause would take the pause for its cadence. With the gaps the history keeps
 * (`recentGapSeconds`) it is the usual gap, as for monitoring gaps (history/cadence.ts): alone, one
 * machine off for three days, or NTP setting a clock that read 1970, made that the cadence and
 * status.json fresh for nine days, or until the year 2197.
 */
export function cadenceSincePrevious(generatedAt: string, now: Date, recentGapSeconds: readonly number[] = []): ObservedCadence {
  // A file written while the clock was not yet set says nothing of how often the job runs.
  const gaps = clockNotSet(Date.parse(generatedAt)) ? recentGapSeconds : withGap(recentGapSeconds, generatedAt, now.toISOString());
  const usual = usualGapSeconds(gaps);
  return { lastStartMs: null, gapsMs: usual > 0 ? [usual * 1000] : [] };
}

export function cycleStarted(observed: ObservedCadence, atMs: number): ObservedCadence {
  const gap = observed.lastStartMs === null ? [] : [atMs - observed.lastStartMs];
  return { lastStartMs: atMs, gapsMs: [...observed.gapsMs, ...gap].slice(-RECENT_GAPS) };
}

/** The larger of the schedule's longest gap and the longest recent gap, in seconds. */
export function cadenceSeconds(intervalSeconds: number, observed: ObservedCadence): number {
  return Math.max(intervalSeconds, Math.ceil(Math.max(0, ...observed.gapsMs) / 1000));
}
