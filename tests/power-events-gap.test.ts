// A host or driver that came back while the job was not looking (stopped, the machine asleep):
// it came back somewhere in that gap, so the event counts only the time it was seen out and says
// "at least", as "back on mains" does (README "Power events"). Real upsd, real cycles; the clock
// is the test's, so the job can be "stopped" for eight hours in no time.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createCycler, type Cycler } from './helpers/cycle.ts';
import { startUpsd, upsdSeesDriver, type Upsd } from './helpers/upsd.ts';

/**
 * A upsd with `rack` and `spare` and cycles against it, each a minute after the last; `stop(ms)`
 * moves the clock on as a job stopped that long sees it.
 */
async function withLab(test: (lab: { upsd: Upsd; cycler: Cycler; stop(ms: number): void }) => Promise<void>): Promise<void> {
  const upsd = await startUpsd([
    { name: 'rack', dev: 'ups.status: OL\n' },
    { name: 'spare', dev: 'ups.status: OL\n' },
  ]);
  const cycler = await createCycler({ hosts: [{ name: 'lab', host: upsd.host, port: upsd.port }] });
  const clock = cycler.deps.now;
  let stoppedFor = 0;
  cycler.deps.now = () => new Date(clock().getTime() + stoppedFor);
  try {
    await test({ upsd, cycler, stop: (ms) => void (stoppedFor += ms) });
  } finally {
    await cycler.cleanup();
    await upsd.stop();
  }
}

const gap = suite('back after a gap in monitoring');

gap('host-back and driver-back count only the time seen, not the gap', () =>
  withLab(async ({ upsd, cycler, stop }) => {
    await cycler.run();
    await upsd.stopDriver('spare');
    await cycler.run(); // 00:02 spare's driver lost
    await upsd.stopServer();
    await cycler.run(); // 00:03 host down
    await cycler.run(); // 00:04 the last cycle before the job stops
    await upsd.startDriver('spare');
    await upsd.startServer();
    await upsdSeesDriver(upsd, 'spare');
    stop(8 * 3600_000);
    const back = await cycler.run();

    const said = back.result.events.map((event) => `${event.type}: ${event.text} (${event.durationSeconds ?? ''})`);
    assert.equal(said, [
      'monitoring-gap: Not monitored for 8 h 01 min, since 2026-01-01 00:04 UTC (28860)',
      'host-back: Host reachable again, noticed after a gap: unreachable for at least 1 min (60)',
      'driver-back: Data again, noticed after a gap: no data for at least 2 min (120)',
    ]);
    const logged = cycler.logs.filter((line) => line.kind === 'host-back' || line.kind === 'driver-back');
    assert.equal(logged.map((line) => line.durationSeconds), [60, 120], 'the log says the same');

    // Out and back while the job looks: the whole time, as before.
    await upsd.stopServer();
    await cycler.run();
    await upsd.startServer();
    const seen = await cycler.run();
    assert.equal(seen.result.events.map((event) => `${event.type}: ${event.text}`), ['host-back: Host reachable again after 1 min']);
  }),
);

gap('out on both sides of a gap, then back while the job looks: the gap is left out and "at least" said', () =>
  withLab(async ({ upsd, cycler, stop }) => {
    const said = (run: Awaited<ReturnType<Cycler['run']>>) => run.result.events.map((event) => `${event.type}: ${event.text} (${event.durationSeconds ?? ''})`);
    await cycler.run();
    await upsd.stopDriver('spare');
    await cycler.run(); // 00:02 spare's driver lost
    await cycler.run(); // 00:03 the last cycle before the job stops
    stop(8 * 3600_000);
    assert.equal(said(await cycler.run()).slice(1), [], 'still no data after the gap: nothing yet'); // 08:04
    await upsd.startDriver('spare');
    await upsdSeesDriver(upsd, 'spare');
    // 08:05: out 8 h 03 min since 00:02, of which the 8 h 01 min gap is unknown.
    assert.equal(said(await cycler.run()), ['driver-back: Data again, with a gap in monitoring meanwhile: no data for at least 2 min (120)']);

    await upsd.stopServer();
    await cycler.run(); // 08:06 host down
    await cycler.run(); // 08:07 the last cycle before the job stops again
    stop(8 * 3600_000);
    await cycler.run(); // 16:08 still down
    await upsd.startServer();
    assert.equal(said(await cycler.run()), ['host-back: Host reachable again, with a gap in monitoring meanwhile: unreachable for at least 2 min (120)']);
  }),
);

gap.run();
