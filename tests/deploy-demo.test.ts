// `npm run demo` as a newcomer meets it: one command prints a page that exists and shows the four
// sample UPSes, and Ctrl-C (SIGINT) stops upsview and upsd and exits cleanly.

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import * as assert from 'uvu/assert';
import { REPO } from './helpers/cli.ts';
import { suiteWith } from './helpers/suite.ts';

interface Context {
  dir: string;
  demo: ChildProcess;
  /** What the demo printed up to its "Ctrl-C" line. */
  printed: string;
}

const demo = suiteWith<Context>('deploy: npm run demo', {
  async before(context) {
    context.dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-demo-'));
    context.demo = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'scripts', 'demo.ts'), context.dir], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
    context.printed = '';
    for await (const line of readline.createInterface({ input: context.demo.stdout as NodeJS.ReadableStream })) {
      context.printed += `${line}\n`;
      if (line.startsWith('Ctrl-C')) break;
    }
  },
  async after(context) {
    if (context.demo && context.demo.exitCode === null) {
      // SIGTERM, not SIGKILL: the demo then stops upsview and upsd, which a kill would leave behind.
      const exited = once(context.demo, 'exit');
      context.demo.kill('SIGTERM');
      await exited;
    }
    if (context.dir) await rm(context.dir, { recursive: true, force: true });
  },
});

demo('prints the path of a page that is already written and shows the four UPSes', async ({ printed }) => {
  const url = /Open the page:\s+(file:\S+)/.exec(printed)?.[1];
  assert.ok(url, printed);
  const html = await readFile(fileURLToPath(url), 'utf8');
  for (const name of ['office', 'rack', 'nas', 'desk']) assert.match(html, `>${name}<`, name);
});

demo('Ctrl-C stops upsview and upsd, and the demo exits 0', async ({ demo: child, printed }) => {
  const [, host, port] = /upsd listens on ([\d.]+):(\d+)/.exec(printed) ?? [];
  assert.ok(port, printed);
  const exited = once(child, 'exit');
  child.kill('SIGINT');
  const [code] = (await exited) as [number | null];
  assert.is(code, 0);
  const socket = net.connect(Number(port), host);
  const outcome = await new Promise((resolve) => {
    socket.once('connect', () => resolve('still listening'));
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code));
  });
  socket.destroy();
  assert.is(outcome, 'ECONNREFUSED');
});

demo.run();
