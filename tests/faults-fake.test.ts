// Faults a real upsd cannot be made to show (hangs, trickles, garbage, endless lists, connection
// limits), played by a scripted server next to a real upsd that must stay unaffected.
// Each case: the cycle ends with the error (a timeout names its phase and limit), the healthy
// host is current, page and status.json name the error, the last good values stay (stale, with lastSuccessAt), one log
// line goes out, and the next cycle recovers once the fault clears, with no connection left open.

import { suite, test } from 'uvu';
import * as assert from 'uvu/assert';
import { createCycler, openTcpHandles, pageShowsAge, pageShowsError, pageText, within, type Cycler } from './helpers/cycle.ts';
import { startFakeServer, type FakeServer, type Script } from './helpers/fake-server.ts';
import { suiteWith } from './helpers/suite.ts';
import { startUpsd, type Upsd } from './helpers/upsd.ts';

const TIMEOUT_MS = 500;

interface Context {
  upsd: Upsd;
  fake: FakeServer;
  cycler: Cycler;
}

const faults = suiteWith<Context>('faults from a scripted server', {
  async before(context) {
    context.upsd = await startUpsd([{ name: 'good', dev: 'ups.status: OL\nbattery.charge: 88\n' }]);
  },
  async beforeEach(context) {
    context.fake = await startFakeServer({ units: { flaky: { 'ups.status': 'OL', 'battery.charge': '77' } } });
    context.cycler = await createCycler({
      timeoutMs: TIMEOUT_MS,
      hosts: [
        { name: 'nas', host: context.fake.host, port: context.fake.port },
        { name: 'rack', host: context.upsd.host, port: context.upsd.port },
      ],
    });
  },
  async afterEach({ fake, cycler }) {
    await fake?.close();
    await cycler?.cleanup();
  },
  async after({ upsd }) {
    await upsd?.stop();
  },
});

/** A timeout says which request it waited for (and where it was in a pipelined write) and for how long (the cycle's budget). */
const TIMED_OUT = {
  code: 'TIMEOUT',
  message: new RegExp(
    `^Timeout awaiting reply to 'LIST (UPS|VAR flaky)'( \\(request \\d of 2 written together\\))? from 127\\.0\\.0\\.1:\\d+ for ${TIMEOUT_MS}ms$`,
  ),
};

interface Expected {
  code: RegExp | string;
  message?: RegExp;
}

/** `expected` is the error's code (or a pattern for it), or the code with a pattern for its message. */
async function provesRecovery(context: Context, script: Script, expected: Expected | Expected['code']): Promise<void> {
  const { code, message }: Expected = typeof expected === 'string' || expected instanceof RegExp ? { code: expected } : expected;
  const { cycler, fake } = context;
  const handles = openTcpHandles();
  const healthy = await cycler.run();
  assert.is(healthy.ups('nas', 'flaky').vars['battery.charge'], '77');
  const goodAt = healthy.ups('nas', 'flaky').lastSuccessAt;

  fake.setScript(script);
  const broken = await cycler.run();
  assert.is(broken.result.writeError, null);
  const nas = broken.host('nas');
  const error = nas.error ?? broken.ups('nas', 'flaky').error;
  assert.ok(error, 'the failure is in status.json');
  if (typeof code === 'string') assert.is(error.code, code);
  else assert.match(error.code, code);
  if (message) assert.match(error.message, message);
  const flaky = broken.ups('nas', 'flaky');
  assert.is(flaky.stale, true);
  assert.is(flaky.lastSuccessAt, goodAt, 'last good values keep their time');
  assert.is(flaky.vars['battery.charge'], '77', 'last good values are kept');
  assert.ok(pageShowsError(broken.html, error), `the page tells about ${error.code}`);
  assert.ok(pageShowsAge(broken.html, broken.status.generatedAt, goodAt ?? ''), 'the page says since when');
  assert.is(broken.host('rack').error, null);
  assert.is(broken.ups('rack', 'good').stale, false);
  assert.is(broken.ups('rack', 'good').vars['battery.charge'], '88');

  await cycler.run(); // still broken: no second log line
  fake.setScript(null);
  const recovered = await cycler.run();
  assert.is(recovered.host('nas').error, null);
  assert.is(recovered.ups('nas', 'flaky').stale, false);
  assert.is(recovered.ups('nas', 'flaky').error, null);
  assert.ok(!pageShowsError(recovered.html, error), 'the page no longer shows the error');

  const changes = cycler.logs.filter((event) => /^(host-unreachable|host-back|driver-lost|driver-back)$/.test(event.kind));
  assert.equal(
    changes.map((event) => event.kind),
    [nas.error ? 'host-unreachable' : 'driver-lost', nas.error ? 'host-back' : 'driver-back'],
    'one line when it breaks, one when it recovers',
  );
  await within(fake.drained(), 3000, 'the server seeing every connection closed');
  assert.is(openTcpHandles(), handles, 'no socket left open in the job');
  assert.is(fake.maxOpen, 1, 'one connection at a time');
}

const onList = (body: (request: string, conn: Parameters<Script>[1]) => void): Script => (request, conn) =>
  request.startsWith('LIST VAR') ? body(request, conn) : conn.standard(request);

faults('a server that accepts and never answers', async (context) => {
  await provesRecovery(context, () => undefined, TIMED_OUT);
});

faults('a server that answers one byte per second', async (context) => {
  await provesRecovery(context, (request, conn) => conn.trickle(`${request}\n`.replace(/^LIST/, 'BEGIN LIST'), 1000), TIMED_OUT);
});

faults('a server that closes the connection in the middle of a list', async (context) => {
  await provesRecovery(
    context,
    onList((_request, conn) => {
      conn.write('BEGIN LIST VAR flaky\nVAR flaky ups.status "OL"\n');
      conn.socket.destroy();
    }),
    /^CONNECTION-(CLOSED|RESET)$/,
  );
});

faults('garbage lines', async (context) => {
  await provesRecovery(context, (_request, conn) => conn.write(Buffer.from('\x00\x01garbage "unterminated\n\xff\xfe\n', 'latin1')), 'PROTOCOL');
});

faults('a 1 MB line', async (context) => {
  await provesRecovery(context, onList((_request, conn) => conn.write(`BEGIN LIST VAR flaky\nVAR flaky x "${'A'.repeat(2 ** 20)}"\n`)), 'PROTOCOL');
});

faults('a list that never ends', async (context) => {
  await provesRecovery(
    context,
    onList((_request, conn) => conn.endless('BEGIN LIST VAR flaky\n', (i) => `VAR flaky v${i} "${i}"\n`)),
    /^(PROTOCOL|TIMEOUT)$/,
  );
});

faults('a reply for another UPS than asked', async (context) => {
  await provesRecovery(context, onList((_request, conn) => conn.write('BEGIN LIST VAR other\nVAR other ups.status "OB LB"\nEND LIST VAR other\n')), 'PROTOCOL');
});

faults('ERR ACCESS-DENIED', async (context) => {
  await provesRecovery(context, onList((_request, conn) => conn.write('ERR ACCESS-DENIED\n')), 'ACCESS-DENIED');
});

faults.run();

// upsd itself will not start without a UPS in ups.conf (it exits 1), so a server that answers
// LIST UPS with an empty list, as upsd does when its drivers' sections are gone, is scripted.
test('a upsd that lists no UPS is a problem of that host, not a calm page', async () => {
  const empty = await startFakeServer({ units: {} });
  const cycler = await createCycler({ hosts: [{ name: 'bare', host: empty.host, port: empty.port }] });
  try {
    const published = await cycler.run();
    assert.is(published.status.summary.severity, 'warning');
    assert.not.match(published.status.summary.headline, /No UPS configured/);
    assert.equal(
      published.status.summary.problems.map((problem) => [problem.subject, problem.text]),
      [['Host bare', 'upsd lists no UPS — check ups.conf on that host and that its drivers run']],
    );
    assert.match(pageText(published.html), /Warning: Host bare: upsd lists no UPS/);
  } finally {
    await cycler.cleanup();
    await empty.close();
  }
});

test.run();


const limit = suite('a server with a connection limit');

limit('never more than one connection per host at a time, also after a timeout', async () => {
  // UniFi's NUT restarts once a fourth connection arrives; the fake drops every connection then.
  const units = Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map((name) => [name, { 'ups.status': 'OL' }]));
  const fake = await startFakeServer({ units, maxConnections: 1 });
  const cycler = await createCycler({
    timeoutMs: TIMEOUT_MS,
    hosts: [{ name: 'unifi', host: fake.host, port: fake.port }],
  });
  try {
    for (let cycle = 0; cycle < 6; cycle++) {
      // Every other cycle the server hangs, so the client gives up on a connection mid-reply.
      fake.setScript(cycle % 2 === 1 ? onList(() => undefined) : null);
      const published = await cycler.run();
      if (cycle % 2 === 0) {
        assert.is(published.host('unifi').error, null, `cycle ${cycle}`);
        assert.is(published.host('unifi').ups.length, 5);
      }
    }
    assert.is(fake.accepted, 6, 'one connection per cycle');
    assert.is(fake.maxOpen, 1);
  } finally {
    await fake.close();
    await cycler.cleanup();
  }
});

limit.run();
