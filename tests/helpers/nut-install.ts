// Makes sure NUT's upsd and dummy-ups are on the machine. As root on Debian the test setup
// installs nut-server itself; otherwise it stops with the one command to run.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const UPSD = '/lib/nut/upsd';
export const DUMMY_UPS = '/lib/nut/dummy-ups';

let checked = false;

export function ensureNut(): void {
  if (checked || (existsSync(UPSD) && existsSync(DUMMY_UPS))) {
    checked = true;
    return;
  }
  if (process.getuid?.() !== 0) {
    throw new Error(`NUT is not installed (${UPSD} missing). Run: sudo apt-get install -y nut-server`);
  }
  process.stderr.write('upsd not found: installing nut-server with apt-get\n');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', 'nut-server'], { stdio: 'inherit', env });
  checked = true;
}
