// One cycle: poll -> snapshot -> render -> write. Clock, network, files and logging come in as
// deps so tests can swap any of them; the state carried between cycles is passed in explicitly.

import type { Config } from '../config/parse.ts';
import { toErrorInfo, type ErrorInfo } from '../shared/errors.ts';
import { stateChanges } from '../snapshot/changes.ts';
import type { Logger } from '../shared/log.ts';
import type { NutSession, SessionOptions } from '../nut/session.ts';
import type { OutputFile } from '../publish/atomic-write.ts';
import { pollAll, type DescriptionCache } from '../poll/poll-all.ts';
import type { Renderer } from '../outputs/page/render.ts';
import { buildSnapshot, type Snapshot } from '../snapshot/build.ts';

/** What one cycle hands to the next. */
export interface RunState {
  previous: Snapshot | null;
  descriptions: DescriptionCache;
  /** The last write failed; the next success is logged as a recovery. */
  writeFailing: boolean;
}

export interface RunDeps {
  now(): Date;
  openSession(options: SessionOptions): Promise<NutSession>;
  writeOutputs(dir: string, files: readonly OutputFile[]): Promise<void>;
  renderer: Renderer;
  log: Logger;
  state: RunState;
  /** Seconds between scheduled runs, for the page's staleness mark and refresh. */
  intervalSeconds: number;
}

export interface RunResult {
  snapshot: Snapshot;
  /** null when index.html and status.json were written. */
  writeError: ErrorInfo | null;
}

export function createRunState(previous: Snapshot | null = null): RunState {
  return { previous, descriptions: new Map(), writeFailing: false };
}

export async function runOnce(config: Config, deps: RunDeps): Promise<RunResult> {
  const started = performance.now();
  const polls = await pollAll(config, { openSession: deps.openSession, descriptions: deps.state.descriptions });
  const snapshot = buildSnapshot({
    title: config.title,
    polls,
    previous: deps.state.previous,
    now: deps.now(),
    descriptions: deps.state.descriptions,
  });
  for (const event of stateChanges(deps.state.previous, snapshot)) deps.log.event(event);
  deps.state.previous = snapshot;

  let writeError: ErrorInfo | null = null;
  try {
    const files = deps.renderer.render(snapshot, {
      intervalSeconds: deps.intervalSeconds,
      refreshSeconds: config.refreshSeconds ?? deps.intervalSeconds,
    });
    await deps.writeOutputs(config.outDir, files);
    if (deps.state.writeFailing) deps.log.event({ kind: 'write-recovered', dir: config.outDir });
    deps.state.writeFailing = false;
  } catch (error) {
    writeError = toErrorInfo(error);
    if (!deps.state.writeFailing) deps.log.event({ kind: 'write-failed', ...writeError });
    deps.state.writeFailing = true;
  }
  deps.log.debug({
    kind: 'run-finished',
    ms: Math.round(performance.now() - started),
    hosts: polls.length,
    ups: snapshot.summary.upsCount,
    severity: snapshot.summary.severity,
  });
  return { snapshot, writeError };
}
