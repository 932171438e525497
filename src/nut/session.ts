// One NUT session over one connection, on top of a transport (the byte stream) and injected
// timers. Requests are written together (pipelined) and replies matched to them in order, so a
// batch costs one round trip however many UPSes it reads. A session can outlive a cycle (see
// pool.ts): each send carries the cycle's time budget, and whichever phase is in progress when it
// runs out is named in the error. Every failure ends with the stream destroyed.

import type { TlsConfig } from '../config/types.ts';
import { NutConnectionError, NutTimeoutError, type AppError, type TimeoutPhase } from '../shared/errors.ts';
import { hostAddress } from './address.ts';
import { budgetLeft, realTimers, startBudget, type Budget, type Timers } from './clock.ts';
import { createLineSplitter } from './lines.ts';
import { describeRequest, secretsIn } from './protocol.ts';
import { createReplyReader, type Expectation, type Reply } from './replies.ts';
import { tlsStep } from './starttls.ts';
import { netTransport, type ByteStream, type StreamHandlers, type Transport } from './transport.ts';

export interface NutRequest {
  line: string;
  expect: Expectation;
}

export interface NutSession {
  /** Writes all requests at once and resolves with their replies, in order, within `budget`. */
  send(requests: readonly NutRequest[], budget?: Budget): Promise<Reply[]>;
  /** Sends LOGOUT and half-closes without waiting for upsd's goodbye; resolves once closed. Never rejects. */
  close(): Promise<void>;
  /** Drops the connection at once. */
  destroy(): void;
  /** False once the connection failed, was closed by either side, or close() was called. */
  readonly alive: boolean;
  readonly secure: boolean;
}

export interface SessionOptions {
  host: string;
  port: number;
  tls?: Pick<TlsConfig, 'mode' | 'ca' | 'servername'>;
  /** Budget for connecting (and STARTTLS); also the default for send(). Default: timeoutMs from now. */
  budget?: Budget;
  timeoutMs?: number;
  /** upsd reply lines fit in 512 bytes; anything far longer is not upsd. */
  maxLineBytes?: number;
  maxListItems?: number;
}

export interface SessionDeps {
  transport: Transport;
  timers: Timers;
}

export const realSessionDeps: SessionDeps = { transport: netTransport, timers: realTimers };

/** How long close() lets upsd take to answer LOGOUT and close before dropping the connection. */
const LOGOUT_GRACE_MS = 1000;

export function openSession(options: SessionOptions, deps: SessionDeps = realSessionDeps): Promise<NutSession> {
  const { timers } = deps;
  const where = hostAddress(options.host, options.port);
  const openBudget = options.budget ?? startBudget(timers, options.timeoutMs ?? 5000);
  const splitter = createLineSplitter(options.maxLineBytes ?? 8192);
  // Passwords this session has sent: they must never reach an error text, should a server echo them.
  // Replies themselves are data and are never rewritten (issue 9: a runtime of 1234 is not a password).
  const secrets: string[] = [];
  const redact = (line: string) => secrets.reduce((text, secret) => text.split(secret).join('***'), line);
  const reader = createReplyReader(options.maxListItems ?? 50_000, redact);

  let failure: AppError | null = null;
  let closing: (() => void) | null = null;
  let secure = false;
  let timer: unknown;
  let phase: { kind: TimeoutPhase; what: () => string } = { kind: 'connect', what: () => 'connect' };
  let pending: { resolve: () => void; reject: (error: AppError) => void } | null = null;
  let batch: { requests: readonly NutRequest[]; replies: Reply[] } | null = null;

  function arm(budget: Budget, next: typeof phase): void {
    phase = next;
    timers.clearTimeout(timer);
    timer = timers.setTimeout(() => {
      fail(new NutTimeoutError(phase.kind, `${phase.what()} from ${where}`, budget.limitMs));
    }, budgetLeft(timers, budget));
  }

  function settle(): void {
    timers.clearTimeout(timer);
    const done = pending;
    pending = null;
    done?.resolve();
  }

  function fail(error: AppError): void {
    if (failure) return;
    failure = error;
    timers.clearTimeout(timer);
    stream.destroy();
    pending?.reject(error);
    pending = null;
    batch = null;
  }

  const handlers: StreamHandlers = {
    onReady: settle,
    onError: fail,
    onClose() {
      if (closing) closing();
      fail(new NutConnectionError('CONNECTION-CLOSED', `${where}: server closed the connection during ${phase.what()}`));
    },
    onData(chunk) {
      if (closing || failure) return;
      try {
        for (const line of splitter.push(chunk)) {
          const reply = reader.push(line);
          if (!reply || !batch) continue;
          batch.replies.push(reply);
          if (reader.waiting === 0) settle();
        }
      } catch (error) {
        fail(error as AppError);
      }
    },
  };

  let stream: ByteStream = deps.transport.connect(options.host, options.port, handlers);

  function wait(budget: Budget, next: typeof phase, start: () => void): Promise<void> {
    if (failure) return Promise.reject(failure);
    return new Promise<void>((resolve, reject) => {
      pending = { resolve, reject };
      arm(budget, next);
      start();
    });
  }

  async function send(requests: readonly NutRequest[], budget = openBudget): Promise<Reply[]> {
    if (closing) throw new NutConnectionError('CONNECTION-CLOSED', `${where}: session already closed`);
    if (pending) throw new Error('NutSession.send called while a batch is in flight');
    if (requests.length === 0) return [];
    const current = { requests, replies: [] as Reply[] };
    const awaited = () => {
      const index = current.replies.length;
      const more = requests.length > 1 ? ` (request ${index + 1} of ${requests.length} written together)` : '';
      return `reply to '${describeRequest(requests[index]?.line ?? '')}'${more}`;
    };
    await wait(budget, { kind: 'reply', what: awaited }, () => {
      batch = current;
      for (const request of requests) {
        reader.expect(request.expect);
        secrets.push(...secretsIn(request.line));
      }
      stream.write(requests.map((request) => `${request.line}\n`).join(''));
    });
    batch = null;
    return current.replies;
  }

  async function startTls(tls: NonNullable<SessionOptions['tls']>): Promise<void> {
    if (tls.mode === 'off') return;
    const [reply] = await send([{ line: 'STARTTLS', expect: { kind: 'line' } }]);
    if (tlsStep(tls.mode, reply, where) === 'clear') return;
    await wait(openBudget, { kind: 'tls', what: () => 'TLS handshake' }, () => {
      stream = stream.startTls({ ...(tls.ca !== undefined && { ca: tls.ca }), ...(tls.servername !== undefined && { servername: tls.servername }) }, handlers);
    });
    secure = true;
  }

  const session: NutSession = {
    send,
    get alive() {
      return failure === null && closing === null;
    },
    get secure() {
      return secure;
    },
    destroy: () => fail(new NutConnectionError('CONNECTION-CLOSED', `${where}: session dropped`)),
    close() {
      if (!session.alive) return Promise.resolve();
      timers.clearTimeout(timer);
      return new Promise<void>((resolve) => {
        const grace = timers.setTimeout(() => stream.destroy(), LOGOUT_GRACE_MS);
        closing = () => {
          timers.clearTimeout(grace);
          resolve();
        };
        // upsd answers "OK Goodbye" and closes; nothing is gained by reading it.
        stream.end('LOGOUT\n');
        stream.unref();
      });
    },
  };

  return (async () => {
    try {
      await wait(openBudget, { kind: 'connect', what: () => 'connect' }, () => undefined);
      await startTls(options.tls ?? { mode: 'off' });
      return session;
    } catch (error) {
      fail(error as AppError);
      throw error;
    }
  })();
}
