// The programs the tests drive are Debian packages. As root the test setup installs a missing one;
// anyone else gets one plain line naming it and the command that installs it (issue 7), and the
// tests that need it fail with that line instead of a stack trace.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const asRoot = process.getuid?.() === 0;

/** A program the tests cannot do without. Its stack is its message, so uvu prints just that line. */
export class MissingPrerequisite extends Error {
  readonly code = 'MISSING-PREREQUISITE';

  constructor(what: string, debianPackage: string, why = '') {
    super(`missing prerequisite: ${what}${why ? ` (${why})` : ''}; run: sudo apt-get install -y ${debianPackage}`);
    this.name = 'MissingPrerequisite';
    this.stack = this.message;
  }
}

export interface DebianPackage {
  /** The package apt-get installs. */
  name: string;
  /** What the reader would call it: "NUT's upsd and dummy-ups". */
  what: string;
  /** Files that must exist afterwards. */
  files: readonly string[];
}

/** Per package: null once present, the error once known to be missing (said once, not retried). */
const outcome = new Map<string, MissingPrerequisite | null>();

function install(pkg: DebianPackage): void {
  const missing = pkg.files.filter((file) => !existsSync(file));
  if (missing.length === 0) return;
  if (!asRoot) throw new MissingPrerequisite(pkg.what, pkg.name, `${missing.join(', ')} not found`);
  process.stderr.write(`${pkg.what} not found: installing ${pkg.name} with apt-get\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', pkg.name], { stdio: 'inherit', env });
  } catch (error) {
    throw new MissingPrerequisite(pkg.what, pkg.name, `apt-get failed: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** Makes sure the package is installed; throws MissingPrerequisite, said once on stdout, when it cannot be. */
export function ensurePackage(pkg: DebianPackage): void {
  const known = outcome.get(pkg.name);
  if (known === null) return;
  if (known) throw known;
  try {
    install(pkg);
    outcome.set(pkg.name, null);
  } catch (error) {
    if (!(error instanceof MissingPrerequisite)) throw error;
    outcome.set(pkg.name, error);
    process.stdout.write(`\n${error.message}\n`);
    throw error;
  }
}
