// The real capabilities behind runOnce: sockets, the output folder, the history store, the wall
// clock, the outputs.
// Tests and scripts replace only the ones they need.

import type { Config } from '../config/types.ts';
import { flushHistory, saveHistory } from '../history/save.ts';
import { createHookRunner } from '../hooks/runner.ts';
import { KEEP_IDLE_MS, createSessionPool, type SessionPool } from '../nut/pool.ts';
import { createOutputs } from '../outputs/registry.ts';
import { createPublisher } from '../publish/skip-unchanged.ts';
import { silentLogger } from '../shared/log.ts';
import type { RunDeps } from './run-once.ts';

export async function createRunDeps(overrides: Partial<RunDeps> = {}): Promise<RunDeps> {
  const log = overrides.log ?? silentLogger;
  return {
    now: () => new Date(),
    monotonic: () => performance.now(),
    sessions: createSessionPool({ keep: false }),
    publish: createPublisher(),
    saveHistory,
    flushHistory,
    outputs: overrides.outputs ?? (await createOutputs()),
    hooks: overrides.hooks ?? createHookRunner({ log }),
    log,
    ...overrides,
  };
}

/**
 * Connections are kept between cycles only when the next cycle comes before upsd's 60 s idle
 * close (issue 11); a single --once cycle keeps nothing. Close the pool on shutdown.
 */
export function sessionPoolFor(config: Pick<Config, 'intervalSeconds'>, options: { once?: boolean } = {}): SessionPool {
  return createSessionPool({ keep: !options.once && config.intervalSeconds * 1000 < KEEP_IDLE_MS });
}
