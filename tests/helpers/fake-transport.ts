// A transport with no socket behind it: the test sees what the session writes and decides what
// comes back and when, so a session can be driven step by step (with virtual timers) in memory.

import { NutConnectionError } from '../../src/shared/errors.ts';
import type { ByteStream, StreamHandlers, Transport } from '../../src/nut/transport.ts';

export interface FakeConnection {
  /** Everything the session wrote, in order. */
  readonly written: string[];
  readonly ended: boolean;
  readonly destroyed: boolean;
  /** The connection is up (the session's connect phase ends). */
  ready(): void;
  /** Bytes from the server. */
  send(text: string): void;
  /** The server closes the connection. */
  hangUp(): void;
}

export interface FakeTransport {
  transport: Transport;
  readonly connections: FakeConnection[];
}

export function createFakeTransport(): FakeTransport {
  const connections: FakeConnection[] = [];
  const transport: Transport = {
    connect(_host, _port, handlers: StreamHandlers): ByteStream {
      const connection = {
        written: [] as string[],
        ended: false,
        destroyed: false,
        ready: () => handlers.onReady(),
        send: (text: string) => handlers.onData(Buffer.from(text)),
        hangUp: () => handlers.onClose(),
      };
      connections.push(connection);
      return {
        write: (text) => void connection.written.push(text),
        end(text) {
          connection.written.push(text);
          connection.ended = true;
        },
        destroy: () => void (connection.destroyed = true),
        unref: () => undefined,
        startTls() {
          handlers.onError(new NutConnectionError('CONNECTION-FAILED', 'the fake transport has no TLS'));
          throw new Error('the fake transport has no TLS');
        },
      };
    },
  };
  return { transport, connections };
}
