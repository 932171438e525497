// A host or driver that came back while the job was not looking (stopped, the machine asleep):
// it came back somewhere in that gap, so the event counts only the time it was seen out and says
// "at least", as "back on mains" does (README "Power events"). Real upsd, real cycles; the clock
// is the test's, so the job can be "stopped" for eight hours in no time.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createCycler } from './helpers/cycle.ts';
import { startUpsd, upsdSeesDriver } from './helpers/upsd.ts';

const gap = suite('back after a gap in monitoring');

gap('host-back and driver-back count only the time seen, not the gap', async () => {
  const upsd = await startUpsd([
    { name: 'rack', dev: 'ups.status: OL\n' },
    { name: 'spare', dev: 'ups.status: OL\n' },
  ]);
  const cycler = await createCycler({ hosts: [{ name: 'lab', host: upsd.host, port: upsd.port }] });
  // Each cycle is a minute after the last; `stoppedFor` moves the clock on as a stopped job sees it.
  const clock = cycler.deps.now;
  let stoppedFor = 0;
  cycler.deps.now = () => new Date(clock().getTime() + stoppedFor);
  try {
    await cycler.run();
    await upsd.stopDriver('spare');
    await cycler.run(); // 00:02 spare's driver lost
    await upsd.stopServer();
    await cycler.run(); // 00:03 host down
    await cycler.run(); // 00:04 the last cycle before the job stops
    await upsd.startDriver('spare');
    await upsd.startServer();
    await upsdSeesDriver(upsd, 'spare');
    stoppedFor = 8 * 3600_000;
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
  } finally {
    await cycler.cleanup();
    await upsd.stop();
  }
});

gap('out on both sides of a gap, then back while the job looks: the gap is left out and "at least" said', async () => {
  const upsd = await startUpsd([
    { name: 'rack', dev: 'ups.status: OL\n' },
    { name: 'spare', dev: 'ups.status: OL\n' },
  ]);
  const cycler = await createCycler({ hosts: [{ name: 'lab', host: upsd.host, port: upsd.port }] });
  const clock = cycler.deps.now;
  let stoppedFor = 0;
  cycler.deps.now = () => new Date(clock().getTime() + stoppedFor);
  const said = (run: Awaited<ReturnType<typeof cycler.run>>) => run.result.events.map((event) => `${event.type}: ${event.text} (${event.durationSeconds ?? ''})`);
  try {
    await cycler.run();
    await upsd.stopDriver('spare');
    await cycler.run(); // 00:02 spare's driver lost
    await cycler.run(); // 00:03 the last cycle before the job stops
    stoppedFor = 8 * 3600_000;
    assert.equal(said(await cycler.run()).slice(1), [], 'still no data after the gap: nothing yet'); // 08:04
    await upsd.startDriver('spare');
    await upsdSeesDriver(upsd, 'spare');
    // 08:05: out 8 h 03 min since 00:02, of which the 8 h 01 min gap is unknown.
    assert.equal(said(await cycler.run()), ['driver-back: Data again, with a gap in monitoring meanwhile: no data for at least 2 min (120)']);

    await upsd.stopServer();
    await cycler.run(); // 08:06 host down
    await cycler.run(); // 08:07 the last cycle before the job stops again
    stoppedFor += 8 * 3600_000;
    await cycler.run(); // 16:08 still down
    await upsd.startServer();
    assert.equal(said(await cycler.run()), ['host-back: Host reachable again, with a gap in monitoring meanwhile: unreachable for at least 2 min (120)']);
  } finally {
    await cycler.cleanup();
    await upsd.stop();
  }
});

gap.run();
