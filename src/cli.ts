// Command line: argv, signals and exit codes. Wiring only; the work is in app/run-once.ts.
//   exit 0  done (--once: outputs written, even if hosts were down)
//   exit 1  --once could not write the outputs, or another instance holds the output folder
//   exit 2  bad command line or config

import path from 'node:path';
import { parseArgs } from 'node:util';
import { getHeapStatistics } from 'node:v8';
import { createRunDeps, sessionPoolFor } from './app/deps.ts';
import type { AppLogger, LogEvent } from './app/log-events.ts';
import { readPreviousSnapshot } from './app/read-previous.ts';
import { releaseLock, startDaemon } from './app/daemon.ts';
import { idleCollector } from './app/idle-collect.ts';
import { processSignals, type ProcessSignals } from './app/process-signals.ts';
import { cadenceSincePrevious } from './app/observed-cadence.ts';
import { initialRunState, runOnce, type RunDeps, type RunState } from './app/run-once.ts';
import { loadHistory } from './history/load.ts';
import { loadConfig } from './config/load.ts';
import type { Config } from './config/types.ts';
import { redactUrl } from './hooks/redact.ts';
import { hostAddress } from './nut/address.ts';
import { METRICS_FILE, TEXTFILE_NAME } from './outputs/metrics/metrics-output.ts';
import { removeStaleTempFiles } from './publish/atomic-write.ts';
import { acquireOutLock, type OutLock } from './publish/out-lock.ts';
import { ConfigError, OutputError, toErrorInfo } from './shared/errors.ts';
import { bestEffortWriter, createLogger } from './shared/log.ts';
import { sharedRun } from './shared/shared-run.ts';

const HELP = `Usage: upsview [options]   (npm start -- [options])

Polls every NUT server in the config and writes index.html and status.json.

Options:
  --config <file>  config file (default ./config.json); relative paths in it
                   resolve against its folder
  --once           run one cycle, then exit (0 when the outputs were written)
  --check          validate the config, print a summary, exit
  --verbose        log every cycle, not only changes and failures
  --help           show this help

Signals: SIGHUP reloads the config (a bad one is refused, the old one kept);
SIGINT and SIGTERM stop after the cycle in flight.
`;

function printCheck(config: Config): void {
  const lines = [
    `config OK: "${config.title}"`,
    `  schedule  ${config.schedule} (runs at most ${config.intervalSeconds} s apart)`,
    `  outDir    ${config.outDir}`,
    `  dataDir   ${config.dataDir}`,
    `  timeout   ${config.timeoutMs} ms per host`,
    ...config.hosts.map(
      (host) =>
        `  host      ${host.name} at ${hostAddress(host.host, host.port)}${host.tls ? ` (TLS ${host.tls.mode})` : ''}${host.username ? ` as ${host.username}` : ''}` +
        `${host.ups ? `, UPS ${host.ups.join(', ')}` : ', all UPSes'}`,
    ),
    `  metrics   ${path.join(config.outDir, METRICS_FILE)}${config.metrics.textfileDir ? `, ${path.join(config.metrics.textfileDir, TEXTFILE_NAME)}` : ''}`,
    ...(config.hooks.command ? [`  hook      command ${config.hooks.command[0]}`] : []),
    ...config.hooks.webhooks.map((hook) => `  hook      ${hook.format} webhook ${redactUrl(hook.url)}`),
  ];
  stdout(`${lines.join('\n')}\n`);
}

/** Best-effort writers: a reader that goes away must not take the job down (issue 9, item 3). */
const stdout = bestEffortWriter(process.stdout);
const stderr = bestEffortWriter(process.stderr);

interface Prepared {
  deps: RunDeps;
  state: RunState;
  lock: OutLock;
}

/**
 * Once the folder is ours alone (the lock): what a run killed mid-write left there, and in the
 * textfile folder, which the same writer fills. At start, and for the folder a reload moves to.
 */
async function locked(log: AppLogger, lock: OutLock, outDir: string, textfileDir: string | null = null): Promise<void> {
  if (lock.staleOwner !== null) log.event({ kind: 'lock-taken-over', dir: outDir, pid: lock.staleOwner });
  for (const dir of [outDir, ...(textfileDir ? [textfileDir] : [])]) {
    await removeStaleTempFiles(dir).then(
      (removed) => removed > 0 && log.event({ kind: 'temp-files-removed', dir, count: removed }),
      (error: unknown) => log.event({ kind: 'temp-cleanup-failed', ...toErrorInfo(error) }),
    );
  }
}

/**
 * The output folders this process holds, by folder. Every write into one first makes sure its
 * lock file is still there and ours (OutLock.hold): a folder removed while the job runs is made
 * again by the next write, and without its lock file a second instance would take it too.
 */
function outLocks() {
  const held = new Map<string, OutLock>();
  return {
    async take(dir: string): Promise<OutLock> {
      const lock = await acquireOutLock(dir);
      held.set(dir, lock);
      return {
        ...lock,
        release: async () => {
          if (held.get(dir) === lock) held.delete(dir);
          await lock.release();
        },
      };
    },
    holds: (dir: string) => held.has(dir),
    guard(publish: RunDeps['publish']): RunDeps['publish'] {
      return (dir, files) => {
        const holding = held.get(dir)?.hold();
        return holding ? holding.then(() => publish(dir, files)) : publish(dir, files);
      };
    },
  };
}

type OutLocks = ReturnType<typeof outLocks>;

/**
 * A folder that could not be locked at start (a mount not up) is locked by the first write that
 * reaches it; until then, and while another instance holds it, every write fails and says why.
 * Writing there unlocked let an instance started later take it as free: the two overwrote each
 * other's files.
 */
function lockOnFirstWrite(config: Config, log: AppLogger, locks: OutLocks, publish: RunDeps['publish']): { lock: OutLock; publish: RunDeps['publish'] } {
  let held: OutLock | null = null;
  // The writes of one cycle come together (one per output): they wait for the same taking.
  const take = sharedRun(async () => {
    held = await locks.take(config.outDir);
    await locked(log, held, config.outDir, config.metrics.textfileDir);
  });
  return {
    lock: { staleOwner: null, hold: () => held?.hold() ?? null, release: () => held?.release() ?? Promise.resolve() },
    async publish(dir, files) {
      // Not when a reload has locked it meanwhile: taking it twice read our own lock as a dead
      // process's, and the lock file outlived the job.
      if (held === null && dir === config.outDir && !locks.holds(dir)) await take();
      return publish(dir, files);
    },
  };
}

async function prepare(config: Config, log: AppLogger, once: boolean, locks: OutLocks): Promise<Prepared> {
  // Another instance on this folder stops us; a folder we cannot write yet (a mount not up) does
  // not: the cycles report it and write, and lock it, once it can be written.
  const lock = await locks.take(config.outDir).catch((error: unknown) => {
    if (error instanceof OutputError && error.code === 'OUTPUT-LOCKED') throw error;
    log.event({ kind: 'lock-failed', ...toErrorInfo(error) });
    return null;
  });
  if (lock) await locked(log, lock, config.outDir, config.metrics.textfileDir);
  const plain = await createRunDeps({ log, sessions: sessionPoolFor(config, { once }) });
  const publish = locks.guard(plain.publish);
  const writing = lock ? { lock, publish } : lockOnFirstWrite(config, log, locks, publish);
  const deps = { ...plain, publish: writing.publish };
  const [previous, loaded] = await Promise.all([readPreviousSnapshot(config.outDir, log), loadHistory(config.dataDir, deps.now(), log)]);
  // From cron, the time since the last run's file is how often the job runs (issue 9, item 7).
  const cadence = once && previous ? cadenceSincePrevious(previous.generatedAt, deps.now(), loaded.history.recentGaps) : undefined;
  return { deps, state: initialRunState(previous, cadence, loaded), lock: writing.lock };
}

/** Collects between cycles where npm start's --expose-gc gives node's `gc`; without it (a hand-made unit), V8 alone. */
function afterCycle(): () => void {
  const collect = globalThis.gc;
  return collect ? idleCollector({ collect: () => collect(), heapUsed: () => getHeapStatistics().used_heap_size }) : () => undefined;
}


async function runDaemon(configFile: string, config: Config, prepared: Prepared, signals: ProcessSignals, locks: OutLocks): Promise<void> {
  const daemon = startDaemon(
    { config, ...prepared },
    {
      loadConfig: () => loadConfig(configFile),
      lockOutDir: async (dir, textfileDir) => {
        const lock = await locks.take(dir);
        await locked(prepared.deps.log, lock, dir, textfileDir);
        return lock;
      },
      sessionsFor: (next) => sessionPoolFor(next),
      loadHistory: (dataDir) => loadHistory(dataDir, prepared.deps.now(), prepared.deps.log),
      afterCycle: afterCycle(),
    },
  );
  signals.onReload(() => void daemon.reload());
  await signals.stop();
  signals.onReload(null);
  await daemon.stop();
}

export async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        config: { type: 'string', default: 'config.json' },
        once: { type: 'boolean', default: false },
        check: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    stderr(`upsview: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (args.help) {
    stdout(HELP);
    return 0;
  }
  const log = createLogger<LogEvent>({ verbose: args.verbose, write: stderr });
  let config: Config;
  try {
    config = await loadConfig(args.config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    stderr(`upsview: ${error.message}\n`);
    return 2;
  }
  if (args.check) {
    printCheck(config);
    return 0;
  }
  const signals = processSignals(log);
  const locks = outLocks();
  let prepared: Prepared;
  try {
    prepared = await prepare(config, log, args.once, locks);
  } catch (error) {
    if (!(error instanceof OutputError)) throw error;
    stderr(`upsview: ${error.message}\n`);
    return 1;
  }
  if (args.once) {
    const result = await runOnce(config, prepared.deps, prepared.state);
    await prepared.deps.sessions.close();
    await prepared.deps.hooks.idle();
    await releaseLock(prepared.lock, config.outDir, log);
    await releaseLock(result.state.store.lock, config.dataDir, log);
    return result.writeError ? 1 : 0;
  }
  if (signals.stopRequested) {
    // Stopped while starting: no cycle began.
    await prepared.deps.sessions.close();
    await releaseLock(prepared.lock, config.outDir, log);
    await releaseLock(prepared.state.store.lock, config.dataDir, log);
    return 0;
  }
  await runDaemon(args.config, config, prepared, signals, locks);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    stderr(`upsview: unexpected failure: ${toErrorInfo(error).message}\n`);
    process.exitCode = 1;
  },
);
