// index.html: the snapshot as one self-contained page; on a crowded page also each host's
// variables page (vars/host-N.html). Templates, CSS and script are read once when the output is
// created; building the pages is then string work on the snapshot.

import path from 'node:path';
import { PACKAGE_ROOT } from '../../shared/package-root.ts';
import type { OutputFile } from '../../publish/atomic-write.ts';
import type { Output } from '../types.ts';
import { loadCss, loadScript } from './assets.ts';
import { escapeHtml } from './escape.ts';
import { FoundTemplates } from './found-templates.ts';
import { PIECE_MARK, piecesAround } from './pieces.ts';
import { cardHistory, cardKey, sameCardKey, type CardKey } from './card-reuse.ts';
import { sharedDataComparer } from './same-data.ts';
import { varsPageView } from './vars-page.ts';
import { buildPageView, cardView, varsPageName, type CardSource, type PageView } from './view-model.ts';
import { utf8 } from '../../shared/utf8.ts';

/**
 * A card as drawn, and its section of the variables page when the page is crowded: kept encoded
 * (atomic-write.ts), so a card drawn once is encoded once, not each cycle it is written. eta builds
 * its output with `+=`, a tree of V8's string pieces, which the encoding also walks only once.
 */
interface Drawn {
  id: string;
  /** What the card was drawn from. */
  key: CardKey;
  card: Uint8Array;
  section: Uint8Array;
}

const NO_SECTION = new Uint8Array(0);

export async function createPageOutput(): Promise<Output> {
  const [css, script] = await Promise.all([loadCss(), loadScript()]);
  const encodedCss = utf8(css);
  const encodedScript = script === '' ? null : utf8(script);
  const eta = new FoundTemplates({
    views: path.join(PACKAGE_ROOT, 'templates'),
    autoEscape: true,
    escapeFunction: escapeHtml,
    cache: true,
    autoTrim: [false, 'nl'],
    // The templates draw a part with `partial(name, data)`, which hands the part only its own data.
    // eta's `include` copies every field of the including template's data into it as well, on each
    // call: drawing every card and variables section of 576 UPSes anew took 61–69 ms with it and
    // 38–46 ms without (issue 11, Scale). Each part's view type holds all the part shows, so
    // nothing else is wanted.
    functionHeader: 'const partial = (name, data) => this.draw(name, data, options);',
  });
  // Drawing a card costs far more than comparing what it is drawn from (card-reuse.ts), so last
  // cycle's HTML is reused for a card whose key is the same. The key is all the card shows, so
  // nothing goes stale, and it is this cycle's data, so the cache holds no older copy of it.
  let drawnLastCycle = new Map<string, Drawn>();

  function draw(source: CardSource, sameShared: (a: object, b: object) => boolean): Drawn {
    const { id } = source.options;
    const before = drawnLastCycle.get(id);
    const key = cardKey(source, before?.key);
    if (before && sameCardKey(before.key, key, sameShared)) return { ...before, key };
    const view = cardView(source, cardHistory(key));
    const section = source.options.varsHref ? utf8(eta.draw('./vars-section', view)) : NO_SECTION;
    return { id, key, card: utf8(eta.draw('./card', view)), section };
  }

  // The style sheet and script are the same every cycle: kept encoded and placed as pieces, like the
  // cards, rather than copied into each cycle's page text, flattened and encoded again. They were
  // 21 KB of the 69 KB a small site's index.html is rewritten each cycle (issue 11, Footprint).
  // Pieces go in the order of their marks: the style in the head, then the cards, the script last.
  const around = (cards: readonly Uint8Array[]): Uint8Array[] => [encodedCss, ...cards, ...(encodedScript ? [encodedScript] : [])];

  function render(view: PageView): OutputFile[] {
    const sameShared = sharedDataComparer();
    const drawn = new Map<string, Drawn>();
    const hosts = view.hosts.map((host) => {
      const cards = host.cards.map((source) => draw(source, sameShared));
      for (const card of cards) drawn.set(card.id, card);
      return { host, cards };
    });
    drawnLastCycle = drawn;
    const marks = (cards: readonly Drawn[]) => cards.map(() => PIECE_MARK);
    const index = eta.draw('./index', { ...view, hosts: hosts.map(({ host, cards }) => ({ ...host, cardsHtml: marks(cards) })) });
    const varsPages = view.crowded
      ? hosts
          .filter(({ cards }) => cards.length > 0)
          .map(({ host, cards }) => ({
            name: varsPageName(host.id),
            content: piecesAround(eta.draw('./vars', varsPageView(view, host, marks(cards))), around(cards.map((card) => card.section))),
          }))
      : [];
    return [{ name: 'index.html', content: piecesAround(index, around(hosts.flatMap(({ cards }) => cards.map((card) => card.card)))) }, ...varsPages];
  }

  return {
    name: 'index.html',
    build({ snapshot, config, history }) {
      return render(buildPageView(snapshot, { refreshSeconds: config.refreshSeconds, css: PIECE_MARK, script: encodedScript ? PIECE_MARK : '', history }));
    },
  };
}
