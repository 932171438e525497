// Pure: turns the snapshot into display-ready values for the templates, which only place them.

import { failingFor, formatDuration, plural } from '../../shared/format.ts';
import { STALE_AFTER_INTERVALS } from '../../snapshot/build.ts';
import { listsNoUps } from '../../snapshot/summary.ts';
import type { HostSnapshot, Problem, Snapshot, Summary, UpsSnapshot } from '../../snapshot/types.ts';
import { isAlarming, worst, worstFirst, type Severity } from '../../status/severity.ts';
import { ICON_SPRITE, faviconDataUrl } from './icons.ts';
import { cardData, tellsAge, upsView, type CardOptions, type UpsView } from './ups-card.ts';

import { errorInWords } from '../../shared/error-words.ts';
import { SEVERITY_WORDS } from '../../status/words.ts';
import type { HistoryView } from '../../history/view.ts';
import { upsKey } from '../../snapshot/events.ts';
import { eventView, minuteText, type EventView, type HistoryCardView } from './history-card.ts';

export interface PlacedUps {
  ups: UpsSnapshot;
  host: HostSnapshot;
  id: string;
}

export interface ProblemView extends Problem {
  /** Anchor of the card or host section it is about. */
  href: string;
}

export interface SummaryView extends Omit<Summary, 'problems'> {
  /** "4 UPSes on 2 hosts (1 not reachable)" */
  scope: string;
  problems: ProblemView[];
}

export interface PageOptions {
  /** Seconds between live updates (the script, or a `<noscript>` refresh); 0 for none. */
  refreshSeconds: number;
  /** The style sheet, or the mark where the renderer places it, kept encoded (page-output.ts). */
  css: string;
  /**
   * The small inline script (local time, live age, stale mark, live updates), or the mark where the
   * renderer places it; the page works without it.
   */
  script?: string;
  history: HistoryView;
}

export interface HostView {
  id: string;
  name: string;
  address: string;
  severity: Severity;
  /** Why the host could not be polled, in words; empty when it was. */
  error: string;
  errorDetail: string;
  /** " Failing for 5 min." once the error has lasted. */
  failingFor: string;
  /** Said when the host answered but has no UPS to show. */
  empty: string;
  cards: CardSource[];
}

export interface PageView {
  /** The document title: the worst state first, so a tab or a kiosk title bar tells it. */
  documentTitle: string;
  title: string;
  summary: SummaryView;
  /** What the page covers, before the time the data was taken: the summary's scope. */
  scope: string;
  severityWord: string;
  favicon: string;
  sprite: string;
  generatedAt: string;
  /** UTC text shown until (or unless) the script puts it in the reader's local time. */
  generatedText: string;
  /** The snapshot's staleAfter: the script marks the page out of date from then on. */
  staleAfter: string;
  /** Shown by the script once the page is stale. */
  staleNote: string;
  refreshSeconds: number;
  /** One UPS gets a wide card instead of a lonely grid cell. */
  layout: 'single' | 'grid';
  /** So many UPSes that each host's variables go on a page of their own (varsPageName). */
  crowded: boolean;
  css: string;
  script: string;
  hosts: HostView[];
  /** Events that are about no single UPS (hosts, monitoring gaps), newest first. */
  pageEvents: EventView[];
  /** "History since 2026-01-01 00:00 UTC" */
  historySince: string;
}

/** Host and monitoring events listed at the foot of the page. */
const PAGE_EVENTS = 10;

/** "2026-11-25 08:46:12 UTC" */
export function utcText(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/**
 * Each card's anchor is the UPS's stable id, the one status.json, badges and hooks carry
 * (`index.html#nas_ups`): an anchor by place pointed at another UPS once one was added before it.
 */
function placeUps(hosts: readonly HostSnapshot[]): PlacedUps[][] {
  return hosts.map((host) => host.ups.map((ups) => ({ ups, host, id: ups.id })));
}

function summaryView(summary: Summary, hosts: readonly HostSnapshot[], placed: readonly PlacedUps[]): SummaryView {
  const anchor = (problem: Problem) => {
    if (problem.ups === null) return `#host-${hosts.findIndex((host) => host.name === problem.host) + 1}`;
    const card = placed.find((item) => item.host.name === problem.host && item.ups.name === problem.ups);
    return card ? `#${card.id}` : '';
  };
  const down = summary.hostsDown.length;
  return {
    ...summary,
    scope: `${plural(summary.upsCount, 'UPS', 'UPSes')} on ${plural(summary.hostCount, 'host')}${down > 0 ? ` (${down} not reachable)` : ''}`,
    problems: summary.problems.map((problem) => ({ ...problem, href: anchor(problem) })),
  };
}

/**
 * From this many UPSes on, calm cards are compact and each host's variables go on a page of their
 * own, so the page stays light (issue 11: 576 UPSes in ≤ 1 MB).
 */
export const CROWDED_FROM = 10;

/** A host's variables page on a crowded page, relative to the output folder. */
export const varsPageName = (hostId: string) => `vars/${hostId}.html`;

/**
 * What one card is drawn from, all plain data: the renderer reuses last cycle's HTML for a card
 * whose source is the same, and builds the card's view only when it is not.
 */
export interface CardSource {
  ups: UpsSnapshot;
  descriptions: Readonly<Record<string, string>>;
  options: CardOptions;
}

/** `history`: the card's history part, from its key (card-reuse.ts cardHistory). */
export function cardView(card: CardSource, history: HistoryCardView | null): UpsView {
  return upsView(card.ups, card.descriptions, card.options, history);
}

interface CardContext {
  generatedAt: string;
  crowded: boolean;
  history: HistoryView;
}

function cardOptions(item: PlacedUps, hostId: string, context: CardContext): CardOptions {
  const kept = context.history.ups[upsKey(item.host.name, item.ups.name)];
  const history = kept && { ups: kept, since: context.history.since, now: context.history.now };
  return {
    id: item.id,
    asOf: tellsAge(item.ups) ? context.generatedAt : null,
    crowded: context.crowded,
    varsHref: context.crowded ? `${varsPageName(hostId)}#${item.id}` : '',
    ...(history && { history }),
  };
}

function hostView(host: HostSnapshot, placed: readonly PlacedUps[], index: number, context: CardContext): HostView {
  const id = `host-${index + 1}`;
  const { generatedAt } = context;
  // Problems first; a stable sort keeps the configured order among equals.
  const cards = placed
    .map((item): CardSource => ({ ups: cardData(item.ups), descriptions: host.descriptions, options: cardOptions(item, id, context) }))
    .sort((a, b) => worstFirst(a.ups, b.ups));
  return {
    id,
    name: host.name,
    // Said only when it is so: most upsd serve in clear, and "in clear" on every host would be noise.
    address: host.encrypted ? `${host.address}, over TLS` : host.address,
    severity: worst([...cards.map((card) => card.ups.severity), host.error || listsNoUps(host) ? 'warning' : 'ok']),
    error: host.error ? errorInWords(host.error) : '',
    errorDetail: host.error ? `${host.error.code}: ${host.error.message}` : '',
    failingFor: failingFor(host.errorSince, generatedAt),
    empty: listsNoUps(host) ? 'upsd lists no UPS on this host.' : '',
    cards,
  };
}

/** How often the job renews the page: staleAfter is three of its intervals after generatedAt. */
const renewalSeconds = (snapshot: Snapshot) =>
  (Date.parse(snapshot.staleAfter) - Date.parse(snapshot.generatedAt)) / 1000 / STALE_AFTER_INTERVALS;

export function buildPageView(snapshot: Snapshot, options: PageOptions): PageView {
  const placed = placeUps(snapshot.hosts);
  const everyUps = placed.flat();
  const summary = summaryView(snapshot.summary, snapshot.hosts, everyUps);
  const crowded = everyUps.length >= CROWDED_FROM;
  const hosts = snapshot.hosts
    .map((host, h) => hostView(host, placed[h] ?? [], h, { generatedAt: snapshot.generatedAt, crowded, history: options.history }))
    .sort(worstFirst);
  const prefix = isAlarming(summary.severity) ? `${SEVERITY_WORDS[summary.severity]}: ` : '';
  return {
    documentTitle: `${prefix}${summary.headline} · ${snapshot.title}`,
    title: snapshot.title,
    summary,
    scope: summary.scope,
    severityWord: SEVERITY_WORDS[summary.severity],
    favicon: faviconDataUrl(summary.severity),
    sprite: ICON_SPRITE,
    generatedAt: snapshot.generatedAt,
    generatedText: utcText(snapshot.generatedAt),
    staleAfter: snapshot.staleAfter,
    staleNote: `Out of date: this page should be renewed every ${formatDuration(renewalSeconds(snapshot))}, so these figures may no longer be true.`,
    refreshSeconds: options.refreshSeconds,
    layout: everyUps.length === 1 ? 'single' : 'grid',
    crowded,
    css: options.css,
    script: options.script ?? '',
    hosts,
    pageEvents: options.history.events.filter((event) => event.ups === null).slice(0, PAGE_EVENTS).map((event) => eventView(event, true)),
    historySince: `History since ${minuteText(options.history.since)}`,
  };
}
