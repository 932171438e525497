// The schedule in virtual time: a fake wall clock and monotonic clock with their own timers, so
// clock steps and slow runs are played out exactly and without sleeping.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { AppLogger, LogEvent } from '../src/app/log-events.ts';
import { startSchedule } from '../src/app/schedule.ts';
import { cronIntervalSeconds } from '../src/config/cadence.ts';
import { createFakeClock, type FakeClock } from './helpers/fake-clock.ts';

const schedule = suite('schedule');

schedule('the interval is read from the cron expression', () => {
  assert.is(cronIntervalSeconds('*/30 * * * * *'), 30);
  assert.is(cronIntervalSeconds('*/5 * * * *'), 300);
  assert.is(cronIntervalSeconds('* * * * * *'), 1);
});

schedule('an uneven schedule counts its longest gap, whatever the time it is read', () => {
  for (const at of ['2026-01-01T10:00:30Z', '2026-01-01T10:00:59Z', '2026-01-01T10:01:30Z']) {
    assert.is(cronIntervalSeconds('0,1 * * * *', new Date(at)), 3540, at);
  }
  // Weekdays only: the weekend is the longest gap (to within the hourly sampling of dense schedules).
  assert.ok(cronIntervalSeconds('*/5 * * * 1-5', new Date('2026-01-05T10:00:00Z')) >= 47 * 3600);
  // A monthly run beyond the coming week still has a gap.
  assert.ok(cronIntervalSeconds('0 3 1 * *', new Date('2026-01-02T00:00:00Z')) >= 28 * 86400);
});

interface Harness {
  clock: FakeClock;
  events: LogEvent[];
  /** Wall-clock times of each run's start. */
  runs: number[];
  count(kind: LogEvent['kind']): number;
}

function harness(start = '2026-01-01T00:00:05Z'): Harness {
  const events: LogEvent[] = [];
  return {
    clock: createFakeClock(start),
    events,
    runs: [],
    count: (kind) => events.filter((event) => event.kind === kind).length,
  };
}

const logTo = (events: LogEvent[]): AppLogger => ({ event: (event) => events.push(event), debug: () => undefined });

schedule('runs at start, never twice at once, says a slow streak once, and stop waits for the run', async () => {
  const h = harness();
  let running = 0;
  let maxRunning = 0;
  let runMs = 3000;
  // A host three times slower than the one-second schedule, then a fast one, then slow again.
  const job = async () => {
    h.runs.push(h.clock.now());
    running++;
    maxRunning = Math.max(maxRunning, running);
    await new Promise<void>((resolve) => h.clock.setTimeout(resolve, runMs));
    running--;
  };
  const task = startSchedule('* * * * * *', job, logTo(h.events), h.clock);
  assert.is(h.runs.length, 1, 'the first run starts at once, not at the first tick');
  await h.clock.advance(60_000);
  assert.is(h.count('run-skipped'), 1, 'a minute of skipped ticks is one line');
  assert.ok(h.runs.length >= 15 && h.runs.length <= 21, `runs every 3-4 s: ${h.runs.length}`);
  runMs = 100;
  await h.clock.advance(10_000);
  assert.is(h.count('runs-caught-up'), 1);
  runMs = 3000;
  await h.clock.advance(10_000);
  assert.is(h.count('run-skipped'), 2, 'a new slow streak is said again');
  const stopped = task.stop();
  let done = false;
  void stopped.then(() => (done = true));
  await h.clock.advance(0);
  assert.not.ok(done || running === 0, 'a run was still going when stop was called');
  await h.clock.advance(3000);
  await stopped;
  assert.is(running, 0, 'stop() resolved only after the run in flight finished');
  assert.is(maxRunning, 1);
  assert.is(h.clock.pending(), 0, 'no timer left behind');
});

async function stepScenario(stepMs: number, expression: string, intervalMs: number) {
  const h = harness();
  const task = startSchedule(expression, async () => void h.runs.push(h.clock.monotonic()), logTo(h.events), h.clock);
  await h.clock.advance(intervalMs * 2 + 1000);
  const before = h.runs.length;
  const steppedAt = h.clock.monotonic();
  h.clock.stepWall(stepMs);
  await h.clock.advance(intervalMs);
  const afterStep = h.runs.filter((at) => at > steppedAt);
  await h.clock.advance(intervalMs * 10);
  await task.stop();
  return { h, before, afterStep, steppedAt };
}

for (const [name, stepMs] of [
  ['back an hour', -3600_000],
  ['forward an hour', 3600_000],
  ['back a day', -86_400_000],
] as const) {
  for (const [expression, intervalMs] of [
    ['*/30 * * * * *', 30_000],
    ['*/5 * * * *', 300_000],
  ] as const) {
    schedule(`a wall clock stepped ${name} (${expression}): next run within one interval, one log line, no burst`, async () => {
      const { h, afterStep, steppedAt } = await stepScenario(stepMs, expression, intervalMs);
      assert.is(afterStep.length, 1, `one run in the interval after the step, got ${afterStep.length}`);
      assert.ok((afterStep[0] as number) - steppedAt <= intervalMs);
      const stepped = h.events.filter((event) => event.kind === 'clock-stepped');
      assert.equal(stepped, [{ kind: 'clock-stepped', seconds: stepMs / 1000 }]);
      // It keeps running in real time afterwards: one run per interval, never two close together.
      const later = h.runs.filter((at) => at > steppedAt);
      assert.ok(later.length >= 10 && later.length <= 11, `runs after the step: ${later.length}`);
      for (let i = 1; i < later.length; i++) assert.ok((later[i] as number) - (later[i - 1] as number) >= intervalMs - 1000);
    });
  }
}

schedule.run();
