// Children for the SIGKILL tests: a helper bundled once (so each child starts in tens of
// milliseconds instead of loading a TS loader), started, and killed at a random moment after it
// says "ready".

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const HELPERS = path.dirname(fileURLToPath(import.meta.url));

/** Bundles tests/helpers/<name>.ts into `dir`; returns the bundle's path. */
export async function bundleHelper(name: string, dir: string): Promise<string> {
  const outfile = path.join(dir, `${name}.mjs`);
  await build({ entryPoints: [path.join(HELPERS, `${name}.ts`)], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'silent' });
  return outfile;
}

/** Starts the bundle, waits for its "ready", lets it run up to `maxMs` more, then SIGKILLs it. */
export async function killAtRandom(bundle: string, args: readonly string[], env: Record<string, string>, maxMs: number): Promise<void> {
  const child = spawn(process.execPath, [bundle, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  await once(child.stdout, 'data');
  await new Promise((resolve) => setTimeout(resolve, Math.random() * maxMs));
  child.kill('SIGKILL');
  await exited;
}
