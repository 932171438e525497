// Serves one page over http on loopback, and records every path asked for.

import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface PageServer {
  url: string;
  /** Every path requested, in order. */
  requested: string[];
  close(): Promise<void>;
}

export async function servePage(html: string): Promise<PageServer> {
  const requested: string[] = [];
  const server = http.createServer((request, response) => {
    requested.push(request.url ?? '');
    if (request.url === '/') response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    else response.writeHead(404).end();
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

export interface HostedPage {
  server: PageServer;
  /** The same page saved as a file, as a reader who downloads it opens it. */
  fileUrl: string;
  close(): Promise<void>;
}

/** The page both ways a reader gets it: over http and as a file. */
export async function hostPage(html: string): Promise<HostedPage> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-page-'));
  const file = path.join(dir, 'index.html');
  await writeFile(file, html);
  const server = await servePage(html);
  return {
    server,
    fileUrl: pathToFileURL(file).href,
    async close() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
