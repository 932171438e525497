// deploy/nginx/upsview.conf in Debian's real nginx, serving what a real `--once` run of the bundle
// wrote from a real upsd: revalidation, gzip for JSON, CORS on the machine-readable files (checked
// from Chromium on another origin), and no half-written temp file ever served.

import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import * as assert from 'uvu/assert';
import { launchBrowser } from './helpers/browser.ts';
import { runBundle } from './helpers/bundle.ts';
import { REPO } from './helpers/cli.ts';
import { startNginx, type Nginx } from './helpers/nginx.ts';
import { hostPage, type HostedPage } from './helpers/page-server.ts';
import { sampleUnits } from './helpers/sample-dumps.ts';
import { startUpsd, type Upsd } from './helpers/upsd.ts';
import { suiteWith } from './helpers/suite.ts';

interface Context {
  upsd: Upsd;
  dir: string;
  out: string;
  nginx: Nginx;
  other: HostedPage;
  browser: Browser;
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function get(url: string, headers: http.OutgoingHttpHeaders = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers, agent: false }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

/** Files a script or another site reads: JSON of any kind and the Prometheus metrics file. */
const machineReadable = (name: string) => name.endsWith('.json') || path.basename(name) === 'metrics';

const nginx = suiteWith<Context>('deploy: nginx server block', {
  async before(context) {
    context.upsd = await startUpsd(sampleUnits());
    context.dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-deploy-nginx-'));
    await chmod(context.dir, 0o755); // nginx's worker runs as another user and must reach out/
    context.out = path.join(context.dir, 'out');
    const hosts = [{ name: 'closet', host: context.upsd.host, port: context.upsd.port }];
    await writeFile(path.join(context.dir, 'config.json'), JSON.stringify({ title: 'Behind nginx', hosts }));
    const run = await runBundle(['--config', path.join(context.dir, 'config.json'), '--once'], { cwd: '/' });
    assert.is(run.code, 0, run.stderr);
    context.nginx = await startNginx(path.join(REPO, 'deploy', 'nginx', 'upsview.conf'), { from: '/var/www/upsview', to: context.out });
    context.other = await hostPage('<!doctype html><title>another site</title>');
    context.browser = await launchBrowser();
  },
  async after(context) {
    await context.browser?.close();
    await context.other?.close();
    await context.nginx?.stop();
    await context.upsd?.stop();
    if (context.dir) await rm(context.dir, { recursive: true, force: true });
  },
});

nginx('status.json is gzipped, revalidated on every read, and readable from any origin', async ({ nginx: server, out }) => {
  const reply = await get(`${server.origin}/status.json`, { 'accept-encoding': 'gzip' });
  assert.is(reply.status, 200);
  assert.is(reply.headers['content-type'], 'application/json');
  assert.is(reply.headers['content-encoding'], 'gzip');
  assert.is(reply.headers['vary'], 'Accept-Encoding');
  assert.is(reply.headers['cache-control'], 'no-cache');
  assert.is(reply.headers['access-control-allow-origin'], '*');
  assert.is(gunzipSync(reply.body).toString('utf8'), await readFile(path.join(out, 'status.json'), 'utf8'));
});

nginx('the metrics file is gzipped too, in the Prometheus text format', async ({ nginx: server, out }) => {
  const reply = await get(`${server.origin}/metrics`, { 'accept-encoding': 'gzip' });
  assert.is(reply.status, 200);
  assert.is(reply.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
  assert.is(reply.headers['content-encoding'], 'gzip');
  assert.is(gunzipSync(reply.body).toString('utf8'), await readFile(path.join(out, 'metrics'), 'utf8'));
});

nginx('every machine-readable file the run wrote carries CORS and no-cache', async ({ nginx: server, out }) => {
  const files = (await readdir(out, { recursive: true, encoding: 'utf8' })).filter(machineReadable);
  assert.ok(files.includes('status.json'), files.join(', '));
  for (const file of files) {
    const reply = await get(`${server.origin}/${file}`);
    assert.is(reply.status, 200, file);
    assert.is(reply.headers['access-control-allow-origin'], '*', file);
    assert.is(reply.headers['cache-control'], 'no-cache', file);
  }
});

nginx('the page is gzipped and revalidated: an unchanged file answers 304', async ({ nginx: server }) => {
  const page = await get(`${server.origin}/`, { 'accept-encoding': 'gzip' });
  assert.is(page.status, 200);
  assert.is(page.headers['content-encoding'], 'gzip');
  assert.is(page.headers['cache-control'], 'no-cache');
  assert.match(gunzipSync(page.body).toString('utf8'), /<title>[^<]*Behind nginx<\/title>/);
  const again = await get(`${server.origin}/status.json`);
  const revalidated = await get(`${server.origin}/status.json`, { 'if-none-match': again.headers.etag as string });
  assert.is(revalidated.status, 304);
});

nginx('a half-written temp file is never served', async ({ nginx: server, out }) => {
  await writeFile(path.join(out, '.upsview-status.json.1234.abcd1234.tmp'), '{"half":');
  const reply = await get(`${server.origin}/.upsview-status.json.1234.abcd1234.tmp`);
  assert.is(reply.status, 404);
});

nginx('a page on another origin reads status.json in Chromium, and not the page itself', async ({ nginx: server, other, browser }) => {
  const page = await browser.newPage();
  try {
    await page.goto(other.server.url);
    const read = (url: string) =>
      page.evaluate(async (target) => {
        try {
          return { ok: true, text: await (await fetch(target)).text() };
        } catch (error) {
          return { ok: false, text: String(error) };
        }
      }, url);
    const status = await read(`${server.origin}/status.json`);
    assert.ok(status.ok, status.text);
    assert.is((JSON.parse(status.text) as { title: string }).title, 'Behind nginx');
    const html = await read(`${server.origin}/index.html`);
    assert.not.ok(html.ok, 'the page itself is not shared with other origins');
  } finally {
    await page.close();
  }
});

nginx.run();
