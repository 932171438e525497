// Runs hook deliveries in the background: the cycle hands them over and goes on, so a slow or
// dead receiver never delays or breaks it. Each target gets its deliveries in order, each with a
// bounded number of attempts and doubling pauses. A target that keeps failing is logged once
// when it starts failing and once when it works again, not once per event; that episode flag is
// the runner's own state because deliveries finish after the cycle that made them.

import { toErrorInfo, type ErrorInfo } from '../shared/errors.ts';
import type { Logger } from '../shared/log.ts';
import type { Delivery } from './deliveries.ts';
import { postOnce, runCommand } from './send.ts';

export type HookLogEvent =
  | ({ kind: 'hook-failed'; target: string; attempts: number } & ErrorInfo)
  | { kind: 'hook-recovered'; target: string };

export interface HookRunner {
  /** Starts the deliveries and returns at once. */
  dispatch(deliveries: readonly Delivery[]): void;
  /**
   * Settles when every delivery handed over so far is done (tests, --once). With `withinMs` (a
   * stopping daemon), settles by then at the latest: what is left is dropped, no retry is made,
   * and each target that lost a delivery says so once (hook-failed, HOOK-DROPPED). An attempt
   * already under way still ends within its own hooks.timeoutMs.
   */
  idle(withinMs?: number): Promise<void>;
}

export interface HookRunnerOptions {
  log: Logger<HookLogEvent>;
  /** Pause before the first retry; each further retry waits twice as long. */
  backoffMs?: number;
  send?: (delivery: Delivery) => Promise<void>;
}

const sendReal = (delivery: Delivery) => (delivery.kind === 'webhook' ? postOnce(delivery) : runCommand(delivery));
const DROPPED: ErrorInfo = { code: 'HOOK-DROPPED', message: 'not delivered: the job stopped first' };

export function createHookRunner(options: HookRunnerOptions): HookRunner {
  const backoffMs = options.backoffMs ?? 1000;
  const send = options.send ?? sendReal;
  const queues = new Map<string, Promise<void>>();
  const failing = new Set<string>();
  // Set once a stopping daemon's time for hooks is up: nothing more is sent.
  let dropping = false;
  const dropped = new Set<string>();
  const pauses = new Set<() => void>();

  // Not unref'd: a retry still due must keep `--once` and a stopping daemon alive (both wait on
  // idle()); an unref'd pause let Node exit in it, the retry and its hook-failed line lost. A
  // stop's deadline ends the pauses under way, and any after it at once.
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      if (dropping) return resolve();
      const end = () => {
        clearTimeout(timer);
        pauses.delete(end);
        resolve();
      };
      const timer = setTimeout(end, ms);
      pauses.add(end);
    });

  function drop(delivery: Delivery): void {
    if (dropped.has(delivery.key)) return;
    dropped.add(delivery.key);
    options.log.event({ kind: 'hook-failed', target: delivery.target, attempts: 0, ...DROPPED });
  }

  async function attempt(delivery: Delivery): Promise<void> {
    let last: ErrorInfo = { code: 'INTERNAL', message: 'not attempted' };
    for (let tries = 0; tries <= delivery.retries; tries++) {
      if (tries > 0) await pause(backoffMs * 2 ** (tries - 1));
      if (dropping) return drop(delivery);
      try {
        await send(delivery);
        if (failing.delete(delivery.key)) options.log.event({ kind: 'hook-recovered', target: delivery.target });
        return;
      } catch (error) {
        last = toErrorInfo(error);
      }
    }
    if (!failing.has(delivery.key)) options.log.event({ kind: 'hook-failed', target: delivery.target, attempts: delivery.retries + 1, ...last });
    failing.add(delivery.key);
  }

  return {
    dispatch(deliveries) {
      for (const delivery of deliveries) {
        const before = queues.get(delivery.key) ?? Promise.resolve();
        const next = before.then(() => attempt(delivery));
        queues.set(delivery.key, next);
        // Forget a finished queue so the map does not grow with every target ever seen.
        void next.then(() => queues.get(delivery.key) === next && queues.delete(delivery.key));
      }
    },
    async idle(withinMs) {
      const settled = (async () => {
        while (queues.size > 0) await Promise.all(queues.values());
      })();
      if (withinMs === undefined) return settled;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), withinMs)));
      if ((await Promise.race([settled, late])) === 'late') {
        dropping = true;
        for (const end of [...pauses]) end();
      }
      clearTimeout(timer);
    },
  };
}
