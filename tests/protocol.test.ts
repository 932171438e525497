import fc from 'fast-check';
import { test, suite } from 'uvu';
import * as assert from 'uvu/assert';
import { NutError, NutProtocolError } from '../src/shared/errors.ts';
import { createLineSplitter } from '../src/nut/lines.ts';
import { encodeArg, encodeQuoted, errorFromLine, itemPrefix, plainItemEnd, splitWords } from '../src/nut/protocol.ts';
import { createReplyReader } from '../src/nut/replies.ts';

const words = suite('splitWords');

words('splits bare words and quoted values with spaces', () => {
  assert.equal(splitWords('VAR ups ups.status "OL CHRG"'), ['VAR', 'ups', 'ups.status', 'OL CHRG']);
});

words('decodes \\" \\\\ and \\# exactly once', () => {
  assert.equal(splitWords('UPS test1 "Test \\"quoted\\" box \\#1"'), ['UPS', 'test1', 'Test "quoted" box #1']);
  assert.equal(splitWords('VAR t x "Done and passed \\\\ ok"'), ['VAR', 't', 'x', 'Done and passed \\ ok']);
  assert.equal(splitWords('VAR t x "a\\\\\\"b"'), ['VAR', 't', 'x', 'a\\"b']);
});

words('keeps an empty quoted word', () => {
  assert.equal(splitWords('VAR u x ""'), ['VAR', 'u', 'x', '']);
});

words('rejects an unterminated quote or a trailing backslash', () => {
  assert.is(splitWords('VAR u x "open'), null);
  assert.is(splitWords('VAR u x \\'), null);
});

words.run();

const plain = suite('plainItemEnd');

/** The words a plain item splits into without the word parser, as the reply reader takes them. */
function fastWords(line: string, prefix: string, query: readonly string[]): string[] | null {
  const end = plainItemEnd(line, prefix);
  return end < 0 ? null : [...query, line.slice(prefix.length, end), line.slice(end + 2, -1)];
}

plain('gives what splitWords gives for the common item, and leaves every other form to it', () => {
  const query = ['VAR', 'ups1'];
  const prefix = itemPrefix(query) ?? '';
  const lines = [
    'VAR ups1 battery.charge "100"',
    'VAR ups1 ups.status "OL CHRG"',
    'VAR ups1 x ""',
    'VAR ups1 x "tab\there # not a comment"',
    'VAR ups1 x "a\\"b"',
    'VAR ups1 x "a\\\\b"',
    'VAR ups1 x "a\\#1"',
    'VAR ups1 x "a"b"',
    'VAR ups1 x "a" extra',
    'VAR ups1 x "a"extra"',
    'VAR ups1 x bare',
    'VAR ups1  x "double space"',
    'VAR ups1 x\t"tab"',
    'VAR ups1 "quoted name" "v"',
    'VAR ups1 x "',
    'VAR ups1 x "unterminated',
    'VAR ups1 x',
    'VAR ups10 x "other ups"',
    'var ups1 x "case"',
  ];
  let fast = 0;
  for (const line of lines) {
    const words = fastWords(line, prefix, query);
    if (words === null) continue;
    fast++;
    assert.equal(words, splitWords(line), line);
  }
  assert.is(fast, 4, 'the four plain items take the fast path');
  assert.is(plainItemEnd('VAR ups1 x "a\\"b"', prefix), -1, 'an escape is decoded by the parser, once');
  assert.is(plainItemEnd('VAR ups1 battery.charge "100"', prefix), 'VAR ups1 battery.charge'.length);
});

plain('gives what splitWords gives for any item made of spaces, tabs, quotes and backslashes', () => {
  const query = ['VAR', 'ups1'];
  const prefix = itemPrefix(query) ?? '';
  const char = fc.oneof({ arbitrary: fc.constantFrom('a', '.', '1'), weight: 8 }, { arbitrary: fc.constantFrom(' ', '\t', '"', '\\', '#'), weight: 1 });
  const text = (maxLength: number) => fc.array(char, { maxLength }).map((chars) => chars.join(''));
  // Mostly near the common form, `name "value"`, with any of those characters anywhere.
  const rest = fc.oneof(
    fc.tuple(text(4), fc.constantFrom(' ', ' "', '\t"', '  "'), text(6), fc.constantFrom('"', '', '" ', '"a')).map((parts) => parts.join('')),
    text(12),
  );
  let fast = 0;
  fc.assert(
    fc.property(rest, (text) => {
      const line = prefix + text;
      const words = fastWords(line, prefix, query);
      if (words === null) return;
      fast++;
      assert.equal(words, splitWords(line), JSON.stringify(line));
    }),
    { numRuns: 20_000 },
  );
  assert.ok(fast > 200, `${fast} lines took the fast path`);
});

plain('has no prefix for a query word the echo would need quoted', () => {
  assert.is(itemPrefix(['VAR', 'ups1']), 'VAR ups1 ');
  assert.is(itemPrefix(['VAR', 'two words']), null);
  assert.is(itemPrefix(['VAR', 'a"b']), null);
  assert.is(itemPrefix(['VAR', '']), null);
});

plain.run();

const encode = suite('encodeArg');

encode('leaves plain names bare', () => {
  assert.is(encodeArg('ups.status'), 'ups.status');
  assert.is(encodeArg('my-ups_1'), 'my-ups_1');
});

encode('quotes and escapes anything else so it round-trips', () => {
  for (const value of ['two words', 'a"b', 'back\\slash', 'hash#tag', '', 'x=y', '"#\\']) {
    const encoded = encodeArg(value);
    assert.equal(splitWords(`CMD ${encoded}`), ['CMD', value], value);
    assert.not.match(encoded.slice(1, -1), /(^|[^\\])#/);
  }
});

encode('always quotes credentials', () => {
  assert.is(encodeQuoted('monuser'), '"monuser"');
  assert.is(encodeQuoted('pa ss#1'), '"pa ss\\#1"');
});

encode('refuses characters upsd would silently drop', () => {
  assert.throws(() => encodeArg('caf\u00e9'), /non-ASCII/);
  assert.throws(() => encodeArg('a\nb'), /control/);
});

encode.run();

test('errorFromLine types every ERR code and ignores extra words', () => {
  const error = errorFromLine(['ERR', 'DATA-STALE', 'extra']);
  assert.instance(error, NutError);
  assert.is(error?.code, 'DATA-STALE');
  assert.match(error?.message ?? '', /stopped sending fresh data/);
  assert.is(errorFromLine(['ERR', 'SOMETHING-NEW'])?.code, 'SOMETHING-NEW');
  assert.is(errorFromLine(['OK']), null);
});

test.run();

const framing = suite('line framing');
const STREAM = 'BEGIN LIST UPS\nUPS a "caf\u00e9 \\"x\\""\r\nUPS b ""\nEND LIST UPS\n';
const EXPECTED = ['BEGIN LIST UPS', 'UPS a "caf\u00e9 \\"x\\""', 'UPS b ""', 'END LIST UPS'];

framing('whole input', () => {
  assert.equal(createLineSplitter(512).push(Buffer.from(STREAM)), EXPECTED);
});

framing('byte by byte, including a split multi-byte character', () => {
  const splitter = createLineSplitter(512);
  const lines: string[] = [];
  for (const byte of Buffer.from(STREAM)) lines.push(...splitter.push(Uint8Array.of(byte)));
  assert.equal(lines, EXPECTED);
});

framing('split at every offset', () => {
  const bytes = Buffer.from(STREAM);
  for (let at = 0; at <= bytes.length; at++) {
    const splitter = createLineSplitter(512);
    const lines = [...splitter.push(bytes.subarray(0, at)), ...splitter.push(bytes.subarray(at))];
    assert.equal(lines, EXPECTED, `split at ${at}`);
  }
});

framing('invalid UTF-8 becomes replacement characters, not a crash', () => {
  assert.equal(createLineSplitter(512).push(Uint8Array.of(0x41, 0xff, 0xfe, 0x42, 0x0a)), ['A\ufffd\ufffdB']);
});

framing('a line over the limit is a protocol error, even without a newline', () => {
  assert.throws(() => createLineSplitter(16).push(Buffer.from('x'.repeat(17))), (e: unknown) => e instanceof NutProtocolError);
  assert.throws(() => createLineSplitter(16).push(Buffer.from(`${'x'.repeat(17)}\n`)), /longer than 16 characters/);
  assert.equal(createLineSplitter(16).push(Buffer.from(`${'x'.repeat(16)}\n`)), ['x'.repeat(16)]);
});

framing.run();

const replies = suite('reply reader');

replies('assembles pipelined lists and lines in request order', () => {
  const reader = createReplyReader(100);
  reader.expect({ kind: 'list', query: ['VAR', 'a'] });
  reader.expect({ kind: 'list', query: ['VAR', 'b'] });
  reader.expect({ kind: 'line' });
  const out = [
    'BEGIN LIST VAR a',
    'VAR a ups.status "OL"',
    'END LIST VAR a',
    'ERR DRIVER-NOT-CONNECTED',
    'DESC a ups.status "UPS status"',
  ].map((line) => reader.push(line));
  assert.equal(out[0], null);
  assert.equal(out[2], { kind: 'list', items: [['VAR', 'a', 'ups.status', 'OL']] });
  assert.is(out[3]?.kind, 'error');
  assert.equal(out[4], { kind: 'line', words: ['DESC', 'a', 'ups.status', 'UPS status'] });
  assert.is(reader.waiting, 0);
});

replies('decodes escaped values exactly once among plain ones, and still checks whose item it is', () => {
  const reader = createReplyReader(100);
  reader.expect({ kind: 'list', query: ['VAR', 'a'] });
  reader.push('BEGIN LIST VAR a');
  reader.push('VAR a ups.status "OL"');
  reader.push('VAR a ups.alarm "Say \\"hi\\" \\#1 \\\\ ok"');
  reader.push('VAR a ups.id ""');
  assert.equal(reader.push('END LIST VAR a'), {
    kind: 'list',
    items: [
      ['VAR', 'a', 'ups.status', 'OL'],
      ['VAR', 'a', 'ups.alarm', 'Say "hi" #1 \\ ok'],
      ['VAR', 'a', 'ups.id', ''],
    ],
  });
  reader.expect({ kind: 'list', query: ['VAR', 'a'] });
  reader.push('BEGIN LIST VAR a');
  assert.throws(() => reader.push('VAR ab x "1"'), /does not belong/);
});

replies('reads LIST VAR into a record, and returns last time\'s record itself when nothing changed', () => {
  const read = (lines: string[], like?: Readonly<Record<string, string>>) => {
    const reader = createReplyReader(100);
    reader.expect({ kind: 'vars', ups: 'a', like });
    const out = ['BEGIN LIST VAR a', ...lines, 'END LIST VAR a'].map((line) => reader.push(line));
    const reply = out.at(-1);
    if (reply?.kind !== 'vars') throw new Error(`expected vars, got ${JSON.stringify(reply)}`);
    return reply.vars;
  };
  const lines = ['VAR a ups.status "OL"', 'VAR a ups.alarm "Say \\"hi\\" \\#1"', 'VAR a ups.id ""'];
  const first = read(lines);
  assert.equal({ ...first }, { 'ups.status': 'OL', 'ups.alarm': 'Say "hi" #1', 'ups.id': '' });
  assert.is(Object.getPrototypeOf(first), null);
  assert.is(read(lines, first), first, 'same names and values in the same order: the same object');
  const changed = read(['VAR a ups.status "OB"', ...lines.slice(1)], first);
  assert.is.not(changed, first);
  assert.is(changed['ups.status'], 'OB');
  assert.is(first['ups.status'], 'OL', 'last time\'s record is never changed');
  assert.is.not(read(lines.slice(0, 2), first), first, 'one fewer');
  assert.is.not(read([...lines, 'VAR a x "1"'], first), first, 'one more');
  assert.is.not(read([lines[1] ?? '', lines[0] ?? '', lines[2] ?? ''], first), first, 'another order');

  const stale = createReplyReader(100);
  stale.expect({ kind: 'vars', ups: 'a', like: first });
  assert.is(stale.push('ERR DATA-STALE')?.kind, 'error');
});

replies('matches names case-insensitively, as upsd echoes the request spelling', () => {
  const reader = createReplyReader(100);
  reader.expect({ kind: 'list', query: ['VAR', 'MyUPS'] });
  reader.push('BEGIN LIST VAR myups');
  reader.push('VAR MYUPS x "1"');
  assert.equal(reader.push('END LIST VAR myups'), { kind: 'list', items: [['VAR', 'MYUPS', 'x', '1']] });
});

replies('rejects a list for another UPS, an endless list and unsolicited lines', () => {
  const other = createReplyReader(100);
  other.expect({ kind: 'list', query: ['VAR', 'a'] });
  other.push('BEGIN LIST VAR a');
  assert.throws(() => other.push('VAR b x "1"'), /does not belong/);

  const endless = createReplyReader(2);
  endless.expect({ kind: 'list', query: ['UPS'] });
  endless.push('BEGIN LIST UPS');
  endless.push('UPS a ""');
  endless.push('UPS b ""');
  assert.throws(() => endless.push('UPS c ""'), /longer than 2 items/);

  assert.throws(() => createReplyReader(2).push('OK'), /no request pending/);

  const garbage = createReplyReader(2);
  garbage.expect({ kind: 'list', query: ['UPS'] });
  assert.throws(() => garbage.push('HELLO "unterminated'), /malformed/);
});

replies.run();
