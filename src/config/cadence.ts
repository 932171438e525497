// How often a cron expression runs, read from node-cron's own idea of its next runs.

import cron from 'node-cron';

/** Seconds between the next two runs of `expression` (60 when it cannot tell). */
export function cronIntervalSeconds(expression: string): number {
  const task = cron.createTask(expression, () => undefined);
  const [first, second] = task.getNextRuns(2);
  void task.destroy();
  if (!first || !second) return 60;
  return Math.max(1, Math.round((second.getTime() - first.getTime()) / 1000));
}
