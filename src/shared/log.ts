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

/**
 * Writes lines to a stream for as long as it takes them. A reader that goes away (`| head -1`, a
 * log shipper that restarts) turns the next write into an EPIPE 'error' event, which with no
 * listener ends the process before it writes its outputs (issue 9, item 3). Logging is
 * best-effort: after the first error the lines are dropped and the job goes on.
 */
export function bestEffortWriter(stream: NodeJS.WritableStream): (line: string) => void {
  let open = true;
  stream.on('error', () => {
    open = false;
  });
  return (line) => {
    if (open) stream.write(line);
  };
}

export function createLogger<Event extends { kind: string }>(options: {
  verbose: boolean;
  write?: (line: string) => void;
  now?: () => Date;
}): Logger<Event> {
  const write = options.write ?? bestEffortWriter(process.stderr);
  const now = options.now ?? (() => new Date());
  const emit = (event: Event) => write(`${JSON.stringify({ time: now().toISOString(), ...event })}\n`);
  return {
    event: emit,
    debug: options.verbose ? emit : () => undefined,
  };
}

export const silentLogger: Logger<{ kind: string }> = { event: () => undefined, debug: () => undefined };
