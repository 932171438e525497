// A host that is slow to answer, always (a remote site over a slow link, a busy upsd), polled on a
// schedule that keeps its connection: it is read every cycle, as a new connection each cycle
// would read it, and not taken for a connection gone silent. The server answers each request a
// fixed time after it came, in virtual time; the cycles are the real ones, published to disk. And
// such a host whose UPSes the config does not name, too slow for a first cycle to list and read them.

import * as assert from 'uvu/assert';
import { createSessionPool } from '../src/nut/pool.ts';
import { netTransport } from '../src/nut/transport.ts';
import { createCycler, type Cycler, type Published } from './helpers/cycle.ts';
import { startFakeServer, type FakeServer } from './helpers/fake-server.ts';
import { suiteWith } from './helpers/suite.ts';
import { createVirtualTimers, type VirtualTimers } from './helpers/virtual-time.ts';
import { waitUntil } from './helpers/wait.ts';

const TIMEOUT_MS = 3000;
/**
 * Longer than a third of the budget (where a kept connection that never answers is given up), and
 * too long for a new connection opened then to answer within the rest; well within the budget.
 */
const ANSWER_MS = 2100;

interface Slow {
  fake: FakeServer;
  timers: VirtualTimers;
  cycler: Cycler;
  /** Requests the server holds, each with the virtual time its answer is due. */
  held: { due: number; answer: () => void }[];
}

/** Hooks for a suite on one such host; `chosen`: the host's `ups` list in the config, if any. */
const slowHost = (chosen?: string[]) => ({
  async beforeEach(context: Slow) {
    context.held = [];
    context.timers = createVirtualTimers();
    context.fake = await startFakeServer();
    context.fake.setScript((request, conn) => {
      // Replies leave in the order of the requests, as upsd's do. The throwaway NETVER that carries
      // our ACK (src/nut/ack-nudge.ts) is answered as soon as what came before it is: only what the
      // cycle waits for is slow.
      const now = context.timers.monotonic();
      const due = request === 'NETVER' ? Math.max(now, ...context.held.map((held) => held.due)) : now + ANSWER_MS;
      context.held.push({ due, answer: () => conn.standard(request) });
    });
    const { host, port } = context.fake;
    context.cycler = await createCycler({ schedule: '*/10 * * * * *', timeoutMs: TIMEOUT_MS, hosts: [{ name: 'remote', host, port, ...(chosen && { ups: chosen }) }] });
    // As the daemon on a 10 s schedule has it: connections kept from one cycle to the next.
    context.cycler.deps.sessions = createSessionPool({ keep: true, deps: { transport: netTransport, timers: context.timers } });
  },
  async afterEach({ cycler, fake }: Slow) {
    await cycler?.deps.sessions.close();
    await Promise.all([fake?.close(), cycler?.cleanup()]);
  },
});

const slow = suiteWith<Slow>('a host always slow to answer, on a kept connection', slowHost(['ups1']));

/** Runs one cycle, answering each request once its time comes, in virtual time. */
async function cycle({ cycler, held, timers }: Slow): Promise<Published> {
  let settled = false;
  const run = cycler.run().finally(() => (settled = true));
  for (;;) {
    await waitUntil(async () => (settled || held.length > 0 ? true : undefined), 'a request to answer or the end of the cycle');
    if (settled) return run;
    const due = Math.min(...held.map((request) => request.due));
    timers.advance(due - timers.monotonic());
    const answering = held.filter((request) => request.due <= due);
    held.splice(0, held.length, ...held.filter((request) => request.due > due));
    for (const request of answering) request.answer();
  }
}

slow('is read every cycle over the one connection, never reported unreachable', async (context) => {
  for (let n = 1; n <= 3; n++) {
    const { host, ups } = await cycle(context);
    assert.is(host('remote').error, null, `cycle ${n}: ${JSON.stringify(host('remote').error)}`);
    assert.is(ups('remote', 'ups1').vars['ups.status'], 'OL', `cycle ${n}`);
  }
  assert.equal(
    context.cycler.logs.filter((line) => line.kind === 'host-unreachable' || line.kind === 'host-back'),
    [],
    'nothing logged: the host never went',
  );
  assert.is(context.fake.accepted, 1, 'one connection for the three cycles');
});

slow.run();

const cold = suiteWith<Slow>('a host always slow to answer, its UPSes not named in the config', slowHost());

cold('is read from the second cycle on, though the first cannot read it within the budget', async (context) => {
  // Cold, a cycle needs LIST UPS answered before it can ask for the UPSes it names: twice the answer time.
  const first = await cycle(context);
  assert.is(first.host('remote').error?.code, 'TIMEOUT');
  // What LIST UPS answered is kept: the next cycles ask for ups1 in the same write as LIST UPS.
  for (let n = 2; n <= 3; n++) {
    const { host, ups } = await cycle(context);
    assert.is(host('remote').error, null, `cycle ${n}: ${JSON.stringify(host('remote').error)}`);
    assert.is(ups('remote', 'ups1').vars['ups.status'], 'OL', `cycle ${n}`);
  }
});

cold.run();
