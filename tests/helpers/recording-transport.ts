// The real transport, with a record of every write per connection: what went over the wire and in
// how many writes, which is what a round trip costs. Writes made after STARTTLS are marked "[tls] ".

import { netTransport, type ByteStream, type Transport } from '../../src/nut/transport.ts';

export interface RecordingTransport {
  transport: Transport;
  /** One entry per connection opened, each the list of its writes. */
  readonly connections: string[][];
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
  return {
    connections,
    transport: {
      connect(host, port, handlers) {
        const writes: string[] = [];
        connections.push(writes);
        return recorded(netTransport.connect(host, port, handlers), writes);
      },
    },
  };
}
