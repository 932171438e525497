// Structured logging: one JSON line per event on stderr. Quiet by default: only state changes and
// failures; per-cycle detail with --verbose.

export interface LogEvent {
  kind: string;
  [field: string]: unknown;
}

export interface Logger {
  /** A state change or failure: always printed. */
  event(event: LogEvent): void;
  /** Routine detail: printed with --verbose only. */
  debug(event: LogEvent): void;
}

export function createLogger(options: { verbose: boolean; write?: (line: string) => void; now?: () => Date }): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const now = options.now ?? (() => new Date());
  const emit = (event: LogEvent) => write(`${JSON.stringify({ time: now().toISOString(), ...event })}\n`);
  return {
    event: emit,
    debug: options.verbose ? emit : () => undefined,
  };
}

export const silentLogger: Logger = { event: () => undefined, debug: () => undefined };
