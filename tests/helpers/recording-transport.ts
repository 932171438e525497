// The real transport, with a record of every write per connection: what went over the wire and in
// how many writes, which is what a round trip costs. Writes made after STARTTLS are marked "[tls] ".
// It also counts how many connections the client held at once: a server's count can see an old
// connection still open, when its close and the next connect arrive together or never arrive.

import { netTransport, type ByteStream, type Transport } from '../../src/nut/transport.ts';

export interface RecordingTransport {
  transport: Transport;
  /** One entry per connection opened, each the list of its writes. */
  readonly connections: string[][];
  /** The most connections opened and not yet destroyed, ended or closed at the same time. */
  readonly maxOpen: number;
}

export function createRecordingTransport(): RecordingTransport {
  const connections: string[][] = [];
  const recorded = (stream: ByteStream, writes: string[], mark = ''): ByteStream => ({
    ...stream,
    write(text) {
      writes.push(mark + text);
      stream.write(text);
    },
    end(text) {
      writes.push(mark + text);
      stream.end(text);
    },
    startTls: (target, handlers) => recorded(stream.startTls(target, handlers), writes, '[tls] '),
  });
  let open = 0;
  let maxOpen = 0;
  return {
    connections,
    get maxOpen() {
      return maxOpen;
    },
    transport: {
      connect(host, port, handlers) {
        const writes: string[] = [];
        connections.push(writes);
        open++;
        maxOpen = Math.max(maxOpen, open);
        let gone = false;
        const leave = () => {
          if (!gone) open--;
          gone = true;
        };
        const stream = recorded(netTransport.connect(host, port, { ...handlers, onClose: () => (leave(), handlers.onClose()) }), writes);
        return {
          ...stream,
          destroy: () => (leave(), stream.destroy()),
          end: (text) => (leave(), stream.end(text)),
        };
      },
    },
  };
}
