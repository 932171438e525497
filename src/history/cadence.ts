// Pure: how long a pause between cycles may be before it is a monitoring gap. Three times the
// usual spacing of cycles: the schedule's, or the one seen lately when cycles come less often
// (`--once` from a crontab every 5 minutes while `schedule` says 30 s). The usual spacing is the
// median of the recent gaps, kept in the store, so one long pause (the job stopped for a day)
// never makes itself look usual and is shown as unknown time, not as mains (issue 8 "Time").

/** Gaps remembered between cycles, across restarts. */
const RECENT = 9;

/** The usual gap between cycles, in seconds: the median of the recent ones (the upper one of two); 0 for none. */
export const usualGapSeconds = (recentGaps: readonly number[]) => [...recentGaps].sort((a, b) => a - b)[Math.floor(recentGaps.length / 2)] ?? 0;

export function gapLimitSeconds(intervalSeconds: number, recentGaps: readonly number[]): number {
  return 3 * Math.max(intervalSeconds, usualGapSeconds(recentGaps));
}

/** The recent gaps with this cycle's added (a clock step back adds nothing). */
export function withGap(recentGaps: readonly number[], lastCycleAt: string | null, now: string): number[] {
  const gap = lastCycleAt === null ? 0 : Math.round((Date.parse(now) - Date.parse(lastCycleAt)) / 1000);
  return gap > 0 ? [...recentGaps, gap].slice(-RECENT) : [...recentGaps];
}
