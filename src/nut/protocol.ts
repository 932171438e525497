// Pure pieces of the NUT network protocol: splitting reply lines into words, encoding request
// arguments, and recognising ERR replies. Reference: NUT docs/net-protocol.txt and
// ../shared/reference/nut-protocol.md §2 (quoting) and §5 (errors).

import { NutError } from '../errors.ts';

/**
 * Splits a line the way upsd's parseconf does: whitespace separates words, "..." groups a word
 * that may hold spaces (and may be empty), and a backslash makes the next character literal,
 * inside quotes and out. upsd escapes exactly `\"`, `\\` and `\#` in quoted values.
 * Returns null for an unterminated quote or a trailing lone backslash.
 */
export function splitWords(line: string): string[] | null {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (ch === '\\') {
      if (i + 1 >= line.length) return null;
      word += line[++i];
      inWord = true;
    } else if (quoted) {
      if (ch === '"') quoted = false;
      else word += ch;
    } else if (ch === '"') {
      quoted = true;
      inWord = true;
    } else if (ch === ' ' || ch === '\t') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quoted) return null;
  if (inWord) words.push(word);
  return words;
}

const BARE_SAFE = /^[A-Za-z0-9._:@/+-]+$/;

/** Characters upsd would drop or misread in a request: control characters and non-ASCII. */
const UNSENDABLE = /[^\x20-\x7e]/;

/**
 * Encodes one request argument. Bare when it is plainly safe; otherwise quoted with `\`, `"` and `#`
 * escaped, since an unescaped `#` in quotes makes upsd drop the rest of the read without a reply.
 */
export function encodeArg(value: string): string {
  if (UNSENDABLE.test(value)) {
    throw new RangeError('request argument holds a character upsd cannot receive (control or non-ASCII)');
  }
  if (BARE_SAFE.test(value)) return value;
  return `"${value.replace(/[\\"#]/g, (ch) => `\\${ch}`)}"`;
}

/** Always-quoted form, for USERNAME and PASSWORD (the reference client's bare form breaks on spaces). */
export function encodeQuoted(value: string): string {
  const bare = encodeArg(value);
  return bare.startsWith('"') ? bare : `"${bare}"`;
}

export function command(...words: string[]): string {
  return words.join(' ');
}

/** Returns the NutError for an `ERR <CODE> [extra]` line, or null for any other line. */
export function errorFromLine(words: readonly string[]): NutError | null {
  if (words[0] !== 'ERR') return null;
  const code = words[1] ?? 'UNKNOWN';
  return new NutError(code, describeNutError(code));
}

const MESSAGES: Record<string, string> = {
  'UNKNOWN-UPS': 'upsd does not know this UPS (not in ups.conf)',
  'DRIVER-NOT-CONNECTED': 'the UPS driver is not running or not connected to upsd',
  'DATA-STALE': 'the UPS driver has stopped sending fresh data',
  'ACCESS-DENIED': 'access denied (check username and password)',
  'VAR-NOT-SUPPORTED': 'the UPS does not have this variable',
  'INVALID-ARGUMENT': 'upsd rejected the request arguments',
  'UNKNOWN-COMMAND': 'upsd does not know this command',
  'USERNAME-REQUIRED': 'upsd asks for a username',
  'PASSWORD-REQUIRED': 'upsd asks for a password',
  'ALREADY-SET-USERNAME': 'username was already sent on this connection',
  'ALREADY-SET-PASSWORD': 'password was already sent on this connection',
  'FEATURE-NOT-SUPPORTED': 'upsd does not support this feature',
  'FEATURE-NOT-CONFIGURED': 'this feature is not configured on upsd',
};

export function describeNutError(code: string): string {
  return `upsd replied ERR ${code}: ${MESSAGES[code] ?? 'unrecognised error'}`;
}
