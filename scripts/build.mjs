// Compiles src/cli.ts into one ES module, dist/upsview.mjs, which `npm start`, systemd and cron run
// with plain node: no TypeScript loader at run time, which costs about 20 MB of RSS and over half the
// start time (issue 11; `npm run footprint` compares the two).
// Packages stay external: eta, node-cron and purecss load from node_modules as usual, and
// purecss's CSS is found with require.resolve. Plain JavaScript, so a production install
// (`npm ci --omit=dev`, no tsx) can run it from the `prepare` step.
//   node scripts/build.mjs            build
//   node scripts/build.mjs --if-stale build only when a source file is newer than the bundle

import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLE = path.join(root, 'dist', 'upsview.mjs');

function newestSource() {
  const files = readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' });
  return Math.max(statSync(path.join(root, 'package.json')).mtimeMs, ...files.map((file) => statSync(path.join(root, 'src', file)).mtimeMs));
}

if (process.argv.includes('--if-stale') && existsSync(BUNDLE) && statSync(BUNDLE).mtimeMs >= newestSource()) process.exit(0);

await build({
  entryPoints: [path.join(root, 'src', 'cli.ts')],
  outfile: BUNDLE,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  legalComments: 'none',
  logLevel: 'warning',
});
