// Command line: argv, signals and exit codes. Wiring only; the work is in app/run-once.ts.
//   exit 0  done (--once: outputs written, even if hosts were down)
//   exit 1  --once could not write the outputs
//   exit 2  bad command line or config

import path from 'node:path';
import { parseArgs } from 'node:util';
import { createRunDeps, sessionPoolFor } from './app/deps.ts';
import type { AppLogger, LogEvent } from './app/log-events.ts';
import { readPreviousSnapshot } from './app/read-previous.ts';
import { initialRunState, runOnce, type RunDeps, type RunState } from './app/run-once.ts';
import { startSchedule } from './app/schedule.ts';
import { loadConfig } from './config/load.ts';
import type { Config } from './config/types.ts';
import { redactUrl } from './hooks/redact.ts';
import { hostAddress } from './nut/address.ts';
import { METRICS_FILE, TEXTFILE_NAME } from './outputs/metrics/metrics-output.ts';
import { removeStaleTempFiles } from './publish/atomic-write.ts';
import { ConfigError, toErrorInfo } from './shared/errors.ts';
import { createLogger } from './shared/log.ts';

const HELP = `Usage: upsview [options]   (npm start -- [options])

Polls every NUT server in the config and writes index.html and status.json.

Options:
  --config <file>  config file (default ./config.json); relative paths in it
                   resolve against its folder
  --once           run one cycle, then exit (0 when the outputs were written)
  --check          validate the config, print a summary, exit
  --verbose        log every cycle, not only changes and failures
  --help           show this help
`;

function printCheck(config: Config): void {
  const lines = [
    `config OK: "${config.title}"`,
    `  schedule  ${config.schedule} (every ${config.intervalSeconds} s)`,
    `  outDir    ${config.outDir}`,
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
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function prepare(config: Config, log: AppLogger, once: boolean): Promise<{ deps: RunDeps; state: RunState }> {
  // A folder we cannot clean is reported by the first write as well; start anyway. The textfile
  // folder gets its temp files through the same writer, so a killed run may have left some there.
  for (const dir of [config.outDir, ...(config.metrics.textfileDir ? [config.metrics.textfileDir] : [])]) {
    await removeStaleTempFiles(dir).then(
      (removed) => removed > 0 && log.event({ kind: 'temp-files-removed', dir, count: removed }),
      (error: unknown) => log.event({ kind: 'temp-cleanup-failed', ...toErrorInfo(error) }),
    );
  }
  const state = initialRunState(await readPreviousSnapshot(config.outDir));
  return { deps: await createRunDeps({ log, sessions: sessionPoolFor(config, { once }) }), state };
}

async function runDaemon(config: Config, deps: RunDeps, initial: RunState): Promise<void> {
  let state = initial;
  const cycle = async () => {
    state = (await runOnce(config, deps, state)).state;
  };
  const schedule = startSchedule(config.schedule, cycle, deps.log);
  deps.log.event({ kind: 'started', hosts: config.hosts.length, schedule: config.schedule, outDir: config.outDir });
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      deps.log.event({ kind: 'stopping', signal });
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await schedule.stop();
  await deps.sessions.close();
  // Hooks of the last cycle still get their bounded attempts.
  await deps.hooks.idle();
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
    process.stderr.write(`upsview: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const log = createLogger<LogEvent>({ verbose: args.verbose });
  let config: Config;
  try {
    config = await loadConfig(args.config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`upsview: ${error.message}\n`);
    return 2;
  }
  if (args.check) {
    printCheck(config);
    return 0;
  }
  const { deps, state } = await prepare(config, log, args.once);
  if (args.once) {
    const result = await runOnce(config, deps, state);
    await deps.sessions.close();
    await deps.hooks.idle();
    return result.writeError ? 1 : 0;
  }
  await runDaemon(config, deps, state);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`upsview: unexpected failure: ${toErrorInfo(error).message}\n`);
    process.exitCode = 1;
  },
);
