// Property tests for the protocol layer: any bytes, split anywhere, give lines or typed errors and
// never a crash; quoting round-trips in both directions; and a session fed random bytes by a
// server settles with replies or a typed error.

import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AppError, NutProtocolError } from '../src/shared/errors.ts';
import { openSession } from '../src/nut/session.ts';
import { createLineSplitter } from '../src/nut/lines.ts';
import { encodeArg, splitWords } from '../src/nut/protocol.ts';
import { createReplyReader, type Expectation } from '../src/nut/replies.ts';
import { startFakeServer } from './helpers/fake-server.ts';

/** Bytes that look a little like upsd: mostly protocol words, quotes, escapes and newlines. */
const protocolish = fc
  .array(
    fc.oneof(
      fc.constantFrom('BEGIN LIST ', 'END LIST ', 'VAR ', 'UPS ', 'ERR ', 'ups1 ', '"', '\\', '#', ' ', '\n', '\r\n', 'OK', 'é'),
      fc.string({ maxLength: 8 }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => Buffer.from(parts.join('')));
const anyBytes = fc.oneof(fc.uint8Array({ maxLength: 400 }), protocolish);

/** Cuts `bytes` at the given points (sorted, deduplicated). */
function chunks(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    out.push(bytes.subarray(start, point));
    start = point;
  }
  return out;
}

type Outcome = { lines: string[] } | { error: string };

function frame(parts: readonly Uint8Array[], limit: number): Outcome {
  const splitter = createLineSplitter(limit);
  const lines: string[] = [];
  try {
    for (const part of parts) lines.push(...splitter.push(part));
    return { lines };
  } catch (error) {
    if (!(error instanceof NutProtocolError)) throw error;
    return { error: error.code };
  }
}

const framing = suite('line framing, any bytes');

framing('lines or a typed error, the same however the bytes are split', () => {
  fc.assert(
    fc.property(anyBytes, fc.array(fc.nat(), { maxLength: 12 }), fc.integer({ min: 1, max: 64 }), (bytes, cuts, limit) => {
      const whole = frame([bytes], limit);
      const split = frame(chunks(bytes, cuts), limit);
      const byByte = frame(Array.from(bytes, (byte) => Uint8Array.of(byte)), limit);
      if ('lines' in whole) {
        assert.equal(split, whole);
        assert.equal(byByte, whole);
        for (const line of whole.lines) assert.not.ok(line.includes('\n'));
      } else {
        // A long line may be caught earlier when it comes in pieces, never missed.
        assert.ok('error' in split && 'error' in byByte);
      }
    }),
    { numRuns: 2000 },
  );
});

framing.run();

const replies = suite('reply assembly, any lines');

const expectation: fc.Arbitrary<Expectation> = fc.oneof(
  fc.constant<Expectation>({ kind: 'line' }),
  fc.constant<Expectation>({ kind: 'list', query: ['UPS'] }),
  fc.constant<Expectation>({ kind: 'list', query: ['VAR', 'ups1'] }),
);

replies('replies or a typed protocol error, never anything else', () => {
  fc.assert(
    fc.property(anyBytes, fc.array(expectation, { minLength: 1, maxLength: 4 }), (bytes, expected) => {
      const splitter = createLineSplitter(512);
      const reader = createReplyReader(5);
      for (const item of expected) reader.expect(item);
      try {
        for (const line of splitter.push(bytes)) {
          const reply = reader.push(line);
          if (reply) assert.ok(['line', 'list', 'error'].includes(reply.kind));
        }
      } catch (error) {
        assert.instance(error, AppError);
      }
    }),
    { numRuns: 3000 },
  );
});

/** A LIST VAR reply's vars, read with last time's record `like` or without one. */
function readVars(pairs: readonly (readonly [string, string])[], like?: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  const reader = createReplyReader(100);
  reader.expect({ kind: 'vars', ups: 'ups1', like });
  const escaped = (value: string) => value.replace(/[\\"#]/g, (ch) => `\\${ch}`);
  const lines = ['BEGIN LIST VAR ups1', ...pairs.map(([name, value]) => `VAR ups1 ${name} "${escaped(value)}"`), 'END LIST VAR ups1'];
  const reply = lines.map((line) => reader.push(line)).at(-1);
  if (reply?.kind !== 'vars') throw new Error(`expected vars, got ${JSON.stringify(reply)}`);
  return reply.vars;
}

replies('a LIST VAR read against last time\'s record gives what a read without it gives', () => {
  const name = fc.constantFrom('ups.status', 'battery.charge', 'ups.load', 'x', 'input.voltage');
  const value = fc.oneof(fc.constantFrom('OL', 'OB LB', '100', '', '1'), fc.string({ maxLength: 6 }));
  const reply = fc.array(fc.tuple(name, value), { maxLength: 6 });
  fc.assert(
    fc.property(reply, reply, fc.boolean(), (before, now, same) => {
      const like = readVars(before);
      const pairs = same ? before : now;
      const read = readVars(pairs, like);
      const fresh = readVars(pairs);
      assert.equal(Object.entries(read), Object.entries(fresh));
      // The very same names and values in the same order (a name twice is not what the record holds).
      const unchanged = JSON.stringify(pairs) === JSON.stringify(Object.entries(like));
      assert.is(read === like, unchanged, 'last time\'s record itself exactly when nothing changed');
    }),
    { numRuns: 3000 },
  );
});

replies('splitWords takes any string without throwing', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (line) => {
      const words = splitWords(line);
      assert.ok(words === null || Array.isArray(words));
    }),
    { numRuns: 3000 },
  );
});

replies.run();

const quoting = suite('quoting round-trips');

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 100 });

quoting('what we send: encodeArg, as upsd splits it, gives the value back', () => {
  fc.assert(
    fc.property(printable, (value) => {
      assert.equal(splitWords(`SET VAR ups1 x ${encodeArg(value)}`), ['SET', 'VAR', 'ups1', 'x', value]);
      // An unescaped # inside quotes makes upsd drop the request (reference §2).
      assert.not.match(encodeArg(value), /(^|[^\\])(\\\\)*#/);
    }),
    { numRuns: 3000 },
  );
});

quoting('what upsd sends: a value escaped with \\" \\\\ \\# reads back exactly', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 100 }).filter((value) => !value.includes('\n')), (value) => {
      const escaped = value.replace(/[\\"#]/g, (ch) => `\\${ch}`);
      assert.equal(splitWords(`VAR ups1 x "${escaped}"`), ['VAR', 'ups1', 'x', value]);
    }),
    { numRuns: 3000 },
  );
});

quoting('encodeArg refuses what upsd would drop, with a typed error', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 40 }).filter((value) => /[^\x20-\x7e]/.test(value)), (value) => {
      assert.throws(() => encodeArg(value), (error: unknown) => error instanceof RangeError);
    }),
    { numRuns: 1000 },
  );
});

quoting.run();

const session = suite('a session fed random bytes');

session('settles with replies or a typed error, and closes its socket', async () => {
  let reply = Buffer.alloc(0);
  const fake = await startFakeServer({
    script: (_request, conn) => {
      conn.write(reply);
      conn.socket.end();
    },
  });
  try {
    await fc.assert(
      fc.asyncProperty(anyBytes, async (bytes) => {
        reply = Buffer.from(bytes);
        try {
          const open = await openSession({ host: fake.host, port: fake.port, timeoutMs: 300 });
          try {
            await open.send([
              { line: 'LIST UPS', expect: { kind: 'list', query: ['UPS'] } },
              { line: 'GET VAR ups1 ups.status', expect: { kind: 'line' } },
            ]);
          } finally {
            await open.close();
          }
        } catch (error) {
          assert.instance(error, AppError);
        }
      }),
      { numRuns: 150 },
    );
    await fake.drained();
  } finally {
    await fake.close();
  }
});

session.run();
