// Serves an output folder over http on loopback, as a static web server would, and records every
// path asked for. Files are read on each request, so a test can rewrite them between requests.

import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeOutputs, type OutputFile } from '../../src/publish/atomic-write.ts';

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

/** Serves the files of a folder, as a static web server would; `types` by file name override the usual ones. */
export async function serveFolder(dir: string, types: Record<string, string> = {}): Promise<PageServer> {
  const requested: string[] = [];
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    requested.push(url.pathname);
    const name = decodeURIComponent(url.pathname.endsWith('/') ? `${url.pathname}index.html` : url.pathname).replace(/^\/+/, '');
    const file = path.resolve(dir, name);
    if (!file.startsWith(`${path.resolve(dir)}${path.sep}`)) return void response.writeHead(403).end();
    const type = types[name] ?? TYPES[path.extname(file)] ?? 'application/octet-stream';
    readFile(file).then(
      (body) => response.writeHead(200, { 'content-type': type }).end(body),
      () => response.writeHead(404).end(),
    );
  });
  return listen(server, requested);
}

export interface HostedPage {
  server: PageServer;
  /** The folder served, as the job wrote it. */
  dir: string;
  /** index.html saved as a file, as a reader who downloads it opens it. */
  fileUrl: string;
  close(): Promise<void>;
}

/** Output files both ways a reader gets them: served over http from a folder, and as files. */
export async function hostFiles(files: readonly OutputFile[]): Promise<HostedPage> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-page-'));
  await writeOutputs(dir, files);
  const server = await serveFolder(dir);
  return {
    server,
    dir,
    fileUrl: pathToFileURL(path.join(dir, 'index.html')).href,
    async close() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** One page both ways a reader gets it. */
export const hostPage = (html: string): Promise<HostedPage> => hostFiles([{ name: 'index.html', content: html }]);

/** One answer of a scripted server; `hang`: none at all, as from a server that went away mid-request. */
export interface Reply {
  status?: number;
  body?: string;
  headers?: Record<string, string>;
  hang?: boolean;
}

export interface ScriptedServer extends PageServer {
  /** What each path answers now (`/` is `/index.html`); a function is asked on every request. */
  routes: Map<string, Reply | (() => Reply)>;
}

/** A server whose answers a test sets path by path, faults included; anything else is a 404. */
export async function serveScripted(): Promise<ScriptedServer> {
  const requested: string[] = [];
  const routes = new Map<string, Reply | (() => Reply)>();
  const server = http.createServer((request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    requested.push(pathname);
    const route = routes.get(pathname === '/' ? '/index.html' : pathname);
    const reply = typeof route === 'function' ? route() : route;
    if (!reply) return void response.writeHead(404).end();
    if (reply.hang) return;
    response.writeHead(reply.status ?? 200, { 'content-type': 'text/html; charset=utf-8', ...reply.headers }).end(reply.body ?? '');
  });
  return { ...(await listen(server, requested)), routes };
}
