// The only module that touches node:net. One NUT session over one TCP connection: requests are
// written together (pipelined) and replies are matched to them in order, so a host with many UPSes
// costs one round trip instead of one per UPS (upsd sends lists in small segments, and waiting for
// each reply before the next request stalls on delayed ACKs).
//
// The whole session has one time budget; whichever phase is in progress when it runs out is named
// in the error. Every path ends with the socket destroyed: nothing is left open.

import net from 'node:net';
import { NutConnectionError, NutTimeoutError, type AppError } from '../shared/errors.ts';
import { createLineSplitter } from './lines.ts';
import { splitWords } from './protocol.ts';
import { createReplyReader, type Expectation, type Reply } from './replies.ts';

export interface NutRequest {
  line: string;
  expect: Expectation;
}

export interface NutSession {
  /** Writes all requests at once and resolves with their replies, in order. */
  send(requests: readonly NutRequest[]): Promise<Reply[]>;
  /** Sends LOGOUT and closes; never rejects. */
  close(): Promise<void>;
}

export interface SessionOptions {
  host: string;
  port: number;
  /** Budget for the whole session: connect plus every reply. */
  timeoutMs: number;
  /** upsd reply lines fit in 512 bytes; anything far longer is not upsd. */
  maxLineBytes?: number;
  maxListItems?: number;
}

const ERRNO_CODES: Record<string, string> = {
  ECONNREFUSED: 'CONNECTION-REFUSED',
  ECONNRESET: 'CONNECTION-RESET',
  ENOTFOUND: 'HOST-NOT-FOUND',
  EAI_AGAIN: 'HOST-NOT-FOUND',
  EHOSTUNREACH: 'HOST-UNREACHABLE',
  ENETUNREACH: 'HOST-UNREACHABLE',
  EPIPE: 'CONNECTION-RESET',
};

function translateSocketError(error: NodeJS.ErrnoException, where: string): NutConnectionError {
  const code = ERRNO_CODES[error.code ?? ''] ?? 'CONNECTION-FAILED';
  const reason = code === 'HOST-NOT-FOUND' ? 'host name does not resolve' : (error.code ?? error.message);
  return new NutConnectionError(code, `${where}: ${reason}`, { cause: error });
}

export function openSession(options: SessionOptions): Promise<NutSession> {
  const { host, port, timeoutMs } = options;
  const where = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  const startedAt = performance.now();
  const splitter = createLineSplitter(options.maxLineBytes ?? 8192);
  const reader = createReplyReader(options.maxListItems ?? 50_000);
  const socket = net.createConnection({ host, port });
  socket.setNoDelay(true);

  let failure: AppError | null = null;
  let timer: NodeJS.Timeout | undefined;
  let phase = 'connect';
  let batch: { replies: Reply[]; resolve: (r: Reply[]) => void; reject: (e: AppError) => void } | null = null;
  let connected: { resolve: (s: NutSession) => void; reject: (e: AppError) => void } | null = null;

  function armTimer(): void {
    clearTimeout(timer);
    const left = Math.max(0, timeoutMs - (performance.now() - startedAt));
    timer = setTimeout(() => {
      const kind = phase === 'connect' ? 'connect' : 'reply';
      fail(new NutTimeoutError(kind, `${phase} from ${where}`, timeoutMs));
    }, left);
  }

  function fail(error: AppError): void {
    if (failure) return;
    failure = error;
    clearTimeout(timer);
    socket.destroy();
    connected?.reject(error);
    batch?.reject(error);
    connected = null;
    batch = null;
  }

  // A server that echoes requests (or is not upsd at all) would carry the password into a reply,
  // and from there into an error message, status.json and the log. Blank it out on the way in.
  const secrets: string[] = [];
  function rememberSecret(line: string): void {
    const encoded = /^PASSWORD (.+)$/.exec(line)?.[1];
    if (encoded === undefined) return;
    const raw = splitWords(encoded)?.[0] ?? '';
    // Blanking a very short raw password would mangle ordinary replies ("OL"); its quoted form is still caught.
    secrets.push(...[encoded, raw].filter((secret) => secret.length >= 4));
  }
  const redact = (text: string) =>
    secrets.length === 0 ? text : secrets.reduce((out, secret) => out.split(secret).join('***'), text);

  function onLine(line: string): void {
    const reply = reader.push(redact(line));
    if (!reply || !batch) return;
    batch.replies.push(reply);
    if (reader.waiting === 0) {
      const done = batch;
      batch = null;
      clearTimeout(timer);
      done.resolve(done.replies);
    }
  }

  socket.on('data', (chunk: Buffer) => {
    try {
      for (const line of splitter.push(chunk)) onLine(line);
    } catch (error) {
      fail(error as AppError);
    }
  });
  socket.on('error', (error: NodeJS.ErrnoException) => fail(translateSocketError(error, where)));
  socket.on('close', () =>
    fail(new NutConnectionError('CONNECTION-CLOSED', `${where}: server closed the connection during ${phase}`)),
  );

  const session: NutSession = {
    send(requests) {
      if (failure) return Promise.reject(failure);
      if (batch) return Promise.reject(new Error('NutSession.send called while a batch is in flight'));
      if (requests.length === 0) return Promise.resolve([]);
      return new Promise<Reply[]>((resolve, reject) => {
        batch = { replies: [], resolve, reject };
        for (const request of requests) {
          reader.expect(request.expect);
          rememberSecret(request.line);
        }
        phase = `reply to '${redact(requests[0]?.line ?? '').split(' ', 3).join(' ')}'${requests.length > 1 ? ` (+${requests.length - 1} pipelined)` : ''}`;
        armTimer();
        socket.write(requests.map((r) => `${r.line}\n`).join(''));
      });
    },
    close() {
      clearTimeout(timer);
      if (failure || socket.destroyed) return Promise.resolve();
      phase = 'logout';
      return new Promise<void>((resolve) => {
        // upsd answers LOGOUT with "OK Goodbye" and closes; don't wait long for the courtesy.
        const bye = setTimeout(() => socket.destroy(), 1000);
        bye.unref();
        socket.removeAllListeners('close');
        socket.removeAllListeners('data');
        socket.on('data', () => undefined);
        socket.on('close', () => {
          clearTimeout(bye);
          resolve();
        });
        socket.end('LOGOUT\n');
      });
    },
  };

  return new Promise<NutSession>((resolve, reject) => {
    connected = { resolve, reject };
    armTimer();
    socket.once('connect', () => {
      clearTimeout(timer);
      connected = null;
      phase = 'idle';
      resolve(session);
    });
  });
}
