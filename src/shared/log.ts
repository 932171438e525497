// Structured logging: one JSON line per event on stderr. Quiet by default: state changes and
// failures; per-cycle detail with --verbose. The events themselves are a typed union that the
// caller names (src/app/log-events.ts), so a misspelt kind or field fails the type check.

export interface Logger<Event extends { kind: string }> {
  /** A state change or failure: always printed. */
  event(event: Event): void;
  /** Routine detail: printed with --verbose only. */
  debug(event: Event): void;
}

/** A log line as read back by a consumer (tests, log shippers): any event, with its time. */
export interface LogLine {
  time: string;
  kind: string;
  [field: string]: unknown;
}

export function createLogger<Event extends { kind: string }>(options: {
  verbose: boolean;
  write?: (line: string) => void;
  now?: () => Date;
}): Logger<Event> {
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const now = options.now ?? (() => new Date());
  const emit = (event: Event) => write(`${JSON.stringify({ time: now().toISOString(), ...event })}\n`);
  return {
    event: emit,
    debug: options.verbose ? emit : () => undefined,
  };
}

export const silentLogger: Logger<{ kind: string }> = { event: () => undefined, debug: () => undefined };
