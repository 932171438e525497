// `--once` from cron counts staleness in the time between runs. A pause (the machine off for three
// days) or a step of the wall clock between two runs is not how often cron runs: the page must go
// out of date as soon as the runs stop, not days or decades later.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cadenceSeconds, cadenceSincePrevious } from '../src/app/observed-cadence.ts';

const cadence = suite('the cadence of --once runs');

const FIVE_MINUTES = [300, 300, 300, 300, 300, 300, 300, 300, 300];
const THIRTY_SECOND_SCHEDULE = 30;

/** Seconds from generatedAt to staleAfter for a run at `now` after one at `previous`, as status.json writes it. */
const staleAfterSeconds = (previous: string, now: string, recentGaps: readonly number[] = []) =>
  3 * cadenceSeconds(THIRTY_SECOND_SCHEDULE, cadenceSincePrevious(previous, new Date(now), recentGaps));

cadence('a */5 crontab is out of date after 15 minutes, whatever the schedule says', () => {
  assert.is(staleAfterSeconds('2026-11-27T10:00:00Z', '2026-11-27T10:05:00Z'), 900);
  assert.is(staleAfterSeconds('2026-11-27T10:00:00Z', '2026-11-27T10:05:00Z', FIVE_MINUTES), 900);
});

cadence('the first run after the machine was off for three days is not fresh for nine', () => {
  assert.is(staleAfterSeconds('2026-11-24T10:00:00Z', '2026-11-27T10:05:00Z', FIVE_MINUTES), 900);
});

cadence('a clock stepped forward years between two runs gives no staleness of decades', () => {
  assert.is(staleAfterSeconds('2026-11-27T10:00:00Z', '2030-11-27T10:05:00Z', FIVE_MINUTES), 900);
});

cadence('a file written while the clock read 1970 says nothing of the cadence', () => {
  assert.is(staleAfterSeconds('1970-01-01T00:05:10Z', '2026-11-27T10:00:00Z'), 3 * THIRTY_SECOND_SCHEDULE);
  assert.is(staleAfterSeconds('1970-01-01T00:05:10Z', '2026-11-27T10:00:00Z', FIVE_MINUTES), 900);
});

cadence('a clock stepped back between two runs falls back to the usual gap', () => {
  assert.is(staleAfterSeconds('2026-11-27T10:00:00Z', '2026-11-27T09:00:00Z', FIVE_MINUTES), 900);
  assert.is(staleAfterSeconds('2026-11-27T10:00:00Z', '2026-11-27T09:00:00Z'), 3 * THIRTY_SECOND_SCHEDULE);
});

cadence.run();
