// The session's time budget and pipelining, in virtual time over an in-memory transport: no
// socket, no waiting. What is asserted is what a user reads: the phase named in the error.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startBudget } from '../src/nut/clock.ts';
import { openSession, type NutRequest } from '../src/nut/session.ts';
import { NutTimeoutError } from '../src/shared/errors.ts';
import { createFakeTransport } from './helpers/fake-transport.ts';
import { createVirtualTimers } from './helpers/virtual-time.ts';

const listVar = (ups: string): NutRequest => ({ line: `LIST VAR ${ups}`, expect: { kind: 'list', query: ['VAR', ups] } });
const varList = (ups: string) => `BEGIN LIST VAR ${ups}\nVAR ${ups} ups.status "OL"\nEND LIST VAR ${ups}\n`;

function setUp() {
  const timers = createVirtualTimers();
  const fake = createFakeTransport();
  const deps = { transport: fake.transport, timers };
  return { timers, fake, deps };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

const budget = suite('session time budget');

budget('a connect that never completes times out naming the connect phase', async () => {
  const { timers, deps } = setUp();
  const opening = openSession({ host: 'nas.lan', port: 3493, timeoutMs: 2000 }, deps);
  timers.advance(1999);
  timers.advance(1);
  const error = await rejection(opening);
  assert.instance(error, NutTimeoutError);
  assert.is(error.message, 'Timeout awaiting connect from nas.lan:3493 for 2000ms');
  assert.is(timers.armed, 0, 'no timer left behind');
});

budget('the reply that is missing is named, and the cycle budget counts from its start', async () => {
  const { timers, fake, deps } = setUp();
  const opening = openSession({ host: 'fd00::1', port: 3493, timeoutMs: 5000 }, deps);
  fake.connections[0]?.ready();
  const session = await opening;
  // A later cycle brings its own budget; 700 of its 1000 ms are spent before this send.
  const cycle = startBudget(timers, 1000);
  timers.advance(700);
  const sending = session.send([listVar('a'), listVar('b'), listVar('c')], cycle);
  fake.connections[0]?.send(varList('a'));
  timers.advance(299);
  assert.ok(session.alive, 'still inside the budget');
  timers.advance(1);
  const error = await rejection(sending);
  assert.is(error.message, "Timeout awaiting reply to 'LIST VAR b' (request 2 of 3 written together) from [fd00::1]:3493 for 1000ms");
  assert.not.ok(session.alive);
  assert.ok(fake.connections[0]?.destroyed, 'the connection is dropped');
});

budget('a timeout while upsd considers a password names PASSWORD, never the password', async () => {
  const { timers, fake, deps } = setUp();
  const opening = openSession({ host: 'nas', port: 3493, timeoutMs: 500 }, deps);
  fake.connections[0]?.ready();
  const session = await opening;
  const sending = session.send([
    { line: 'USERNAME "monuser"', expect: { kind: 'line' } },
    { line: 'PASSWORD "s3cret-pass"', expect: { kind: 'line' } },
    listVar('ups'),
  ]);
  fake.connections[0]?.send('OK\n');
  timers.advance(500);
  const error = await rejection(sending);
  assert.match(error.message, /reply to 'PASSWORD' \(request 2 of 3/);
  assert.not.match(error.message, /s3cret/);
});

const pipelining = suite('session pipelining');

pipelining('all requests go out in one write and replies come back in order, split anywhere', async () => {
  const { fake, deps } = setUp();
  const opening = openSession({ host: 'nas', port: 3493 }, deps);
  fake.connections[0]?.ready();
  const session = await opening;
  const sending = session.send([{ line: 'LIST UPS', expect: { kind: 'list', query: ['UPS'] } }, listVar('a'), listVar('b')]);
  assert.equal(fake.connections[0]?.written, ['LIST UPS\nLIST VAR a\nLIST VAR b\n']);
  const replies = `BEGIN LIST UPS\nUPS a "A"\nUPS b "B"\nEND LIST UPS\n${varList('a')}ERR DATA-STALE\n`;
  for (const ch of replies) fake.connections[0]?.send(ch);
  const [ups, a, b] = await sending;
  assert.equal(ups, { kind: 'list', items: [['UPS', 'a', 'A'], ['UPS', 'b', 'B']] });
  assert.equal(a, { kind: 'list', items: [['VAR', 'a', 'ups.status', 'OL']] });
  assert.is(b?.kind === 'error' && b.error.code, 'DATA-STALE');
});

pipelining('close sends LOGOUT and does not wait for the goodbye longer than its grace', async () => {
  const { timers, fake, deps } = setUp();
  const opening = openSession({ host: 'nas', port: 3493 }, deps);
  fake.connections[0]?.ready();
  const session = await opening;
  const closing = session.close();
  assert.not.ok(session.alive, 'no longer usable once closing');
  assert.equal(fake.connections[0]?.written, ['LOGOUT\n']);
  assert.ok(fake.connections[0]?.ended);
  timers.advance(1000);
  assert.ok(fake.connections[0]?.destroyed, 'a server that never closes is dropped after the grace');
  fake.connections[0]?.hangUp();
  await closing;
  assert.is(timers.armed, 0);
});

pipelining('a server that closes an idle session marks it dead without an unhandled error', async () => {
  const { fake, deps } = setUp();
  const opening = openSession({ host: 'nas', port: 3493 }, deps);
  fake.connections[0]?.ready();
  const session = await opening;
  fake.connections[0]?.hangUp();
  assert.not.ok(session.alive);
  const error = await rejection(session.send([listVar('a')]));
  assert.is((error as { code?: string }).code, 'CONNECTION-CLOSED');
});

budget.run();
pipelining.run();
