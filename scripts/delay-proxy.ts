// A TCP proxy on loopback that puts a fixed round-trip time between a client and a server, since
// this kernel has no netem. Each chunk is passed on half an RTT after it arrives, in order, both
// ways. The TCP handshake cannot be delayed from user space, so the first RTT of a connection is
// modelled instead: nothing the client sends reaches the server before one RTT after the accept
// (when a real connect would have completed) plus the half RTT of its own trip.

import { once } from 'node:events';
import net from 'node:net';

export interface DelayProxy {
  readonly port: number;
  /** Connections accepted so far. */
  readonly accepted: number;
  close(): Promise<void>;
}

function relay(from: net.Socket, to: net.Socket, delay: (arrived: number) => number): void {
  let last = 0;
  const forward = (send: () => void) => {
    // Never reorder: a chunk leaves no earlier than the one before it.
    last = Math.max(delay(performance.now()), last);
    setTimeout(send, Math.max(0, last - performance.now()));
  };
  from.on('data', (chunk: Buffer) => forward(() => !to.destroyed && to.write(chunk)));
  from.on('end', () => forward(() => to.end()));
  from.on('error', () => forward(() => to.destroy()));
  from.on('close', () => forward(() => to.destroy()));
}

export async function startDelayProxy(target: { host: string; port: number }, rttMs: number): Promise<DelayProxy> {
  let accepted = 0;
  const sockets = new Set<net.Socket>();
  // Half-open both ways, so a FIN is passed on with the same delay as data (a client that waits for
  // upsd to close after LOGOUT waits its round trip).
  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    accepted++;
    const acceptedAt = performance.now();
    const upstream = net.createConnection({ ...target, allowHalfOpen: true });
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    relay(client, upstream, (arrived) => Math.max(arrived, acceptedAt + rttMs) + rttMs / 2);
    relay(upstream, client, (arrived) => arrived + rttMs / 2);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as net.AddressInfo).port,
    get accepted() {
      return accepted;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}
