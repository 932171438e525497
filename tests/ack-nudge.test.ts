// The delayed-ACK nudge (issue 11): a batch written right after a reply gets a NETVER once its first
// chunk arrives, so our ACK leaves with it instead of 40 ms later; its reply is dropped wherever it
// lands. In virtual time over an in-memory transport, since when chunks arrive is the point.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { openSession, type NutRequest } from '../src/nut/session.ts';
import { createFakeTransport } from './helpers/fake-transport.ts';
import { createVirtualTimers } from './helpers/virtual-time.ts';

const listVar = (ups: string): NutRequest => ({ line: `LIST VAR ${ups}`, expect: { kind: 'list', query: ['VAR', ups] } });
const varList = (ups: string, status = 'OL') => `BEGIN LIST VAR ${ups}\nVAR ${ups} ups.status "${status}"\nEND LIST VAR ${ups}\n`;
const statuses = (replies: readonly { kind: string; items?: string[][] }[]) => replies.map((reply) => reply.items?.[0]?.[3] ?? reply.kind);

async function connected() {
  const timers = createVirtualTimers();
  const fake = createFakeTransport();
  const opening = openSession({ host: 'nas', port: 3493, timeoutMs: 5000 }, { transport: fake.transport, timers });
  const conn = fake.connections[0];
  if (!conn) throw new Error('no connection');
  conn.ready();
  const session = await opening;
  // A first exchange, as LIST UPS before the LIST VARs it names.
  const first = session.send([listVar('a')]);
  conn.send(varList('a'));
  await first;
  return { timers, conn, session };
}

const nudge = suite('delayed-ACK nudge');

nudge('a batch written right after a reply is nudged on its first chunk; the nudge reply is dropped', async () => {
  const { conn, session } = await connected();
  const sending = session.send([listVar('b'), listVar('c')]);
  assert.equal(conn.written.slice(1), ['LIST VAR b\nLIST VAR c\n']);
  conn.send('BEGIN LIST VAR b\n');
  assert.equal(conn.written.slice(2), ['NETVER\n'], 'one NETVER, written as the first chunk arrived');
  conn.send(`VAR b ups.status "OB"\nEND LIST VAR b\n${varList('c', 'OL LB')}`);
  assert.equal(statuses(await sending), ['OB', 'OL LB']);
  // The next batch goes out before the nudge's reply came in: replies still pair with their requests.
  const next = session.send([listVar('a')]);
  conn.send(`1.3\n${varList('a', 'OL CHRG')}`);
  assert.equal(statuses(await next), ['OL CHRG']);
  assert.is(conn.written.filter((write) => write === 'NETVER\n').length, 1, 'a reply whole in one chunk needs no nudge');
  assert.ok(session.alive);
});

nudge('an old upsd that answers NETVER with ERR is just as fine', async () => {
  const { conn, session } = await connected();
  const sending = session.send([listVar('b')]);
  conn.send('BEGIN LIST VAR b\n');
  conn.send(`VAR b ups.status "OL"\nEND LIST VAR b\nERR UNKNOWN-COMMAND\n`);
  assert.equal(statuses(await sending), ['OL']);
  const next = session.send([listVar('a')]);
  conn.send(varList('a'));
  assert.equal(statuses(await next), ['OL']);
});

nudge('a batch written long after the last read is never nudged, however its reply is cut', async () => {
  const { timers, conn, session } = await connected();
  timers.advance(200);
  const sending = session.send([listVar('b')]);
  for (const ch of varList('b')) conn.send(ch);
  assert.equal(statuses(await sending), ['OL']);
  assert.not.ok(conn.written.includes('NETVER\n'));
});

nudge('a batch that stalls again is nudged after 5 ms of quiet, not at every chunk', async () => {
  const { timers, conn, session } = await connected();
  const sending = session.send([listVar('b'), listVar('c')]);
  const nudges = () => conn.written.filter((write) => write === 'NETVER\n').length;
  conn.send('BEGIN LIST VAR b\n');
  assert.is(nudges(), 1);
  conn.send('VAR b ups.status "OL"\n');
  timers.advance(4);
  conn.send('END LIST VAR b\n');
  timers.advance(4);
  assert.is(nudges(), 1, 'data still flowing: no nudge');
  timers.advance(1);
  assert.is(nudges(), 2, 'quiet for 5 ms: nudged again');
  conn.send(varList('c'));
  assert.equal(statuses(await sending), ['OL', 'OL']);
  assert.is(timers.armed, 0, 'no timer left once the batch is complete');
});

nudge.run();
