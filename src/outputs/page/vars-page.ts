// A host's variables page on a crowded page (vars/host-N.html): every variable of every UPS of
// that host, with the figures, reached from each card's link. The overview stays light, and
// everything stays reachable with scripts off, over http and as files.

import { plural } from '../../shared/format.ts';
import type { Severity } from '../../status/severity.ts';
import type { HostView, PageView } from './view-model.ts';

export interface VarsPageView extends PageView {
  heading: string;
  severity: Severity;
  /** To the host's section of the overview. */
  backHref: string;
  /**
   * One section per UPS, placed one by one. The renderer passes marks here and hands the sections
   * it drew (reused when unchanged) to the publisher as pieces between them (pieces.ts).
   */
  sectionsHtml: readonly string[];
}

export function varsPageView(page: PageView, host: HostView, sectionsHtml: readonly string[]): VarsPageView {
  return {
    ...page,
    documentTitle: `${host.name}: all variables · ${page.title}`,
    scope: `${plural(host.cards.length, 'UPS', 'UPSes')} on ${host.name} (${host.address})`,
    heading: `${host.name}: all variables`,
    severity: host.severity,
    backHref: `../index.html#${host.id}`,
    sectionsHtml,
  };
}
