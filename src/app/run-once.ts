// One cycle: poll -> snapshot -> history (events, store) -> outputs -> publish. Everything carried from one cycle to the next
// is in the state passed in and returned; deps hold only capabilities (clock, sockets, writer,
// log), so tests and scripts can swap any of them.

import type { Config } from '../config/types.ts';
import { deliveries } from '../hooks/deliveries.ts';
import { eventsFromPowerEvents } from '../hooks/events.ts';
import type { HookRunner } from '../hooks/runner.ts';
import type { SessionPool } from '../nut/pool.ts';
import type { BuiltFile, Output } from '../outputs/types.ts';
import { withLearned, type DescriptionCache } from '../poll/descriptions.ts';
import { pollAll, type HostPoll, type LastSeen } from '../poll/poll-all.ts';
import type { OutputFile } from '../publish/atomic-write.ts';
import { toErrorInfo, type ErrorInfo } from '../shared/errors.ts';
import { clockBeforeHistory, clockNotSet, emptyHistory, recordCycle } from '../history/model.ts';
import type { HistoryState } from '../history/types.ts';
import { emptyStore, type StoreState } from '../history/paths.ts';
import type { FlushHistory, SaveHistory } from '../history/save.ts';
import { historyView, type HistoryView } from '../history/view.ts';
import { buildSnapshot } from '../snapshot/build.ts';
import type { PowerEvent } from '../snapshot/events.ts';
import type { Snapshot } from '../snapshot/types.ts';
import { eventLine, type AppLogger } from './log-events.ts';
import { cadenceSeconds, cycleStarted, noCadenceYet, type ObservedCadence } from './observed-cadence.ts';

/** What one cycle hands to the next. */
export interface RunState {
  previous: Snapshot | null;
  descriptions: DescriptionCache;
  /**
   * What upsd listed on each host whose poll failed after LIST UPS answered (poll/poll-all.ts): the
   * snapshot keeps that host's last good UPSes, and with none yet it would not know their names.
   */
  listings: ReadonlyMap<string, readonly string[]>;
  /** The last publish failed; the next success is logged as a recovery. */
  writeFailing: boolean;
  cadence: ObservedCadence;
  history: HistoryState;
  store: StoreState;
}

export interface RunDeps {
  now(): Date;
  /** Milliseconds on a clock that never steps: the gaps between cycles. */
  monotonic(): number;
  /** Connections to the hosts, kept between cycles when the schedule allows; closed on shutdown. */
  sessions: SessionPool;
  /** Writes every file into `dir` atomically; rejects when any could not be written. */
  publish(dir: string, files: readonly OutputFile[]): Promise<void>;
  saveHistory: SaveHistory;
  /** Saves what the last cycles left unsaved in memory: called once the job runs no more cycles on a store. */
  flushHistory: FlushHistory;
  outputs: readonly Output[];
  /** Runs event hooks in the background; dispatch returns at once. */
  hooks: HookRunner;
  log: AppLogger;
}

export interface RunResult {
  state: RunState;
  snapshot: Snapshot;
  /** The power events this cycle noticed, as logged. */
  events: PowerEvent[];
  /** null when every file was published. */
  writeError: ErrorInfo | null;
}

export function initialRunState(
  previous: Snapshot | null = null,
  cadence: ObservedCadence = noCadenceYet,
  loaded?: { history: HistoryState; store: StoreState },
): RunState {
  return {
    previous,
    descriptions: new Map(),
    listings: new Map(),
    writeFailing: false,
    cadence,
    history: loaded?.history ?? emptyHistory(),
    store: loaded?.store ?? emptyStore(),
  };
}

/** The first failure among publishes, once every one has ended: none is left writing when the cycle ends. */
async function allPublished(publishes: readonly Promise<void>[]): Promise<void> {
  const failed = (await Promise.allSettled(publishes)).find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
}

/**
 * Builds every output and publishes the files; a failure of either leaves the old files served.
 * Each output's files go to the publisher as soon as they are built: the writer encodes them at
 * once and starts the flush of status.json, the one wait of a write, which then runs while the next
 * output is built. At 576 UPSes, building every output first left 25 ms of the cycle spent
 * waiting for ~13 MB to reach the disk, when every output was flushed (issue 11, Scale).
 *
 * Once handed over, a file's text is the writer's alone: only the files for another folder are
 * kept for the second step. Keeping every output's text to the end of the cycle (it was returned
 * with the result) kept ~9 MB alive through the cycle's young collections at 576 UPSes, which moved
 * it into the old generation: the daemon's RSS peaked 7 MB higher and its cycle took longer.
 * Tests read what a cycle published through their own publisher.
 */
async function buildAndPublish(config: Config, deps: RunDeps, state: RunState, snapshot: Snapshot, history: HistoryView) {
  const publishes: Promise<void>[] = [];
  try {
    const elsewhere = deps.outputs.flatMap((output) => {
      const files = output.build({ snapshot, config, history });
      publishes.push(deps.publish(config.outDir, files.filter((file) => file.dir === undefined)));
      return files.filter((file): file is BuiltFile & { dir: string } => file.dir !== undefined);
    });
    // The output folder first: another folder (node_exporter's) must not hold newer data than the page.
    await allPublished(publishes);
    for (const dir of new Set(elsewhere.map((file) => file.dir))) {
      await deps.publish(dir, elsewhere.filter((file) => file.dir === dir).map(({ dir: _, ...file }) => file));
    }
    if (state.writeFailing) deps.log.event({ kind: 'write-recovered', dir: config.outDir });
    return { writeFailing: false, writeError: null };
  } catch (error) {
    // An output that failed to build leaves the files of those before it being written: they end first.
    await Promise.allSettled(publishes);
    const writeError = toErrorInfo(error);
    if (!state.writeFailing) deps.log.event({ kind: 'write-failed', ...writeError });
    return { writeFailing: true, writeError };
  }
}

/** Said once when cycles start going unrecorded because the clock is before the history (history/model.ts). */
function noticeClockBehind(deps: RunDeps, state: RunState, snapshot: Snapshot): void {
  const { since } = state.history;
  const now = Date.parse(snapshot.generatedAt);
  if (!clockBeforeHistory(since, now)) return;
  if (state.previous && clockBeforeHistory(since, Date.parse(state.previous.generatedAt))) return;
  // A store begun while the clock was not set has no `since` yet: the first cycle on a right clock begins it.
  const reason = clockNotSet(now) ? 'the clock is not set yet (it reads before 2020)' : 'the clock is before the history began';
  deps.log.event({ kind: 'history-paused', reason, now: snapshot.generatedAt, since });
}

/** What each host showed last cycle, so this cycle reads it all in the same write as LIST UPS. */
function lastSeen(previous: Snapshot | null, listings: RunState['listings']): Map<string, LastSeen> {
  const listed = (ups: Snapshot['hosts'][number]['ups'][number]) => !ups.gone && ups.error?.code !== 'UNKNOWN-UPS';
  const seen = new Map<string, LastSeen>(
    (previous?.hosts ?? []).map((host) => [host.name, { listed: host.ups.filter(listed).map((ups) => ups.name), ups: host.ups }]),
  );
  // Newer than the snapshot's: upsd said them last cycle.
  for (const [host, names] of listings) seen.set(host, { listed: names, ups: seen.get(host)?.ups ?? [] });
  return seen;
}

/** The hosts whose poll failed after upsd listed its UPSes (RunState.listings). */
const listingsOf = (polls: readonly HostPoll[]): RunState['listings'] =>
  new Map(polls.filter((poll) => poll.error !== null && poll.listed.length > 0).map((poll) => [poll.name, poll.listed]));

export async function runOnce(config: Config, deps: RunDeps, state: RunState): Promise<RunResult> {
  const started = deps.monotonic();
  const cadence = cycleStarted(state.cadence, started);
  const polls = await pollAll(config, deps, state.descriptions, lastSeen(state.previous, state.listings));
  const descriptions = withLearned(state.descriptions, new Map(polls.map((poll) => [poll.name, poll.learned])));
  const cycleSeconds = cadenceSeconds(config.intervalSeconds, cadence);
  const snapshot = buildSnapshot({ title: config.title, polls, previous: state.previous, now: deps.now(), descriptions, cadenceSeconds: cycleSeconds });
  // The history keeps its own record of the cadence, across restarts (src/history/cadence.ts).
  const recorded = recordCycle(state.history, snapshot, { intervalSeconds: config.intervalSeconds });
  noticeClockBehind(deps, state, snapshot);
  for (const event of recorded.record.events) deps.log.event(eventLine(event));

  // The store and the outputs are independent: a full data disk never holds back the page.
  const [store, published] = await Promise.all([
    deps.saveHistory({ dataDir: config.dataDir, record: recorded.record, history: recorded.state, store: state.store, now: new Date(snapshot.generatedAt) }, deps.log),
    buildAndPublish(config, deps, state, snapshot, historyView(recorded.state, snapshot)),
  ]);
  // After publishing, so a receiver that fetches status.json on the event sees the new one.
  deps.hooks.dispatch(deliveries(config.hooks, eventsFromPowerEvents(recorded.record.events, snapshot), snapshot));
  deps.log.debug({
    kind: 'run-finished',
    ms: Math.round(deps.monotonic() - started),
    hosts: polls.length,
    ups: snapshot.summary.upsCount,
    severity: snapshot.summary.severity,
  });
  return {
    state: { previous: snapshot, descriptions, listings: listingsOf(polls), writeFailing: published.writeFailing, cadence, history: recorded.state, store },
    snapshot,
    events: recorded.record.events,
    writeError: published.writeError,
  };
}
