// Status icons as inline SVG: one <symbol> per severity, used by every card, and a favicon in
// a data: URL so the tab shows the worst state without any request.

import type { Severity } from '../../status/severity.ts';

const PATHS: Record<Severity, string> = {
  ok: 'M6.5 12.5l3.5 3.5 7.5-8',
  info: 'M12 7.5v.5M12 11v6',
  warning: 'M12 7v6M12 16.5v.5',
  critical: 'M8 8l8 8M16 8l-8 8',
};

const COLOURS: Record<Severity, string> = {
  ok: '#1a7f37',
  info: '#1f6feb',
  warning: '#b35900',
  critical: '#c62828',
};

const SEVERITIES = Object.keys(PATHS) as Severity[];

// The sprite and the favicons are made once, at load: the page is built every cycle, and making
// them each time was a tenth of a small site's page build on a cycle that reused every card
// (issue 11, Footprint).

/** The icon sprite placed once at the top of the body; cards refer to it with <use href="#i-…">. */
export const ICON_SPRITE = `<svg hidden aria-hidden="true">${SEVERITIES.map(
  (severity) =>
    `<symbol id="i-${severity}" viewBox="0 0 24 24"><circle cx="12" cy="12" r="11" fill="currentColor"/>` +
    `<path d="${PATHS[severity]}" stroke="#fff" stroke-width="2.6" stroke-linecap="round" fill="none"/></symbol>`,
).join('')}</svg>`;

function favicon(severity: Severity): string {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><circle cx="12" cy="12" r="11" fill="${COLOURS[severity]}"/>` +
    `<path d="${PATHS[severity]}" stroke="#fff" stroke-width="2.6" stroke-linecap="round" fill="none"/></svg>`;
  // base64 keeps the SVG namespace, which an image needs, from reading as a link in the page text.
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

const FAVICONS = Object.fromEntries(SEVERITIES.map((severity) => [severity, favicon(severity)])) as Record<Severity, string>;

export const faviconDataUrl = (severity: Severity): string => FAVICONS[severity];
