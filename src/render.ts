// Rendering: snapshot -> file contents. Templates and CSS are read once when the renderer is
// created; rendering itself is pure string work.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Eta } from 'eta';
import type { OutputFile } from './output.ts';
import { compactCss, compactScript } from './page/compact.ts';
import { buildPageView, type PageOptions } from './page/view-model.ts';
import type { Snapshot } from './snapshot.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = (await import('node:module')).createRequire(import.meta.url);

/** Only the Pure CSS modules the page uses, inlined: the page makes no external request. */
const PURE_MODULES = ['base-min.css', 'tables-min.css'];

export interface Renderer {
  render(snapshot: Snapshot, page: Omit<PageOptions, 'css' | 'script'>): OutputFile[];
}

export async function loadCss(): Promise<string> {
  const pureDir = path.dirname(require.resolve('purecss/build/base-min.css'));
  const parts = await Promise.all([
    ...PURE_MODULES.map((name) => readFile(path.join(pureDir, name), 'utf8')),
    readFile(path.join(ROOT, 'assets', 'upsview.css'), 'utf8').then(compactCss),
  ]);
  // Pure's files carry licence banners with links; keep one short credit without them.
  const credit = '/* Pure v3 base and tables: Copyright 2013 Yahoo!, BSD licence; normalize.css: N. Gallagher, J. Neal, MIT licence */';
  return [credit, ...parts.map((css) => css.replace(/\/\*![\s\S]*?\*\//g, '').trim())].join('\n');
}

export function loadScript(): Promise<string> {
  return readFile(path.join(ROOT, 'assets', 'upsview.js'), 'utf8').then(compactScript);
}

export function renderStatusJson(snapshot: Snapshot): string {
  return `${JSON.stringify(snapshot, null, 2)}\n`;
}

export async function createRenderer(): Promise<Renderer> {
  const [css, script] = await Promise.all([loadCss(), loadScript()]);
  const eta = new Eta({ views: path.join(ROOT, 'templates'), autoEscape: true, cache: true, autoTrim: [false, 'nl'] });
  return {
    render(snapshot, page) {
      const view = buildPageView(snapshot, { ...page, css, script });
      return [
        { name: 'status.json', content: renderStatusJson(snapshot) },
        { name: 'index.html', content: eta.render('./index', view) },
      ];
    },
  };
}
