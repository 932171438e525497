// One NUT session over one connection, on top of a transport (the byte stream) and injected
// timers. Requests are written together (pipelined) and replies matched to them in order, so a
// batch costs one round trip however many UPSes it reads. A session can outlive a cycle (see
// pool.ts): each send carries the cycle's time budget, and whichever phase is in progress when it
// runs out is named in the error. Every failure ends with the stream destroyed.

import type { TlsConfig } from '../config/types.ts';
import { NutConnectionError, NutTimeoutError, NutTlsError, type AppError, type TimeoutPhase } from '../shared/errors.ts';
import { hostAddress } from './address.ts';
import { systemClock } from '../shared/clock.ts';
import { budgetLeft, startBudget, type Budget, type Timers } from './clock.ts';
import { createAckNudger, type AckNudger } from './ack-nudge.ts';
import { createLineSplitter, type LineSplitter } from './lines.ts';
import { awaitedReply, secretsIn } from './protocol.ts';
import { createReplyReader, type Expectation, type Reply, type ReplyReader } from './replies.ts';
import { tlsStep } from './starttls.ts';
import { netTransport, type ByteStream, type StreamHandlers, type Transport } from './transport.ts';

export interface NutRequest {
  line: string;
  expect: Expectation;
}

export interface NutSession {
  /**
   * Writes all requests at once and resolves with their replies, in order, within `budget`. With
   * `silentMs`, fails with CONNECTION-SILENT when not one byte has come back that long after the
   * write, or twice as long as this connection ever took to start answering, whichever is longer.
   */
  send(requests: readonly NutRequest[], budget?: Budget, options?: SendOptions): Promise<Reply[]>;
  /** Sends LOGOUT and half-closes without waiting for upsd's goodbye; resolves once closed. Never rejects. */
  close(): Promise<void>;
  /** Drops the connection at once. */
  destroy(): void;
  /** False once the connection failed, was closed by either side, or close() was called. */
  readonly alive: boolean;
  readonly secure: boolean;
}

export interface SendOptions {
  silentMs?: number;
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

export const realSessionDeps: SessionDeps = { transport: netTransport, timers: systemClock };

/** How long close() lets upsd take to answer LOGOUT and close before dropping the connection. */
const LOGOUT_GRACE_MS = 1000;

/**
 * What is written so that our ACK leaves at once (ack-nudge.ts); its reply is dropped. NETVER is
 * one short line from every upsd since 2.6.4, and older ones answer it with one ERR line.
 */
const NUDGE: NutRequest = { line: 'NETVER', expect: { kind: 'line' } };
const STARTTLS = 'STARTTLS';

/**
 * A connection counts as silent only past this many times the slowest start of an answer it has
 * had. A host that always takes longer than the caller's silentMs (a slow link, a busy upsd) is
 * slow, not gone: dropping its kept connection left the new one too little of the budget, and
 * the host failed every other cycle while a new connection each cycle read it every time.
 */
const SILENT_OVER_SLOWEST = 2;

interface Batch {
  replies: Reply[];
  expected: number;
}

interface Phase {
  kind: TimeoutPhase;
  what: () => string;
}

class Session implements NutSession {
  readonly #timers: Timers;
  readonly #where: string;
  readonly #openBudget: Budget;
  readonly #splitter: LineSplitter;
  readonly #reader: ReplyReader;
  // Passwords this session has sent: they must never reach an error text, should a server echo them.
  // Replies themselves are data and are never rewritten (issue 9: a runtime of 1234 is not a password).
  readonly #secrets: string[] = [];
  #stream: ByteStream;
  #failure: AppError | null = null;
  #closing: (() => void) | null = null;
  #secure = false;
  #timer: unknown;
  /** Armed by a send with `silentMs` until the first byte comes back. */
  #silence: unknown;
  /** When the batch in flight was written, until its first byte comes back. */
  #writtenAt: number | null = null;
  /** The longest any batch on this connection waited for its first byte. */
  #slowestStartMs = 0;
  #phase: Phase = { kind: 'connect', what: () => 'connect' };
  #pending: { resolve: () => void; reject: (error: AppError) => void } | null = null;
  #batch: Batch | null = null;
  /** Where each reply still awaited goes, in request order: a batch's replies, or null (dropped). */
  readonly #sinks: (Reply[] | null)[] = [];
  readonly #nudger: AckNudger;

  readonly #handlers: StreamHandlers = {
    onReady: () => this.#settle(),
    onError: (error) => this.#fail(error),
    onClose: () => {
      this.#closing?.();
      this.#fail(new NutConnectionError('CONNECTION-CLOSED', `${this.#where}: server closed the connection during ${this.#phase.what()}`));
    },
    onData: (chunk) => this.#receive(chunk),
  };

  constructor(options: SessionOptions, deps: SessionDeps) {
    this.#timers = deps.timers;
    this.#where = hostAddress(options.host, options.port);
    this.#openBudget = options.budget ?? startBudget(deps.timers, options.timeoutMs ?? 5000);
    this.#splitter = createLineSplitter(options.maxLineBytes ?? 8192);
    const redact = (line: string) => this.#secrets.reduce((text, secret) => text.split(secret).join('***'), line);
    this.#reader = createReplyReader(options.maxListItems ?? 50_000, redact);
    this.#nudger = createAckNudger(deps.timers, () => this.#write([NUDGE], null));
    this.#stream = deps.transport.connect(options.host, options.port, this.#handlers);
  }

  get alive(): boolean {
    return this.#failure === null && this.#closing === null;
  }

  get secure(): boolean {
    return this.#secure;
  }

  /** Connects and, when asked, negotiates TLS, all within the opening budget. */
  async open(tls: NonNullable<SessionOptions['tls']>): Promise<this> {
    try {
      await this.#wait(this.#openBudget, { kind: 'connect', what: () => 'connect' }, () => undefined);
      if (tls.mode !== 'off') await this.#startTls({ ...tls, mode: tls.mode });
      return this;
    } catch (error) {
      this.#fail(error as AppError);
      throw error;
    }
  }

  async send(requests: readonly NutRequest[], budget = this.#openBudget, options: SendOptions = {}): Promise<Reply[]> {
    if (this.#closing) throw new NutConnectionError('CONNECTION-CLOSED', `${this.#where}: session already closed`);
    if (this.#pending) throw new Error('NutSession.send called while a batch is in flight');
    if (requests.length === 0) return [];
    const batch: Batch = { replies: [], expected: requests.length };
    await this.#wait(budget, { kind: 'reply', what: () => awaitedReply(requests.map((request) => request.line), batch.replies.length) }, () => {
      this.#batch = batch;
      for (const request of requests) this.#secrets.push(...secretsIn(request.line));
      this.#write(requests, batch.replies);
      this.#writtenAt = this.#timers.monotonic();
      this.#nudger.started(requests[0]?.line !== STARTTLS);
      if (options.silentMs !== undefined) this.#expectWithin(Math.max(options.silentMs, this.#slowestStartMs * SILENT_OVER_SLOWEST));
    });
    return batch.replies;
  }

  close(): Promise<void> {
    if (!this.alive) return Promise.resolve();
    this.#timers.clearTimeout(this.#timer);
    this.#nudger.stopped();
    return new Promise<void>((resolve) => {
      const grace = this.#timers.setTimeout(() => this.#stream.destroy(), LOGOUT_GRACE_MS);
      this.#closing = () => {
        this.#timers.clearTimeout(grace);
        resolve();
      };
      // upsd answers "OK Goodbye" and closes; nothing is gained by reading it.
      this.#stream.end('LOGOUT\n');
      this.#stream.unref();
    });
  }

  destroy(): void {
    this.#fail(new NutConnectionError('CONNECTION-CLOSED', `${this.#where}: session dropped`));
  }

  async #startTls(tls: NonNullable<SessionOptions['tls']> & { mode: 'auto' | 'require' }): Promise<void> {
    const [reply] = await this.send([{ line: STARTTLS, expect: { kind: 'line' } }]);
    if (tlsStep(tls.mode, reply, this.#where) === 'clear') return;
    // After OK STARTTLS the next byte from upsd is the handshake (NUT docs/net-protocol.txt
    // "STARTTLS"). Text that came in clear behind the OK is not upsd's: anyone on the path can add
    // it, and it would be read as the start of the first reply over TLS (a forged ERR, a value).
    // A whole line is refused by the reader already (no request awaits it); an unfinished one ends here.
    if (this.#splitter.takeRest() !== '') {
      throw new NutTlsError('TLS-HANDSHAKE-FAILED', `${this.#where}: text came in clear after OK STARTTLS, before the handshake`);
    }
    const target = { ...(tls.ca !== undefined && { ca: tls.ca }), ...(tls.servername !== undefined && { servername: tls.servername }) };
    await this.#wait(this.#openBudget, { kind: 'tls', what: () => 'TLS handshake' }, () => {
      this.#stream = this.#stream.startTls(target, this.#handlers);
    });
    this.#secure = true;
  }

  /** Starts something and waits for it (ready, or a batch's last reply) within `budget`. */
  #wait(budget: Budget, phase: Phase, start: () => void): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise<void>((resolve, reject) => {
      this.#pending = { resolve, reject };
      this.#phase = phase;
      this.#timers.clearTimeout(this.#timer);
      this.#timer = this.#timers.setTimeout(() => {
        this.#fail(new NutTimeoutError(phase.kind, `${phase.what()} from ${this.#where}`, budget.limitMs));
      }, budgetLeft(this.#timers, budget));
      start();
    });
  }

  #expectWithin(silentMs: number): void {
    this.#silence = this.#timers.setTimeout(() => {
      this.#fail(new NutConnectionError('CONNECTION-SILENT', `${this.#where}: nothing came back within ${silentMs}ms on a kept connection`));
    }, silentMs);
  }

  #write(requests: readonly NutRequest[], sink: Reply[] | null): void {
    for (const request of requests) {
      this.#reader.expect(request.expect);
      this.#sinks.push(sink);
    }
    this.#stream.write(requests.map((request) => `${request.line}\n`).join(''));
  }

  #receive(chunk: Uint8Array): void {
    if (this.#closing || this.#failure) return;
    this.#timers.clearTimeout(this.#silence);
    if (this.#writtenAt !== null) {
      this.#slowestStartMs = Math.max(this.#slowestStartMs, this.#timers.monotonic() - this.#writtenAt);
      this.#writtenAt = null;
    }
    try {
      const lines = this.#splitter.push(chunk);
      // Indexed: without V8's optimising compiler (npm start), a for-of makes an object per line.
      for (let i = 0; i < lines.length; i++) {
        const reply = this.#reader.push(lines[i] as string);
        if (!reply) continue;
        this.#sinks.shift()?.push(reply);
        if (this.#batch && this.#batch.replies.length === this.#batch.expected) {
          this.#batch = null;
          this.#settle();
        }
      }
      this.#nudger.received(this.#batch !== null);
    } catch (error) {
      this.#fail(error as AppError);
    }
  }

  #settle(): void {
    this.#timers.clearTimeout(this.#timer);
    this.#nudger.stopped();
    const done = this.#pending;
    this.#pending = null;
    done?.resolve();
  }

  #fail(error: AppError): void {
    if (this.#failure) return;
    this.#failure = error;
    this.#timers.clearTimeout(this.#timer);
    this.#timers.clearTimeout(this.#silence);
    this.#nudger.stopped();
    this.#stream.destroy();
    this.#pending?.reject(error);
    this.#pending = null;
    this.#batch = null;
  }
}

export function openSession(options: SessionOptions, deps: SessionDeps = realSessionDeps): Promise<NutSession> {
  return new Session(options, deps).open(options.tls ?? { mode: 'off' });
}
