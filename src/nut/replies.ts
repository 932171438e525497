// Pure reply assembly: turns the stream of reply lines into one reply per pipelined request,
// in request order. A LIST reply is `BEGIN LIST <query>`, items, `END LIST <query>`; any reply
// may instead be a single `ERR <CODE>` line (docs/net-protocol.txt, reference §4.3).

import { NutError, NutProtocolError } from '../shared/errors.ts';
import { errorFromLine, itemPrefix, splitPlainItem, splitWords } from './protocol.ts';

export type Expectation =
  | { kind: 'line' }
  /** `query` is the words after LIST, e.g. ['VAR', 'ups1']; items must start with them. */
  | { kind: 'list'; query: readonly string[] };

export type Reply =
  | { kind: 'line'; words: string[] }
  | { kind: 'list'; items: string[][] }
  | { kind: 'error'; error: NutError };

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
  let items: string[][] | null = null;
  /** What the items of the list being read start with, for splitPlainItem; null: parse each in full. */
  let prefix: string | null = null;

  function fail(message: string, line: string): never {
    throw new NutProtocolError(`${message}: ${printable(line)}`);
  }

  function addItem(list: string[][], words: string[], line: string): null {
    if (list.length >= maxListItems) fail(`list longer than ${maxListItems} items`, line);
    list.push(words);
    return null;
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
      if (items !== null && prefix !== null && head.kind === 'list') {
        const plain = splitPlainItem(line, prefix, head.query);
        if (plain) return addItem(items, plain, line);
      }
      const words = splitWords(line);
      if (words === null || words.length === 0) fail('malformed reply line', line);

      if (items === null) {
        const error = errorFromLine(words);
        if (error) {
          queue.shift();
          return { kind: 'error', error };
        }
        if (head.kind === 'line') {
          if (words[0] === 'BEGIN') fail('unexpected list in reply', line);
          queue.shift();
          return { kind: 'line', words };
        }
        if (words[0] !== 'BEGIN' || words[1] !== 'LIST' || !matchesQuery(words, 2, head.query)) {
          fail(`expected BEGIN LIST ${head.query.join(' ')}`, line);
        }
        items = [];
        prefix = itemPrefix(head.query);
        return null;
      }

      if (head.kind !== 'list') fail('list state out of step', line);
      if (words[0] === 'END') {
        if (words[1] !== 'LIST' || !matchesQuery(words, 2, head.query)) {
          fail(`expected END LIST ${head.query.join(' ')}`, line);
        }
        const done = items;
        items = null;
        queue.shift();
        return { kind: 'list', items: done };
      }
      if (!matchesQuery(words, 0, head.query)) fail(`list item does not belong to LIST ${head.query.join(' ')}`, line);
      return addItem(items, words, line);
    },
  };
}
