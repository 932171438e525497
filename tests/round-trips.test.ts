// Round trips per cycle (issue 11): a kept connection reads every UPS in one write; a dead kept
// connection is replaced in the same cycle; never two connections to one host; LOGOUT's reply is
// not waited for. Real upsd for the wire, the scripted server where upsd cannot misbehave on cue.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Timers } from '../src/nut/clock.ts';
import { systemClock } from '../src/shared/clock.ts';
import { createSessionPool, type SessionPool } from '../src/nut/pool.ts';
import { pollHost, type HostPoll, type LastSeen } from '../src/poll/poll-all.ts';
import { startFakeServer, type FakeConnection } from './helpers/fake-server.ts';
import { createRecordingTransport, type RecordingTransport } from './helpers/recording-transport.ts';
import { createVirtualTimers } from './helpers/virtual-time.ts';
import { startUpsd, type Upsd } from './helpers/upsd.ts';
import { waitUntil } from './helpers/wait.ts';

const kept = suite<{ upsd: Upsd }>('kept connections to a real upsd');

kept.before(async (context) => {
  const dev = 'ups.status: OL\nbattery.charge: 100\n';
  context.upsd = await startUpsd([{ name: 'a', dev }, { name: 'b', dev }, { name: 'c', dev }]);
});
kept.after(async ({ upsd }) => {
  await upsd.stop();
});

/** What the cycles wrote, leaving out the NETVERs that only carry our ACK (src/nut/ack-nudge.ts). */
const requestWrites = (writes: readonly string[] = []) => writes.filter((write) => write !== 'NETVER\n');

const seenIn = (poll: HostPoll): LastSeen => ({ listed: poll.ups.map((ups) => ups.name), ups: poll.ups });
const listedOnly = (listed: string[]): LastSeen => ({ listed, ups: [] });

const hostOf = (server: { host: string; port: number }, extra: object = {}) => ({
  name: 'lab',
  host: server.host,
  port: server.port,
  ...extra,
});

async function withPool<T>(
  keep: boolean,
  work: (pool: SessionPool, writes: string[][], recording: RecordingTransport) => Promise<T>,
  timers: Timers = systemClock,
): Promise<T> {
  const recording = createRecordingTransport();
  const pool = createSessionPool({ keep, deps: { transport: recording.transport, timers } });
  try {
    return await work(pool, recording.connections, recording);
  } finally {
    await pool.close();
  }
}

kept('the next cycle reuses the connection and reads every UPS in one write, without logging in again', async ({ upsd }) => {
  await withPool(true, async (sessions, connections) => {
    const host = hostOf(upsd, { username: 'mon', password: 'pw' });
    const first = await pollHost(host, 3000, { sessions });
    assert.equal(first.ups.map((ups) => ups.vars?.['ups.status']), ['OL', 'OL', 'OL']);
    assert.is(first.learned.size, 0, 'descriptions wait for the next write on a kept connection');
    const second = await pollHost(host, 3000, { sessions }, first.learned, seenIn(first));
    assert.is(second.error, null);
    assert.is(second.learned.get('battery.charge'), 'Battery charge (percent of full)');
    const third = await pollHost(host, 3000, { sessions }, second.learned, seenIn(second));
    assert.equal(third.ups.map((ups) => ups.vars?.['battery.charge']), ['100', '100', '100']);
    assert.is(connections.length, 1, 'one connection for all three cycles');
    const writes = requestWrites(connections[0]);
    assert.is(writes.length, 4, `cycle 1: LIST UPS, then LIST VARs; cycles 2 and 3: one write each: ${JSON.stringify(writes)}`);
    assert.match(writes[2] ?? '', /^LIST UPS\nLIST VAR a\nLIST VAR b\nLIST VAR c\nGET DESC a battery.charge\n/);
    assert.is(writes[3], 'LIST UPS\nLIST VAR a\nLIST VAR b\nLIST VAR c\n');
    assert.not.ok(writes.some((write) => write.includes('LOGOUT') || write.includes('USERNAME', 1)), 'no LOGOUT, no second login');
  });
});

kept('a new connection sends credentials, LIST UPS and the known UPSes in one write', async ({ upsd }) => {
  await withPool(false, async (sessions, connections) => {
    await pollHost(hostOf(upsd, { username: 'mon', password: 'pw' }), 3000, { sessions }, new Map(), listedOnly(['a', 'b', 'c']));
    const writes = requestWrites(connections[0]).filter((write) => !write.startsWith('GET DESC')); // first sight of the names
    assert.equal(writes, ['USERNAME "mon"\nPASSWORD "pw"\nLIST UPS\nLIST VAR a\nLIST VAR b\nLIST VAR c\n', 'LOGOUT\n']);
  });
});

kept('a UPS that appeared since last cycle is read in a second write; one that went is not shown', async ({ upsd }) => {
  await withPool(true, async (sessions, connections) => {
    const result = await pollHost(hostOf(upsd), 3000, { sessions }, new Map(), listedOnly(['a', 'gone']));
    assert.equal(result.ups.map((ups) => ups.name), ['a', 'b', 'c']);
    assert.ok(result.ups.every((ups) => ups.vars?.['ups.status'] === 'OL'));
    assert.equal(requestWrites(connections[0]).slice(0, 2), ['LIST UPS\nLIST VAR a\nLIST VAR gone\n', 'LIST VAR b\nLIST VAR c\n']);
  });
});

kept('after upsd restarts, the dead kept connection is replaced within the same cycle', async ({ upsd }) => {
  await withPool(true, async (sessions, connections) => {
    const first = await pollHost(hostOf(upsd), 3000, { sessions });
    await upsd.stopServer();
    await upsd.startServer();
    const second = await pollHost(hostOf(upsd), 3000, { sessions }, first.learned, seenIn(first));
    assert.is(second.error, null);
    assert.equal(second.ups.map((ups) => ups.vars?.['ups.status']), ['OL', 'OL', 'OL']);
    assert.is(connections.length, 2);
  });
});

kept.run();

const scripted = suite('kept connections, server faults');

scripted('a connection the server drops just as the cycle writes is replaced, one connection at a time', async () => {
  const fake = await startFakeServer();
  let dropNext = false;
  fake.setScript((request, conn) => {
    if (dropNext) {
      dropNext = false;
      conn.socket.destroy();
      return;
    }
    conn.standard(request);
  });
  try {
    await withPool(true, async (sessions) => {
      const first = await pollHost(hostOf(fake), 2000, { sessions });
      assert.is(first.error, null);
      dropNext = true;
      const second = await pollHost(hostOf(fake), 2000, { sessions }, first.learned, seenIn(first));
      assert.is(second.error, null, JSON.stringify(second.error));
      assert.is(second.ups[0]?.vars?.['ups.status'], 'OL');
      assert.is(fake.accepted, 2, 'replaced once');
      assert.is(fake.maxOpen, 1, 'never two connections at once');
    });
  } finally {
    await fake.close();
  }
});

scripted('a kept connection that went silent is replaced within the same cycle and its budget, one connection at a time', async () => {
  const fake = await startFakeServer();
  // As when a firewall forgets the connection: what is written on it gets no answer and no close.
  let forgotten: FakeConnection | null = null;
  let firstConnection: FakeConnection | null = null;
  fake.setScript((request, conn) => {
    firstConnection ??= conn;
    if (conn !== forgotten) conn.standard(request);
  });
  const timers = createVirtualTimers();
  try {
    await withPool(
      true,
      async (sessions, _writes, recording) => {
        const first = await pollHost(hostOf(fake), 3000, { sessions });
        assert.is(first.error, null);
        forgotten = firstConnection;
        const asked = fake.requests.length;
        const pending = pollHost(hostOf(fake), 3000, { sessions }, first.learned, seenIn(first));
        await waitUntil(async () => (fake.requests.length > asked ? true : undefined), 'the second cycle reached the server');
        // A third of the budget without a byte back: the connection is dropped and a new one opened.
        timers.advance(1000);
        await waitUntil(async () => (fake.accepted === 2 ? true : undefined), 'a new connection');
        const second = await pending;
        assert.is(second.error, null, JSON.stringify(second.error));
        assert.is(second.ups[0]?.vars?.['ups.status'], 'OL');
        assert.is(fake.accepted, 2, 'replaced once');
        // The server may still count the forgotten one, as a real one would: it never heard of its end.
        assert.is(recording.maxOpen, 1, 'never two connections at once');
      },
      timers,
    );
  } finally {
    await fake.close();
  }
});

scripted('a kept connection that answers late, but within its share of the budget, is kept', async () => {
  const fake = await startFakeServer();
  const held: (() => void)[] = [];
  let holding = false;
  fake.setScript((request, conn) => (holding ? held.push(() => conn.standard(request)) : conn.standard(request)));
  const timers = createVirtualTimers();
  try {
    await withPool(
      true,
      async (sessions) => {
        const first = await pollHost(hostOf(fake), 3000, { sessions });
        holding = true;
        const pending = pollHost(hostOf(fake), 3000, { sessions }, first.learned, seenIn(first));
        await waitUntil(async () => (held.length > 0 ? true : undefined), 'the second cycle reached the server');
        timers.advance(900);
        holding = false;
        held.forEach((answer) => answer());
        const second = await pending;
        // Past the silence limit with the answer in: nothing left armed to drop the connection.
        timers.advance(1500);
        assert.is(second.error, null, JSON.stringify(second.error));
        assert.is(fake.accepted, 1, 'the same connection');
        await pollHost(hostOf(fake), 3000, { sessions }, second.learned, seenIn(second));
        assert.is(fake.accepted, 1, 'still the same connection');
      },
      timers,
    );
  } finally {
    await fake.close();
  }
});

scripted('a cycle does not wait for the answer to LOGOUT; closing the pool logs out kept connections', async () => {
  const fake = await startFakeServer();
  // This server never answers LOGOUT nor closes, and in virtual time the close's grace never ends:
  // the poll returns all the same.
  fake.setScript((request, conn) => (request === 'LOGOUT' ? undefined : conn.standard(request)));
  const timers = createVirtualTimers();
  try {
    await withPool(
      false,
      async (sessions, connections) => {
        const result = await pollHost(hostOf(fake), 2000, { sessions });
        assert.is(result.error, null);
        assert.is(connections[0]?.at(-1), 'LOGOUT\n', 'LOGOUT was written');
        timers.advance(1000);
      },
      timers,
    );
    fake.setScript(null);
    await withPool(true, async (sessions) => {
      await pollHost(hostOf(fake), 2000, { sessions });
      assert.is.not(fake.requests.at(-1), 'LOGOUT', 'a kept connection stays logged in');
      await sessions.close();
      await fake.drained();
      assert.is(fake.requests.at(-1), 'LOGOUT');
    });
  } finally {
    await fake.close();
  }
});

scripted.run();
