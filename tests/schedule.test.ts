import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { AppLogger, LogEvent } from '../src/app/log-events.ts';
import { startSchedule } from '../src/app/schedule.ts';
import { cronIntervalSeconds } from '../src/config/cadence.ts';

const schedule = suite('schedule');

schedule('the interval is read from the cron expression', () => {
  assert.is(cronIntervalSeconds('*/30 * * * * *'), 30);
  assert.is(cronIntervalSeconds('*/5 * * * *'), 300);
  assert.is(cronIntervalSeconds('* * * * * *'), 1);
});

schedule('runs at start, never twice at once, says a skipped tick once, and stop waits for the run', async () => {
  const events: LogEvent[] = [];
  let skipped!: () => void;
  const sawSkip = new Promise<void>((resolve) => (skipped = resolve));
  const log: AppLogger = {
    event: (event) => {
      events.push(event);
      if (event.kind === 'run-skipped') skipped();
    },
    debug: () => undefined,
  };
  let running = 0;
  let maxRunning = 0;
  let runs = 0;
  let finished = false;
  // The first run lasts until a tick has been skipped, and a little beyond, so several ticks pass.
  const job = async () => {
    runs++;
    running++;
    maxRunning = Math.max(maxRunning, running);
    if (runs === 1) {
      await sawSkip;
      await new Promise((resolve) => setTimeout(resolve, 1100));
    }
    running--;
    finished = runs === 1 ? true : finished;
  };
  const task = startSchedule('* * * * * *', job, log);
  assert.is(runs, 1, 'the first run starts at once, not at the first tick');
  await sawSkip;
  await task.stop();
  assert.ok(finished, 'stop() resolved only after the run in flight finished');
  assert.is(maxRunning, 1);
  assert.is(events.filter((event) => event.kind === 'run-skipped').length, 1);
});

schedule.run();
