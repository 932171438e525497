// One run at a time. A trigger that finds the previous run still going is skipped; a host slower
// than the schedule makes that happen on most ticks, so it is said once when the skipping starts
// and once when a run again finishes within one interval (issue 9, item 7), not on every tick.

import type { AppLogger } from './log-events.ts';

export type TriggerReason = 'start' | 'tick';

export interface RunGate {
  trigger(reason: TriggerReason): void;
  /** Resolves once the run in flight, if any, has finished. */
  settled(): Promise<void>;
}

export function createRunGate(job: () => Promise<void>, log: AppLogger): RunGate {
  let inFlight: Promise<void> | null = null;
  /** Ticks skipped since the episode began; 0 outside an episode. */
  let skippedInEpisode = 0;
  /** Ticks skipped while the current run was going. */
  let skippedThisRun = 0;

  function trigger(reason: TriggerReason): void {
    if (inFlight) {
      if (skippedInEpisode === 0) log.event({ kind: 'run-skipped', reason: 'previous run still in progress' });
      skippedInEpisode++;
      skippedThisRun++;
      return;
    }
    // The last run ended before the tick after it: the schedule keeps up again.
    if (skippedInEpisode > 0 && skippedThisRun === 0) {
      log.event({ kind: 'runs-caught-up', skipped: skippedInEpisode });
      skippedInEpisode = 0;
    }
    skippedThisRun = 0;
    inFlight = job()
      .catch((error: unknown) => log.event({ kind: 'run-crashed', reason, message: String(error) }))
      .finally(() => {
        inFlight = null;
      });
  }

  return { trigger, settled: async () => void (await inFlight) };
}
