// Pure reply assembly: turns the stream of reply lines into one reply per pipelined request,
// in request order. A LIST reply is `BEGIN LIST <query>`, items, `END LIST <query>`; any reply
// may instead be a single `ERR <CODE>` line (docs/net-protocol.txt, reference §4.3).

import { NutError, NutProtocolError } from '../shared/errors.ts';
import { errorFromLine, itemPrefix, plainItemEnd, splitWords } from './protocol.ts';
import { varsFrom, type Vars } from './vars.ts';

export type Expectation =
  | { kind: 'line' }
  /** `query` is the words after LIST, e.g. ['VAR', 'ups1']; items must start with them. */
  | { kind: 'list'; query: readonly string[] }
  /**
   * LIST VAR <ups> read straight into a record, with no array per item (at 576 UPSes those were
   * most of what a cycle kept alive until its last reply). `like`, the record read last time, is
   * returned itself when nothing changed (vars.ts).
   */
  | { kind: 'vars'; ups: string; like?: Vars | null };

export type Reply =
  | { kind: 'line'; words: string[] }
  | { kind: 'list'; items: string[][] }
  | { kind: 'vars'; vars: Vars }
  | { kind: 'error'; error: NutError };

type ListExpectation = Exclude<Expectation, { kind: 'line' }>;

/** The list being read: its query, what its plain items start with (null: parse each in full), what it holds. */
interface OpenList {
  query: readonly string[];
  prefix: string | null;
  items: string[][];
  /** A `vars` list's names and values, flat: name, value, name, value, … */
  pairs: string[];
  count: number;
}

export interface ReplyReader {
  expect(expectation: Expectation): void;
  /** Feeds one line; returns a reply when the line completes one. Throws NutProtocolError on nonsense. */
  push(line: string): Reply | null;
  readonly waiting: number;
}

const sameName = (a: string | undefined, b: string) =>
  a === b || (a !== undefined && a.toLowerCase() === b.toLowerCase());

function matchesQuery(words: readonly string[], offset: number, query: readonly string[]): boolean {
  return query.every((q, i) => sameName(words[offset + i], q));
}

/**
 * `redact` hides what must not be quoted in an error text (a password echoed back by a server that
 * is not upsd); it is applied before the line is cut short, so no part of the secret remains.
 */
export function createReplyReader(maxListItems: number, redact: (line: string) => string = (line) => line): ReplyReader {
  const printable = (raw: string) => {
    const line = redact(raw);
    return JSON.stringify(line.length > 80 ? `${line.slice(0, 80)}…` : line);
  };
  const queue: Expectation[] = [];
  let open: OpenList | null = null;

  function fail(message: string, line: string): never {
    throw new NutProtocolError(`${message}: ${printable(line)}`);
  }

  /** Adds one item: its words, or for a `vars` list its name and value (an item without both is left out). */
  function add(list: OpenList, line: string, words: string[] | null, name?: string, value?: string): null {
    if (list.count++ >= maxListItems) fail(`list longer than ${maxListItems} items`, line);
    if (words) list.items.push(words);
    else if (name !== undefined && value !== undefined) list.pairs.push(name, value);
    return null;
  }

  /** Takes a plain item (plainItemEnd) without the word parser; false for a line that needs it. */
  function plainItem(list: OpenList, head: Expectation, line: string): boolean {
    if (list.prefix === null) return false;
    const end = plainItemEnd(line, list.prefix);
    if (end < 0) return false;
    const name = line.slice(list.prefix.length, end);
    const value = line.slice(end + 2, line.length - 1);
    add(list, line, head.kind === 'vars' ? null : [...list.query, name, value], name, value);
    return true;
  }

  function begin(head: ListExpectation, words: readonly string[], line: string): null {
    const query = head.kind === 'vars' ? ['VAR', head.ups] : head.query;
    if (words[0] !== 'BEGIN' || words[1] !== 'LIST' || !matchesQuery(words, 2, query)) fail(`expected BEGIN LIST ${query.join(' ')}`, line);
    open = { query, prefix: itemPrefix(query), items: [], pairs: [], count: 0 };
    return null;
  }

  function end(list: OpenList, head: Expectation, words: readonly string[], line: string): Reply {
    if (words[1] !== 'LIST' || !matchesQuery(words, 2, list.query)) fail(`expected END LIST ${list.query.join(' ')}`, line);
    open = null;
    queue.shift();
    return head.kind === 'vars' ? { kind: 'vars', vars: varsFrom(list.pairs, head.like) } : { kind: 'list', items: list.items };
  }

  return {
    get waiting() {
      return queue.length;
    },
    expect(expectation) {
      queue.push(expectation);
    },
    push(line) {
      const head = queue[0];
      if (head === undefined) fail('unexpected line with no request pending', line);
      if (open !== null && plainItem(open, head, line)) return null;
      const words = splitWords(line);
      if (words === null || words.length === 0) fail('malformed reply line', line);

      if (open === null) {
        const error = errorFromLine(words);
        if (error) {
          queue.shift();
          return { kind: 'error', error };
        }
        if (head.kind !== 'line') return begin(head, words, line);
        if (words[0] === 'BEGIN') fail('unexpected list in reply', line);
        queue.shift();
        return { kind: 'line', words };
      }

      if (head.kind === 'line') fail('list state out of step', line);
      if (words[0] === 'END') return end(open, head, words, line);
      if (!matchesQuery(words, 0, open.query)) fail(`list item does not belong to LIST ${open.query.join(' ')}`, line);
      return add(open, line, head.kind === 'vars' ? null : words, words[2], words[3]);
    },
  };
}
