// Makes sure the Debian programs the tests run are on the machine (NUT's upsd and dummy-ups,
// promtool, node_exporter). As root on Debian the test setup installs the package itself;
// otherwise it stops with the one command to run.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const UPSD = '/lib/nut/upsd';
export const DUMMY_UPS = '/lib/nut/dummy-ups';
export const PROMTOOL = '/usr/bin/promtool';
export const PROMETHEUS = '/usr/bin/prometheus';
export const NODE_EXPORTER = '/usr/bin/prometheus-node-exporter';

const installed = new Set<string>();

/** Installs `pkg` with apt-get when any of `programs` is missing. */
export function ensurePackage(pkg: string, programs: readonly string[]): void {
  if (installed.has(pkg) || programs.every((program) => existsSync(program))) {
    installed.add(pkg);
    return;
  }
  if (process.getuid?.() !== 0) {
    throw new Error(`${pkg} is not installed (${programs.join(', ')} missing). Run: sudo apt-get install -y ${pkg}`);
  }
  process.stderr.write(`${programs.join(', ')} not found: installing ${pkg} with apt-get\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', pkg], { stdio: 'inherit', env });
  installed.add(pkg);
}

export function ensureNut(): void {
  ensurePackage('nut-server', [UPSD, DUMMY_UPS]);
}
