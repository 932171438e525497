// Debian's nginx serving a folder with one of our shipped server blocks, on a free loopback port, as
// a child process with its own prefix, pid file and temp folders: nothing in /etc/nginx or
// /var/log/nginx is touched. Ready when nginx says it has started its worker (its listening socket
// is open by then), read from its error log on stderr.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { ensurePackage } from './prerequisite.ts';
import { reapedWithThisProcess } from './reaper.ts';
import { freePort } from './upsd.ts';

export const NGINX = '/usr/sbin/nginx';

export interface Nginx {
  origin: string;
  stop(): Promise<void>;
}

/** Replaces `from` in `text`, which must occur exactly once: a shipped file that changed shape fails loudly. */
function replaceOnce(text: string, from: string, to: string): string {
  const parts = text.split(from);
  if (parts.length !== 2) throw new Error(`harness: expected "${from}" once in the server block, found ${parts.length - 1}`);
  return parts.join(to);
}

/** Starts nginx with `serverBlock` (a shipped file), its root and listen lines pointed at `root` and loopback. */
export async function startNginx(serverBlock: string, root: { from: string; to: string }): Promise<Nginx> {
  ensurePackage({ name: 'nginx', what: "Debian's nginx", files: [NGINX] });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-nginx-'));
  const port = await freePort();
  let server = await readFile(serverBlock, 'utf8');
  server = replaceOnce(server, 'listen 80;', `listen 127.0.0.1:${port};`);
  server = replaceOnce(server, 'listen [::]:80;', '');
  server = replaceOnce(server, `root ${root.from};`, `root ${root.to};`);
  await writeFile(path.join(dir, 'upsview.conf'), server);
  const temps = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `${kind}_temp_path ${path.join(dir, kind)};`);
  await writeFile(
    path.join(dir, 'nginx.conf'),
    `worker_processes 1;\npid ${path.join(dir, 'nginx.pid')};\nerror_log stderr notice;\nevents { worker_connections 64; }\n` +
      `http {\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n  access_log off;\n  ${temps.join('\n  ')}\n` +
      `  include ${path.join(dir, 'upsview.conf')};\n}\n`,
  );
  const child = reapedWithThisProcess(spawn(NGINX, ['-p', dir, '-e', 'stderr', '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] }));
  const exited = once(child, 'exit');
  let log = '';
  const started = new Promise<boolean>((resolve) => {
    readline.createInterface({ input: child.stderr }).on('line', (line) => {
      log += `${line}\n`;
      if (/start worker process/.test(line)) resolve(true);
    });
    void exited.then(() => resolve(false));
  });
  if (!(await started)) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`harness: nginx did not start:\n${log}`);
  }
  return {
    origin: `http://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGQUIT'); // graceful: finish open requests, then exit
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
