// Typed errors with stable string codes. Foreign errors (errno, JSON, fs) are translated
// once, where they enter, so everything above the edges can branch on `code`.

export class AppError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** One problem in the config file, with the path of the field it is about. */
export interface ConfigIssue {
  path: string;
  message: string;
}

export class ConfigError extends AppError {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[], source: string) {
    const lines = issues.map((issue) => `  ${issue.path}: ${issue.message}`);
    super('CONFIG-INVALID', `${source}: invalid config\n${lines.join('\n')}`);
    this.issues = issues;
  }
}

/** An `ERR <CODE>` reply from upsd; `code` is the token as sent (docs/net-protocol.txt "Error responses"). */
export class NutError extends AppError {}

export type TimeoutPhase = 'connect' | 'tls' | 'reply';

export class NutTimeoutError extends AppError {
  readonly phase: TimeoutPhase;
  readonly limitMs: number;

  constructor(phase: TimeoutPhase, what: string, limitMs: number) {
    super('TIMEOUT', `Timeout awaiting ${what} for ${limitMs}ms`);
    this.phase = phase;
    this.limitMs = limitMs;
  }
}

/** The socket failed: refused, reset, unresolvable name, closed early. */
export class NutConnectionError extends AppError {}

/** STARTTLS could not protect the connection: not offered (under "require"), untrusted or misnamed certificate, failed handshake. */
export class NutTlsError extends AppError {}

/** The server sent something the protocol does not allow (garbage, oversized line, wrong list). */
export class NutProtocolError extends AppError {
  constructor(message: string) {
    super('PROTOCOL', message);
  }
}

/** An output file could not be written; the previous file is left in place. */
export class OutputError extends AppError {}

/** The history store could not be read or written: HISTORY-READ, HISTORY-WRITE. */
export class HistoryError extends AppError {}

/** A hook (command or webhook) that failed; the message never holds a URL, header or output. */
export class HookError extends AppError {}

/** Plain data for snapshots and logs: the code and a message, never a stack or a cause chain. */
export interface ErrorInfo {
  code: string;
  message: string;
}

export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof AppError) return { code: error.code, message: error.message };
  if (error instanceof Error) return { code: 'INTERNAL', message: error.message };
  return { code: 'INTERNAL', message: String(error) };
}
