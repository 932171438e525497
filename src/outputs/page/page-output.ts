// index.html: the snapshot as one self-contained page. Templates, CSS and script are read once
// when the output is created; building a page is then string work on the snapshot.

import { createHash } from 'node:crypto';
import path from 'node:path';
import { Eta } from 'eta';
import { PACKAGE_ROOT } from '../../shared/package-root.ts';
import type { Output } from '../types.ts';
import { loadCss, loadScript } from './assets.ts';
import { buildPageView, cardView, type PageView } from './view-model.ts';

export async function createPageOutput(): Promise<Output> {
  const [css, script] = await Promise.all([loadCss(), loadScript()]);
  const eta = new Eta({ views: path.join(PACKAGE_ROOT, 'templates'), autoEscape: true, cache: true, autoTrim: [false, 'nl'] });
  // Drawing a card's HTML costs far more than building its view, so last cycle's HTML is reused
  // for a card whose view is the same. Keyed on the whole view, so nothing the card shows can go
  // stale; hashed, so the keys do not hold a second copy of every card in memory.
  let drawnLastCycle = new Map<string, string>();

  function drawCards(view: PageView): PageView['hosts'] {
    const drawn = new Map<string, string>();
    const hosts = view.hosts.map((host) => {
      const html = host.cards.map((card) => {
        const cardModel = cardView(card);
        const key = createHash('sha1').update(JSON.stringify(cardModel)).digest('base64');
        const cardHtml = drawnLastCycle.get(key) ?? eta.render('./card', cardModel);
        drawn.set(key, cardHtml);
        return cardHtml;
      });
      return { ...host, cardsHtml: html.join('') };
    });
    drawnLastCycle = drawn;
    return hosts;
  }

  return {
    name: 'index.html',
    build({ snapshot, config, history }) {
      const view = buildPageView(snapshot, { refreshSeconds: config.refreshSeconds, css, script, history });
      return [{ name: 'index.html', content: eta.render('./index', { ...view, hosts: drawCards(view) }) }];
    },
  };
}
