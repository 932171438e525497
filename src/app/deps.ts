// The real capabilities behind runOnce: sockets, the output folder, the wall clock, the outputs.
// Tests and scripts replace only the ones they need.

import { createHookRunner } from '../hooks/runner.ts';
import { openSession } from '../nut/session.ts';
import { createOutputs } from '../outputs/registry.ts';
import { createPublisher } from '../publish/skip-unchanged.ts';
import { silentLogger } from '../shared/log.ts';
import type { RunDeps } from './run-once.ts';

export async function createRunDeps(overrides: Partial<RunDeps> = {}): Promise<RunDeps> {
  const log = overrides.log ?? silentLogger;
  return {
    now: () => new Date(),
    openSession,
    publish: createPublisher(),
    outputs: overrides.outputs ?? (await createOutputs()),
    hooks: overrides.hooks ?? createHookRunner({ log }),
    log,
    ...overrides,
  };
}
