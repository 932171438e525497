// Faults played by a real upsd (NUT 2.8.0 with dummy-ups): a driver or the whole server dies
// while the job keeps running, bad credentials, a name that does not resolve, and ::1.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createCycler, openTcpHandles, pageShowsAge, pageShowsError, type Cycler } from './helpers/cycle.ts';
import { suiteWith } from './helpers/suite.ts';
import { startUpsd, upsdSeesDriver, type Upsd } from './helpers/upsd.ts';

const TIMEOUT_MS = 500;

interface Context {
  main: Upsd;
  other: Upsd;
  cycler: Cycler;
}

/** One cycle with alpha's driver gone: stale last values with the reason and their age; others current. */
async function assertDriverDown(cycler: Cycler, goodAt: string): Promise<void> {
  const broken = await cycler.run();
  const alpha = broken.ups('main', 'alpha');
  assert.is(alpha.error?.code, 'DRIVER-NOT-CONNECTED');
  assert.is(alpha.stale, true);
  assert.is(alpha.lastSuccessAt, goodAt);
  assert.is(alpha.vars['battery.charge'], '91');
  assert.ok(pageShowsError(broken.html, alpha.error ?? { code: '', message: '' }), 'the page says what');
  assert.ok(pageShowsAge(broken.html, broken.status.generatedAt, goodAt), 'the page says since when');
  assert.is(broken.ups('main', 'beta').stale, false);
  assert.is(broken.ups('other', 'gamma').stale, false);
  assert.is(broken.status.summary.severity, 'warning', 'never "all fine" (nor "info", shown as fine) while a UPS is unreadable');
}

const dies = suiteWith<Context>('a real upsd or driver dies while the job runs', {
  async before(context) {
    // One after the other, so a failed start leaves nothing running that `after` cannot see.
    context.main = await startUpsd([
      { name: 'alpha', dev: 'ups.status: OL\nbattery.charge: 91\n' },
      { name: 'beta', dev: 'ups.status: OL\nbattery.charge: 62\n' },
    ]);
    context.other = await startUpsd([{ name: 'gamma', dev: 'ups.status: OL\nbattery.charge: 55\n' }]);
  },
  async beforeEach(context) {
    context.cycler = await createCycler({
      timeoutMs: TIMEOUT_MS,
      hosts: [
        { name: 'main', host: context.main.host, port: context.main.port },
        { name: 'other', host: context.other.host, port: context.other.port },
      ],
    });
  },
  async afterEach({ cycler }) {
    await cycler?.cleanup();
  },
  async after({ main, other }) {
    await Promise.all([main?.stop(), other?.stop()]);
  },
});

dies('a killed driver: its UPS goes stale with the reason, the rest stays current, and it comes back', async (context) => {
  const { cycler, main } = context;
  const first = await cycler.run();
  const goodAt = first.ups('main', 'alpha').lastSuccessAt;
  assert.ok(goodAt);

  await main.stopDriver('alpha');
  try {
    await assertDriverDown(cycler, goodAt);
    await cycler.run();
  } finally {
    await main.startDriver('alpha');
  }
  await upsdSeesDriver(main, 'alpha');
  const back = await cycler.run();
  assert.is(back.ups('main', 'alpha').error, null);
  assert.is(back.ups('main', 'alpha').stale, false);
  assert.equal(
    cycler.logs.map((event) => `${event.kind} ${String(event.ups)}`),
    ['driver-lost alpha', 'driver-back alpha'],
  );
});

dies('a killed upsd: the host is shown down and stale, with no socket left behind, and recovers on restart', async (context) => {
  const { cycler, main } = context;
  const handles = openTcpHandles();
  const first = await cycler.run();
  const goodAt = first.host('main').lastSuccessAt;

  await main.stopServer();
  try {
    const broken = await cycler.run();
    assert.is(broken.host('main').error?.code, 'CONNECTION-REFUSED');
    assert.is(broken.host('main').lastSuccessAt, goodAt);
    for (const ups of broken.host('main').ups) {
      assert.is(ups.stale, true);
      assert.is(ups.lastSuccessAt, goodAt);
    }
    assert.ok(pageShowsError(broken.html, broken.host('main').error ?? { code: '', message: '' }));
    assert.ok(pageShowsAge(broken.html, broken.status.generatedAt, goodAt ?? ''));
    assert.is(broken.host('other').error, null);
    assert.ok(broken.status.summary.hostsDown.includes('main'));
    await cycler.run();
  } finally {
    await main.startServer();
  }
  const back = await cycler.run();
  assert.is(back.host('main').error, null);
  assert.is(back.ups('main', 'alpha').stale, false);
  assert.is(openTcpHandles(), handles, 'no socket left open');
  assert.equal(
    cycler.logs.map((event) => event.kind),
    ['host-unreachable', 'host-back'],
  );
});

dies.run();

const access = suite('credentials and addresses against a real upsd');

access('a wrong password does not stop a read-only poll, and the page still shows the data', async () => {
  // upsd checks credentials only for LOGIN, SET and INSTCMD (reference §6); a status page never sends those.
  const upsd = await startUpsd([{ name: 'ups1', dev: 'ups.status: OL\n' }], {
    users: '[monitor]\n  password = "right-one"\n  upsmon secondary\n',
  });
  const cycler = await createCycler({
    timeoutMs: TIMEOUT_MS,
    hosts: [{ name: 'lab', host: upsd.host, port: upsd.port, username: 'monitor', password: 'wrong-one' }],
  });
  try {
    const published = await cycler.run();
    assert.is(published.host('lab').error, null);
    assert.is(published.ups('lab', 'ups1').vars['ups.status'], 'OL');
  } finally {
    await cycler.cleanup();
    await upsd.stop();
  }
});

access('a host name that does not resolve is an error on that host only', async () => {
  const upsd = await startUpsd([{ name: 'ups1', dev: 'ups.status: OL\n' }]);
  const cycler = await createCycler({
    timeoutMs: TIMEOUT_MS,
    hosts: [
      { name: 'ghost', host: 'nas.does-not-exist.invalid' },
      { name: 'lab', host: upsd.host, port: upsd.port },
    ],
  });
  try {
    const published = await cycler.run();
    // Without a resolver answering, the lookup is cut by the connect phase's limit.
    const ghost = published.host('ghost').error;
    if (ghost?.code === 'TIMEOUT') assert.match(ghost.message, new RegExp(`^Timeout awaiting connect from nas\\.does-not-exist\\.invalid:3493 for ${TIMEOUT_MS}ms$`));
    else assert.is(ghost?.code, 'HOST-NOT-FOUND');
    assert.ok(published.html.includes('nas.does-not-exist.invalid'));
    assert.is(published.host('lab').error, null);
    assert.is(published.status.summary.severity, 'warning', 'a host down is a warning, not "all fine"');
  } finally {
    await cycler.cleanup();
    await upsd.stop();
  }
});

access('IPv6 loopback as the host', async () => {
  const upsd = await startUpsd([{ name: 'ups1', dev: 'ups.status: OL\nbattery.charge: 80\n' }], { listen: ['127.0.0.1', '::1'] });
  const cycler = await createCycler({ timeoutMs: TIMEOUT_MS, hosts: [{ name: 'v6', host: '::1', port: upsd.port }] });
  try {
    const published = await cycler.run();
    assert.is(published.host('v6').error, null);
    assert.is(published.host('v6').address, `[::1]:${upsd.port}`);
    assert.is(published.ups('v6', 'ups1').vars['battery.charge'], '80');
    assert.ok(published.html.includes(`[::1]:${upsd.port}`));
  } finally {
    await cycler.cleanup();
    await upsd.stop();
  }
});

access.run();
