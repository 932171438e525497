// Pure: a stable id for every UPS, from its host's and its own name, that every consumer can use
// as one plain path segment: Homepage splits paths on dots, Home Assistant's templates and JSONata
// read `a.b_c` as a name but `a.b-c` as a subtraction, and the id also names badge files.
//
// Rule (README "status.json"): both names lower-cased, accents dropped, every run of other
// characters than a-z and 0-9 turned into one "_", joined by "_" (a name with nothing left counts
// as "host" or "ups", so an id always has an "_" and never clashes with badges/site.json); an id
// that would start with a digit gets "ups_" in front. When two UPSes would get the same id, each of them gets "_" and the
// first 6 hex digits of the SHA-256 of "host/ups" (exact names) appended, which no other UPS changes.

import { createHash } from 'node:crypto';

function slugOf(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * Slugs of the names seen: the same names come back every cycle, and at 576 UPSes making their
 * slugs again was most of the snapshot's new memory per cycle (0.9 of 3.3 MB). Names come from the
 * config and upsd's lists; the bound only guards against a server that renames its UPSes forever.
 */
const slugs = new Map<string, string>();
const MAX_SLUGS = 10_000;

function slug(text: string): string {
  let known = slugs.get(text);
  if (known === undefined) {
    if (slugs.size >= MAX_SLUGS) slugs.clear();
    known = slugOf(text);
    slugs.set(text, known);
  }
  return known;
}

/** The id a UPS gets when no other UPS claims the same one. */
export function baseUpsId(host: string, ups: string): string {
  const joined = `${slug(host) || 'host'}_${slug(ups) || 'ups'}`;
  return /^[0-9]/.test(joined) ? `ups_${joined}` : joined;
}

function hashed(host: string, ups: string): string {
  return `${baseUpsId(host, ups)}_${createHash('sha256').update(`${host}/${ups}`).digest('hex').slice(0, 6)}`;
}

/** Ids for every (host, UPS) pair, in the order given, unique among them. */
export function upsIds(pairs: readonly { host: string; ups: string }[]): string[] {
  const bases = pairs.map(({ host, ups }) => baseUpsId(host, ups));
  const counts = new Map<string, number>();
  for (const base of bases) counts.set(base, (counts.get(base) ?? 0) + 1);
  return pairs.map(({ host, ups }, i) => {
    const base = bases[i] as string;
    return counts.get(base) === 1 ? base : hashed(host, ups);
  });
}
