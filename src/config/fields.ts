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

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

export function rejectUnknownKeys(object: Fields, known: readonly string[], path: string, issues: IssueList): void {
  for (const key of Object.keys(object)) {
    if (known.includes(key)) continue;
    const nearest = known
      .map((name) => ({ name, distance: editDistance(key.toLowerCase(), name.toLowerCase()) }))
      .sort((x, y) => x.distance - y.distance)[0];
    const hint = nearest && nearest.distance <= Math.max(2, key.length / 3) ? ` (did you mean "${nearest.name}"?)` : '';
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
