// Small validation toolkit for config parsing: collects every issue with its path instead of
// stopping at the first, and suggests the nearest known key for a typo.

import type { ConfigIssue } from '../shared/errors.ts';

export class IssueList {
  readonly issues: ConfigIssue[] = [];

  add(path: string, message: string): void {
    this.issues.push({ path, message });
  }
}

export type Fields = Record<string, unknown>;

export function isPlainObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** Edits between two words, a swap of two neighbours counting as one ("titel" for "title"). */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = rows[i] as number[];
      const above = rows[i - 1] as number[];
      let best = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = best;
    }
  }
  return (rows[a.length] as number[])[b.length] as number;
}

/** What other tools and habits call a field, for the keys a config may hold. */
const OTHER_NAMES: Readonly<Record<string, string>> = {
  address: 'host',
  server: 'host',
  ip: 'host',
  output: 'outDir',
  interval: 'schedule',
  cron: 'schedule',
  cmd: 'command',
  exec: 'command',
  url: 'webhooks',
  type: 'format',
  retry: 'retries',
  ssl: 'tls',
  starttls: 'tls',
  sni: 'servername',
};

const plain = (key: string) => key.toLowerCase().replace(/[-_]/g, '');

/**
 * The known key a typo most likely meant, or undefined. A shortened or lengthened name counts
 * ("user", "refresh", "cafile"), and so does a near spelling; but a short key is too short for
 * two edits to mean anything ("ip" is not "ups").
 */
function nearestKey(key: string, known: readonly string[]): string | undefined {
  const typed = plain(key);
  const alias = OTHER_NAMES[typed];
  if (alias !== undefined && known.includes(alias)) return alias;
  const extended = known.filter((name) => {
    const candidate = plain(name);
    return Math.min(typed.length, candidate.length) >= 2 && (candidate.startsWith(typed) || typed.startsWith(candidate));
  });
  if (extended.length === 1) return extended[0];
  const nearest = known
    .map((name) => ({ name, distance: editDistance(typed, plain(name)) }))
    .sort((x, y) => x.distance - y.distance)[0];
  const allowed = typed.length <= 3 ? 1 : Math.max(2, typed.length / 3);
  return nearest && nearest.distance <= allowed ? nearest.name : undefined;
}

export function rejectUnknownKeys(object: Fields, known: readonly string[], path: string, issues: IssueList): void {
  for (const key of Object.keys(object)) {
    if (known.includes(key)) continue;
    const nearest = nearestKey(key, known);
    const hint = nearest === undefined ? '' : ` (did you mean "${nearest}"?)`;
    issues.add(path ? `${path}.${key}` : key, `unknown key${hint}`);
  }
}

/** Printable ASCII only: what upsd can receive in a request word (reference §2). */
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

export function readString(
  object: Fields,
  key: string,
  path: string,
  issues: IssueList,
  rule: { pattern?: RegExp; expected?: string; secret?: boolean } = {},
): string | undefined {
  const value = object[key];
  if (value === undefined) return undefined;
  const expected = rule.expected ?? 'a non-empty string';
  const pattern = rule.pattern ?? /\S/;
  if (typeof value !== 'string' || !pattern.test(value)) {
    // A rejected password is still someone's password, or close to it: say what is wrong, not what it is.
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    const got = rule.secret ? `${kind} (the value is not shown)` : describeValue(value);
    issues.add(`${path}${key}`, `expected ${expected}, got ${got}`);
    return undefined;
  }
  return value;
}

export function readAsciiString(object: Fields, key: string, path: string, issues: IssueList, secret = false): string | undefined {
  return readString(object, key, path, issues, {
    pattern: PRINTABLE_ASCII,
    expected: 'a non-empty string of printable ASCII characters (upsd drops anything else)',
    secret,
  });
}

export function readInteger(
  object: Fields,
  key: string,
  path: string,
  issues: IssueList,
  min: number,
  max: number,
): number | undefined {
  const value = object[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    issues.add(`${path}${key}`, `expected an integer ${min}-${max}, got ${describeValue(value)}`);
    return undefined;
  }
  return value;
}
