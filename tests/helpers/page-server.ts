// Serves one page, or a folder's files, over http on loopback, and records every path asked for.

import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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

async function listen(server: http.Server, requested: string[]): Promise<PageServer> {
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

export async function servePage(html: string): Promise<PageServer> {
  const requested: string[] = [];
  const server = http.createServer((request, response) => {
    requested.push(request.url ?? '');
    if (request.url === '/') response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    else response.writeHead(404).end();
  });
  return listen(server, requested);
}

/** Serves the files of a folder, as a static web server would; `types` by file name, else octet-stream. */
export async function serveFolder(dir: string, types: Record<string, string> = {}): Promise<PageServer> {
  const requested: string[] = [];
  const server = http.createServer((request, response) => {
    requested.push(request.url ?? '');
    const name = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
    const file = path.resolve(dir, name);
    if (!file.startsWith(`${path.resolve(dir)}${path.sep}`)) return void response.writeHead(404).end();
    readFile(file).then(
      (body) => response.writeHead(200, { 'content-type': types[name] ?? 'application/octet-stream' }).end(body),
      () => response.writeHead(404).end(),
    );
  });
  return listen(server, requested);
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
