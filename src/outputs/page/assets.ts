// The page's CSS and script, read once and inlined: the page makes no external request.

import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../shared/package-root.ts';
import { compactCss, compactScript } from './compact.ts';

/** Only the Pure CSS modules the page uses. */
const PURE_MODULES = ['base-min.css', 'tables-min.css'];

export async function loadCss(): Promise<string> {
  const pureDir = path.dirname(createRequire(import.meta.url).resolve('purecss/build/base-min.css'));
  const parts = await Promise.all([
    ...PURE_MODULES.map((name) => readFile(path.join(pureDir, name), 'utf8')),
    readFile(path.join(PACKAGE_ROOT, 'assets', 'upsview.css'), 'utf8').then(compactCss),
    readFile(path.join(PACKAGE_ROOT, 'assets', 'history.css'), 'utf8').then(compactCss),
  ]);
  // Pure's files carry licence banners with links; keep one short credit without them.
  const credit = '/* Pure v3 base and tables: Copyright 2013 Yahoo!, BSD licence; normalize.css: N. Gallagher, J. Neal, MIT licence */';
  return [credit, ...parts.map((css) => css.replace(/\/\*![\s\S]*?\*\//g, '').trim())].join('\n');
}

export function loadScript(): Promise<string> {
  return readFile(path.join(PACKAGE_ROOT, 'assets', 'upsview.js'), 'utf8').then(compactScript);
}
