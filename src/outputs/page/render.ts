// Rendering: snapshot -> file contents. Templates and CSS are read once when the renderer is
// created; rendering itself is pure string work.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Eta } from 'eta';
import { PACKAGE_ROOT as ROOT } from '../../shared/package-root.ts';
import type { OutputFile } from '../../publish/atomic-write.ts';
import { compactCss, compactScript } from './compact.ts';
import { buildPageView, cardView, type CardSource, type PageOptions, type PageView } from './view-model.ts';
import type { Snapshot } from '../../snapshot/build.ts';

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

/**
 * A card's HTML depends on its UPS data, the host's variable descriptions and, for a UPS showing
 * old data, the page time. Keys leave out what changes every cycle without changing the card
 * (lastSuccessAt of a fresh UPS), so an unchanged UPS reuses last cycle's HTML.
 */
function cardKey(card: CardSource, descriptionsSeen: number): string {
  const { ups, options } = card;
  const clock = ups.stale || ups.error ? [options.generatedAt, ups.lastSuccessAt] : null;
  return JSON.stringify([options.id, options.crowded, clock, descriptionsSeen, { ...ups, lastSuccessAt: null }]);
}

export async function createRenderer(): Promise<Renderer> {
  const [css, script] = await Promise.all([loadCss(), loadScript()]);
  const eta = new Eta({ views: path.join(ROOT, 'templates'), autoEscape: true, cache: true, autoTrim: [false, 'nl'] });
  // Cards drawn last cycle; only the ones still on the page are kept.
  let cards = new Map<string, string>();

  function drawCards(view: PageView): PageView['hosts'] {
    const drawn = new Map<string, string>();
    const hosts = view.hosts.map((host) => {
      // Descriptions only ever grow: their count tells whether a card's texts may have changed.
      const seen = host.cards[0] ? Object.keys(host.cards[0].host.descriptions).length : 0;
      const html = host.cards.map((card) => {
        const key = cardKey(card, seen);
        const cardHtml = cards.get(key) ?? eta.render('./card', cardView(card));
        drawn.set(key, cardHtml);
        return cardHtml;
      });
      return { ...host, cardsHtml: html.join('') };
    });
    cards = drawn;
    return hosts;
  }

  return {
    render(snapshot, page) {
      const view = buildPageView(snapshot, { ...page, css, script });
      return [
        { name: 'status.json', content: renderStatusJson(snapshot) },
        { name: 'index.html', content: eta.render('./index', { ...view, hosts: drawCards(view) }) },
      ];
    },
  };
}
