// Pure pieces of the NUT network protocol: splitting reply lines into words, encoding request
// arguments, and recognising ERR replies. Reference: NUT docs/net-protocol.txt and
// ../shared/reference/nut-protocol.md §2 (quoting) and §5 (errors).

import { NutError } from '../shared/errors.ts';
import { wordsForCode } from '../shared/error-words.ts';
import { lowerFirst } from '../shared/format.ts';

/**
 * Splits a line the way upsd's parseconf does: whitespace separates words, "..." groups a word
 * that may hold spaces (and may be empty), and a backslash makes the next character literal,
 * inside quotes and out. upsd escapes exactly `\"`, `\\` and `\#` in quoted values.
 * Returns null for an unterminated quote or a trailing lone backslash.
 */
export function splitWords(line: string): string[] | null {
  const words: string[] = [];
  const length = line.length;
  let i = 0;
  while (i < length) {
    const first = line.charCodeAt(i);
    if (first === SPACE || first === TAB) {
      i++;
      continue;
    }
    // One word: copy runs of plain characters with slice, not one character at a time.
    let word = '';
    let runStart = i;
    let quoted = false;
    for (; i < length; i++) {
      const ch = line.charCodeAt(i);
      if (ch === BACKSLASH) {
        if (i + 1 >= length) return null;
        word += line.slice(runStart, i) + line[i + 1];
        i++;
        runStart = i + 1;
      } else if (ch === QUOTE) {
        word += line.slice(runStart, i);
        quoted = !quoted;
        runStart = i + 1;
      } else if (!quoted && (ch === SPACE || ch === TAB)) {
        break;
      }
    }
    if (quoted) return null;
    words.push(word + line.slice(runStart, i));
  }
  return words;
}

const SPACE = 0x20;
const TAB = 0x09;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The text a list item starts with when upsd echoes `query` back ("VAR ups1 "), or null when a word
 * of it is not plain (a quote, backslash, space or tab), since the echo would then need the parser.
 */
export function itemPrefix(query: readonly string[]): string | null {
  const plain = query.every((word) => word !== '' && !/[\s"\\]/.test(word));
  return plain ? `${query.join(' ')} ` : null;
}

/**
 * The common list item `<prefix><name> "<value>"` (`VAR ups1 battery.charge "100"`), recognised
 * without the word parser: the index of the space after the name, or -1 for any other form (an
 * escape, a stray quote, a tab, a double space), which the caller hands to splitWords, so a value
 * is still decoded exactly once. At 576 UPSes this is most of the lines a cycle reads.
 */
export function plainItemEnd(line: string, prefix: string): number {
  if (!line.startsWith(prefix)) return -1;
  const start = prefix.length;
  const space = line.indexOf(' ', start);
  const last = line.length - 1;
  if (space <= start) return -1;
  // Searches, not a loop over the name's characters: run by V8's interpreter, that loop was the
  // poll's costliest step at 576 UPSes. No backslash in the name or the value; no quote in the
  // name, the first one opening the value and the next one closing it at the end of the line.
  if (line.indexOf('\\', start) !== -1 || line.indexOf('"', start) !== space + 1 || line.indexOf('"', space + 2) !== last) return -1;
  // No tab in the name (a tab in the value is the value's own).
  const tab = line.indexOf('\t', start);
  return tab === -1 || tab > space ? space : -1;
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

/**
 * A request as it may be shown in an error ("reply to 'LIST VAR ups1'"): its first three words, and
 * only the verb of a credential (issue 9: the password must never reach an error text).
 */
export function describeRequest(line: string): string {
  const words = line.split(' ', 3);
  return words[0] === 'PASSWORD' || words[0] === 'USERNAME' ? words[0] : words.join(' ');
}

/** What a timeout names: the first request of a batch still without its reply, never a credential. */
export function awaitedReply(lines: readonly string[], answered: number): string {
  const more = lines.length > 1 ? ` (request ${answered + 1} of ${lines.length} written together)` : '';
  return `reply to '${describeRequest(lines[answered] ?? '')}'${more}`;
}

/** The password in a `PASSWORD` request, as sent and as meant: what must never be echoed into our texts. */
export function secretsIn(line: string): string[] {
  // Every request of every cycle is looked at: the others are told apart before any pattern is run.
  if (!line.startsWith('PASSWORD ')) return [];
  const encoded = /^PASSWORD (.+)$/.exec(line)?.[1];
  if (encoded === undefined) return [];
  const raw = splitWords(encoded)?.[0] ?? '';
  // Longest first, so the quoted form is hidden whole before the bare one is looked for.
  return [encoded, raw].filter((secret) => secret.length > 0).sort((a, b) => b.length - a.length);
}

/** Returns the NutError for an `ERR <CODE> [extra]` line, or null for any other line. */
export function errorFromLine(words: readonly string[]): NutError | null {
  if (words[0] !== 'ERR') return null;
  const code = words[1] ?? 'UNKNOWN';
  return new NutError(code, describeNutError(code));
}

export function describeNutError(code: string): string {
  return `upsd replied ERR ${code}: ${lowerFirst(wordsForCode(code) ?? 'unrecognised error')}`;
}
