// Serves an output folder over http on loopback, as a static web server would, and records every
// path asked for. Files are read on each request, so a test can rewrite them between requests.

import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export interface PageServer {
  url: string;
  /** Every path requested, in order. */
  requested: string[];
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
};

export async function serveFolder(dir: string): Promise<PageServer> {
  const requested: string[] = [];
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    requested.push(url.pathname);
    const name = url.pathname.endsWith('/') ? `${url.pathname}index.html` : url.pathname;
    const file = path.join(dir, path.normalize(decodeURIComponent(name)));
    if (!file.startsWith(dir + path.sep)) return void response.writeHead(403).end();
    readFile(file).then(
      (body) => response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body),
      () => response.writeHead(404).end(),
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requested,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
