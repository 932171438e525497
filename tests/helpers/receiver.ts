// A webhook receiver on loopback: records every request, answers with the status the test sets,
// and can hold answers back until the test lets them go.

import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  url: string;
  received: Received[];
  status: number;
  /** While true, requests are recorded but not answered. */
  hold: boolean;
  release(): void;
  /** Resolves once `count` requests have arrived in all. */
  arrived(count: number): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const held: http.ServerResponse[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      receiver.received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      for (const waiter of waiters) if (receiver.received.length >= waiter.count) waiter.resolve();
      response.statusCode = receiver.status;
      if (receiver.hold) held.push(response);
      else response.end('ok');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}`,
    received: [],
    status: 200,
    hold: false,
    release() {
      for (const response of held.splice(0)) response.end('ok');
    },
    arrived(count) {
      if (receiver.received.length >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    async close() {
      receiver.release();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
  return receiver;
}
