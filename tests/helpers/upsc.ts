// NUT's own client, as the reference for what upsd holds.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { UPSC, ensureUpsc } from './nut-install.ts';

const run = promisify(execFile);

function parse(out: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const at = line.indexOf(': ');
    if (at > 0) vars[line.slice(0, at)] = line.slice(at + 2);
  }
  return vars;
}

/** `upsc ups@host:port` parsed into name -> value. */
export async function upsc(ups: string, host: string, port: number): Promise<Record<string, string>> {
  ensureUpsc();
  const { stdout } = await run(UPSC, [`${ups}@${host}:${port}`], { encoding: 'utf8' });
  return parse(stdout);
}

/** upsc for many UPSes, a few at a time. */
export async function upscAll(names: readonly string[], host: string, port: number): Promise<Map<string, Record<string, string>>> {
  const result = new Map<string, Record<string, string>>();
  const queue = [...names];
  const worker = async () => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) result.set(name, await upsc(name, host, port));
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return result;
}
