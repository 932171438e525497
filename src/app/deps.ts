// The real I/O behind runOnce: sockets, the output folder, the wall clock. Tests swap any of it.

import type { Config } from '../config/parse.ts';
import { silentLogger, type Logger } from '../shared/log.ts';
import { openSession } from '../nut/session.ts';
import { writeOutputs } from '../publish/atomic-write.ts';
import { createRenderer } from '../outputs/page/render.ts';
import { createRunState, type RunDeps } from './run-once.ts';
import { intervalSeconds } from './schedule.ts';
import type { Snapshot } from '../snapshot/build.ts';

export async function createRunDeps(
  config: Pick<Config, 'schedule'>,
  options: { log?: Logger; previous?: Snapshot | null } = {},
): Promise<RunDeps> {
  return {
    now: () => new Date(),
    openSession,
    writeOutputs,
    renderer: await createRenderer(),
    log: options.log ?? silentLogger,
    state: createRunState(options.previous ?? null),
    intervalSeconds: intervalSeconds(config.schedule),
  };
}
