// shields.io endpoint badges (https://shields.io/badges/endpoint-badge): badges/<id>.json for
// every UPS and badges/site.json for the whole site, so a README or wiki shows "UPS: on mains 100 %"
// through https://img.shields.io/endpoint?url=<address of the file>. Colour from severity.

import type { Snapshot, UpsById } from '../snapshot/types.ts';
import { formatDuration, formatNumber, lowerFirst, plural } from '../shared/format.ts';
import { isAlarming, type Severity } from '../status/severity.ts';
import type { BuiltFile, Output } from './types.ts';

export interface Badge {
  schemaVersion: 1;
  label: string;
  message: string;
  color: string;
}

export const SITE_BADGE = 'badges/site.json';

const COLORS: Record<Severity, string> = { ok: 'brightgreen', info: 'green', warning: 'orange', critical: 'red' };

/** Where the power comes from, in a badge's few words; the first word of ups.status that decides. */
const SOURCES: readonly [string, string][] = [
  ['FSD', 'forced shutdown'],
  ['OFF', 'output off'],
  ['OB', 'on battery'],
  ['BYPASS', 'on bypass'],
  ['OL', 'on mains'],
];

function source(ups: UpsById): string {
  if (ups.gone) return 'gone';
  if (ups.stale) return 'no current data';
  const words = new Set((ups.status ?? '').toUpperCase().split(/\s+/));
  return SOURCES.find(([flag]) => words.has(flag))?.[1] ?? ups.state.toLowerCase();
}

/**
 * Why a UPS on mains needs attention: "on mains" alone on an orange or red badge (battery to
 * replace, overload, an alarm, a charge under its mark) would leave the reader guessing. The
 * other sources are the problem themselves.
 */
const why = (ups: UpsById, where: string) => (where === 'on mains' && isAlarming(ups.severity) && ups.reason ? `, ${lowerFirst(ups.reason)}` : '');

/** "on mains 100 %", "on battery 54 %, 12 min", "on mains 100 %, battery needs replacing", "no current data". */
export function upsMessage(ups: UpsById): string {
  const where = source(ups);
  if (ups.stale) return where;
  const charge = ups.batteryCharge === null ? '' : ` ${formatNumber(ups.batteryCharge)} %`;
  const left = ups.onBattery && ups.runtimeSeconds !== null ? `, ${formatDuration(ups.runtimeSeconds)}` : '';
  return `${where}${charge}${left}${why(ups, where)}`;
}

/** A host problem in a badge's words: down, or up with nothing to monitor (summary.ts hostProblem). */
const hostWords = (snapshot: Snapshot, host: string) => (snapshot.summary.hostsDown.includes(host) ? `host ${host} down` : `host ${host} lists no UPS`);

const badge = (label: string, message: string, severity: Severity): Badge => ({ schemaVersion: 1, label, message, color: COLORS[severity] });

function siteMessage(snapshot: Snapshot, all: readonly UpsById[]): string {
  const [only] = all;
  const first = snapshot.summary.problems[0];
  if (first && isAlarming(snapshot.summary.severity)) {
    const more = snapshot.summary.problems.length > 1 ? ` (+${snapshot.summary.problems.length - 1} more)` : '';
    const ups = all.find((unit) => unit.host === first.host && unit.ups === first.ups);
    return `${ups ? `${ups.ups}: ${upsMessage(ups)}` : hostWords(snapshot, first.host)}${more}`;
  }
  if (all.length === 1 && only) return upsMessage(only);
  if (all.length === 0) return snapshot.summary.headline.toLowerCase();
  const charges = all.flatMap((ups) => (ups.batteryCharge === null ? [] : [ups.batteryCharge]));
  const lowest = charges.length > 0 ? `, lowest ${formatNumber(Math.min(...charges))} %` : '';
  const onMains = all.every((ups) => source(ups) === 'on mains');
  return `all ${plural(all.length, 'UPS', 'UPSes')} ${onMains ? 'on mains' : 'fine'}${lowest}`;
}

/** What a UPS's badge says, and the fields it is made from. */
type Drawn = Pick<UpsById, 'ups' | 'host' | 'severity' | 'reason' | 'gone' | 'stale' | 'status' | 'state' | 'batteryCharge' | 'onBattery' | 'runtimeSeconds'> & {
  file: BuiltFile;
};

const sameBadge = (a: Drawn, b: UpsById) =>
  a.ups === b.ups && a.host === b.host && a.severity === b.severity && a.reason === b.reason && a.gone === b.gone && a.stale === b.stale &&
  a.status === b.status && a.state === b.state && a.batteryCharge === b.batteryCharge && a.onBattery === b.onBattery && a.runtimeSeconds === b.runtimeSeconds;

const json = (value: Badge) => `${JSON.stringify(value)}\n`;

function drawn(ups: UpsById): Drawn {
  const { host, severity, reason, gone, stale, status, state, batteryCharge, onBattery, runtimeSeconds } = ups;
  const file = { name: `badges/${ups.id}.json`, content: json(badge(`${ups.ups}@${host}`, upsMessage(ups), severity)) };
  return { ups: ups.ups, host, severity, reason, gone, stale, status, state, batteryCharge, onBattery, runtimeSeconds, file };
}

/**
 * `kept`: last cycle's badges by UPS id, and a new map that gets this cycle's. A UPS's badge is
 * made again only when what it says may have changed: 576 UPSes, ~0.6 MB a cycle (issue 11).
 */
function buildBadges(snapshot: Snapshot, kept: { before: Map<string, Drawn>; now: Map<string, Drawn> }): BuiltFile[] {
  const all = Object.values(snapshot.byId);
  const files: BuiltFile[] = [{ name: SITE_BADGE, content: json(badge('UPS', siteMessage(snapshot, all), snapshot.summary.severity)) }];
  for (const ups of all) {
    const before = kept.before.get(ups.id);
    const badgeOf = before && sameBadge(before, ups) ? before : drawn(ups);
    kept.now.set(ups.id, badgeOf);
    files.push(badgeOf.file);
  }
  return files;
}

export function createBadgesOutput(): Output {
  let before = new Map<string, Drawn>();
  return {
    name: 'badges',
    build: ({ snapshot }) => {
      const now = new Map<string, Drawn>();
      const files = buildBadges(snapshot, { before, now });
      before = now;
      return files;
    },
  };
}
