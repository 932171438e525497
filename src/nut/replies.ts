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
  /** A `vars` list's record of last time, while every item so far repeats it in order; else null. */
  like: Vars | null;
  /**
   * like's names in order, looked up once per list: at 576 UPSes a lookup per item was 20,000 a
   * cycle, run by V8's interpreter under npm start's flags.
   */
  likeNames: readonly string[];
  /** How many of like's first items were repeated: not in `pairs` until one differs. */
  repeated: number;
}

/** A record's names in order, made once per record: records are kept across cycles (vars.ts). */
const namesByRecord = new WeakMap<Vars, readonly string[]>();

function namesOf(vars: Vars): readonly string[] {
  let names = namesByRecord.get(vars);
  if (names === undefined) {
    // Object.keys gives for-in's order, the order varsFrom's comparison walks.
    names = Object.keys(vars);
    namesByRecord.set(vars, names);
  }
  return names;
}

/**
 * Whether the plain item `line` (name ending at `end`) is the next name and value of last time's
 * record, compared in place: at 576 UPSes that read nothing new, cutting every name and value out
 * of its line was a third of what a cycle's poll allocated.
 */
function repeatsLike(list: OpenList, like: Vars, line: string, end: number): boolean {
  const name = list.likeNames[list.repeated];
  if (name === undefined) return false;
  const value = like[name] as string;
  const start = (list.prefix as string).length;
  return end - start === name.length && line.length === end + value.length + 3 && line.startsWith(name, start) && line.startsWith(value, end + 2);
}

/** Puts the repeated items into `pairs`, once an item differs from last time's record. */
function stopRepeating(list: OpenList): void {
  const like = list.like;
  if (like === null) return;
  const names = list.likeNames;
  for (let i = 0; i < list.repeated; i++) list.pairs.push(names[i] as string, like[names[i] as string] as string);
  list.like = null;
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

  function count(list: OpenList, line: string): void {
    if (list.count++ >= maxListItems) fail(`list longer than ${maxListItems} items`, line);
  }

  /** Adds one item: its words, or for a `vars` list its name and value (an item without both is left out). */
  function add(list: OpenList, line: string, words: string[] | null, name?: string, value?: string): null {
    count(list, line);
    stopRepeating(list);
    if (words) list.items.push(words);
    else if (name !== undefined && value !== undefined) list.pairs.push(name, value);
    return null;
  }

  /** Takes a plain item (plainItemEnd) without the word parser; false for a line that needs it. */
  function plainItem(list: OpenList, head: Expectation, line: string): boolean {
    if (list.prefix === null) return false;
    const end = plainItemEnd(line, list.prefix);
    if (end < 0) return false;
    if (list.like !== null && repeatsLike(list, list.like, line, end)) {
      count(list, line);
      list.repeated++;
      return true;
    }
    const name = line.slice(list.prefix.length, end);
    const value = line.slice(end + 2, line.length - 1);
    add(list, line, head.kind === 'vars' ? null : [...list.query, name, value], name, value);
    return true;
  }

  function begin(head: ListExpectation, words: readonly string[], line: string): null {
    const query = head.kind === 'vars' ? ['VAR', head.ups] : head.query;
    if (words[0] !== 'BEGIN' || words[1] !== 'LIST' || !matchesQuery(words, 2, query)) fail(`expected BEGIN LIST ${query.join(' ')}`, line);
    const like = (head.kind === 'vars' && head.like) || null;
    open = { query, prefix: itemPrefix(query), items: [], pairs: [], count: 0, like, likeNames: like === null ? [] : namesOf(like), repeated: 0 };
    return null;
  }

  function end(list: OpenList, head: Expectation, words: readonly string[], line: string): Reply {
    if (words[1] !== 'LIST' || !matchesQuery(words, 2, list.query)) fail(`expected END LIST ${list.query.join(' ')}`, line);
    open = null;
    queue.shift();
    if (head.kind !== 'vars') return { kind: 'list', items: list.items };
    if (list.like !== null && list.repeated === list.likeNames.length) return { kind: 'vars', vars: list.like };
    stopRepeating(list);
    return { kind: 'vars', vars: varsFrom(list.pairs, head.like) };
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
