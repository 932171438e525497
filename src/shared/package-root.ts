// Where templates/ and assets/ live: the folder holding upsview's package.json. Found by walking up
// from this module, so it holds from any working directory and whether the code runs as TypeScript
// from src/ or bundled into one file elsewhere in the package.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'upsview') return dir;
    if (path.dirname(dir) === dir) throw new Error(`upsview's package.json not found above ${from}`);
  }
}

export const PACKAGE_ROOT = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));
