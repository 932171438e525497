// The schedule: one run at start, then one at each run time of the cron expression, never two at
// once (run-gate.ts). node-cron says when the runs are; the waiting is our own timer loop on an
// injected clock, because node-cron waits for the wall-clock time it computed before a step: a
// clock stepped back an hour meant an hour without polling (issue 9, item 1).
//
// Waits are measured on the monotonic clock. Every wake-up (at most CHECK_MS apart) compares the
// wall clock with it; after a step either way the next run is whichever comes first, the one due
// in real time or the next one by the new wall clock, so it is always within one interval, and
// a forward step never causes a burst of the runs it jumped over.

import { nextRunOf, type NextRun } from '../config/next-run.ts';
import { systemClock, type Clock } from '../shared/clock.ts';
import type { AppLogger } from './log-events.ts';
import { createRunGate } from './run-gate.ts';

export interface Schedule {
  /** Stops ticking and resolves once the run in flight, if any, has finished. */
  stop(): Promise<void>;
}

/** How often the wall clock is checked while waiting for a distant run. */
const CHECK_MS = 10_000;
/** A jump between the two clocks larger than this is a step; NTP slewing moves 0.5 ms/s at most. */
const STEP_TOLERANCE_MS = 2_000;

interface Due {
  /** The run time on the wall clock, as cron computed it. */
  wall: number;
  /** The same moment on the monotonic clock. */
  mono: number;
}

/** The next run on both clocks, kept right across wall-clock steps. */
function createPlanner(clock: Clock, nextRun: NextRun, log: AppLogger) {
  let offset = clock.now() - clock.monotonic();
  /** The next run after `notBefore` on the wall clock (a wake-up a hair early must not repeat a run). */
  const plan = (notBefore: number): Due => {
    const wall = clock.now();
    const at = nextRun(new Date(Math.max(wall, notBefore))).getTime();
    return { wall: at, mono: clock.monotonic() + (at - wall) };
  };
  let due = plan(-Infinity);

  function noticeStep(): void {
    const current = clock.now() - clock.monotonic();
    const stepped = current - offset;
    offset = current;
    if (Math.abs(stepped) <= STEP_TOLERANCE_MS) return;
    log.event({ kind: 'clock-stepped', seconds: Math.round(stepped / 1000) });
    const byNewClock = plan(-Infinity);
    due = byNewClock.mono < due.mono ? byNewClock : { wall: due.wall + stepped, mono: due.mono };
  }

  return {
    /** Checks the clocks; true when the next run is due now. */
    isDue(): boolean {
      noticeStep();
      return clock.monotonic() >= due.mono;
    },
    /** The run that was due has been started: plan the one after it. */
    advance(): void {
      due = plan(due.wall);
    },
    msUntilDue: () => Math.max(0, due.mono - clock.monotonic()),
  };
}

export function startSchedule(expression: string, job: () => Promise<void>, log: AppLogger, clock: Clock = systemClock): Schedule {
  const planner = createPlanner(clock, nextRunOf(expression), log);
  const gate = createRunGate(job, log);
  let timer: unknown = null;
  let stopped = false;

  function wake(): void {
    timer = null;
    if (stopped) return;
    if (planner.isDue()) {
      gate.trigger('tick');
      planner.advance();
    }
    arm();
  }
  const arm = () => {
    timer = clock.setTimeout(wake, Math.min(planner.msUntilDue(), CHECK_MS));
  };

  gate.trigger('start');
  arm();
  return {
    async stop() {
      stopped = true;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      await gate.settled();
    },
  };
}
