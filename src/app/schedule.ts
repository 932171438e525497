// node-cron wrapper: one run at start, then one per tick, never two at once. A tick that finds the
// previous run still going is skipped, and said once per streak of skips, not every tick.

import cron from 'node-cron';
import type { AppLogger } from './log-events.ts';

export interface Schedule {
  /** Stops ticking and resolves once the run in flight, if any, has finished. */
  stop(): Promise<void>;
}

export function startSchedule(expression: string, job: () => Promise<void>, log: AppLogger): Schedule {
  let inFlight: Promise<void> | null = null;
  let skipping = false;

  function trigger(reason: 'start' | 'tick'): void {
    if (inFlight) {
      if (!skipping) log.event({ kind: 'run-skipped', reason: 'previous run still in progress' });
      skipping = true;
      return;
    }
    skipping = false;
    inFlight = job()
      .catch((error: unknown) => log.event({ kind: 'run-crashed', reason, message: String(error) }))
      .finally(() => {
        inFlight = null;
      });
  }

  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };
  const task = cron.createTask(expression, () => trigger('tick'), { suppressMissedWarning: true, logger: quiet });
  void task.start();
  trigger('start');

  return {
    async stop() {
      await task.destroy();
      await inFlight;
    },
  };
}
