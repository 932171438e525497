// Last good data and freshness against a real upsd: a UPS that upsd stops listing is reported as
// gone, last values survive a restart of the job, and the log is one line per change, quiet when
// all is well, detailed with --verbose.

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readPreviousSnapshot } from '../src/app/read-previous.ts';
import { initialRunState } from '../src/app/run-once.ts';
import { createCycler } from './helpers/cycle.ts';
import { freePort, startUpsd } from './helpers/upsd.ts';

const fresh = suite('last good data');

fresh('a UPS that upsd stops listing is reported as gone with its last values, not dropped', async () => {
  const upsd = await startUpsd([
    { name: 'keep', dev: 'ups.status: OL\n' },
    { name: 'leaving', dev: 'ups.status: OL\nbattery.charge: 42\n' },
  ]);
  const cycler = await createCycler({ hosts: [{ name: 'lab', host: upsd.host, port: upsd.port }] });
  try {
    const first = await cycler.run();
    const goodAt = first.ups('lab', 'leaving').lastSuccessAt;
    await upsd.unlistUps('leaving');

    const after = await cycler.run();
    const leaving = after.ups('lab', 'leaving');
    assert.is(leaving.gone, true);
    assert.is(leaving.stale, true);
    assert.is(leaving.lastSuccessAt, goodAt);
    assert.is(leaving.vars['battery.charge'], '42');
    assert.is(after.ups('lab', 'keep').gone, false);
    assert.ok(after.html.includes('leaving'), 'the page still lists the UPS');
    assert.is(after.status.summary.severity, 'warning', 'a UPS gone is a warning, not "all fine"');
  } finally {
    await cycler.cleanup();
    await upsd.stop();
  }
});

fresh('a UPS the config stops asking for leaves the page; it is not "gone" while upsd lists it', async () => {
  const upsd = await startUpsd([
    { name: 'keep', dev: 'ups.status: OL\n' },
    { name: 'spare-unit', dev: 'ups.status: OL\n' },
  ]);
  const before = await createCycler({ hosts: [{ name: 'lab', host: upsd.host, port: upsd.port }] });
  // Restarted with `ups` narrowed to one of the two, on the status.json the first run left.
  const after = await createCycler({ outDir: before.outDir, hosts: [{ name: 'lab', host: upsd.host, port: upsd.port, ups: ['keep'] }] });
  try {
    await before.run();
    after.state = initialRunState(await readPreviousSnapshot(after.outDir, after.deps.log));
    const narrowed = await after.run();
    assert.equal(narrowed.host('lab').ups.map((ups) => ups.name), ['keep']);
    assert.is(narrowed.status.summary.severity, 'ok');
    assert.equal(narrowed.status.summary.problems, []);
    assert.not.ok(narrowed.html.includes('spare-unit'), 'the page no longer shows it');
  } finally {
    await before.cleanup();
    await upsd.stop();
  }
});

fresh('last good values survive a restart of the job while the host is down', async () => {
  const upsd = await startUpsd([{ name: 'ups1', dev: 'ups.status: OL\nbattery.charge: 64\n' }]);
  const cycler = await createCycler({ hosts: [{ name: 'lab', host: upsd.host, port: upsd.port }] });
  try {
    const first = await cycler.run();
    const goodAt = first.ups('lab', 'ups1').lastSuccessAt;
    await upsd.stop();
    // A new process: its state starts from the status.json the old one left.
    cycler.state = initialRunState(await readPreviousSnapshot(cycler.outDir, cycler.deps.log));
    const after = await cycler.run();
    const ups1 = after.ups('lab', 'ups1');
    assert.is(after.host('lab').error?.code, 'CONNECTION-REFUSED');
    assert.is(ups1.stale, true);
    assert.is(ups1.lastSuccessAt, goodAt);
    assert.is(ups1.vars['battery.charge'], '64');
    assert.is.not(after.status.generatedAt, goodAt);
  } finally {
    await cycler.cleanup();
    await upsd.stop();
  }
});

fresh('a damaged status.json from an earlier run is ignored, and the job carries on while the host is down', async () => {
  const cycler = await createCycler({ hosts: [{ name: 'lab', host: '127.0.0.1', port: await freePort() }] });
  const ups = { name: 'ups1', description: '', vars: { 'ups.status': 'OL' }, lastSuccessAt: '2026-01-01T00:00:00.000Z', error: null };
  const damaged = [
    '{"schemaVersion": 1, "hosts": [',
    { schemaVersion: 1, hosts: [{ name: 'lab', lastSuccessAt: null, error: null, ups: [{ ...ups, vars: { 'ups.status': 5 } }] }] },
    { schemaVersion: 1, hosts: [{ name: 'lab', lastSuccessAt: null, error: null, ups: [{ ...ups, vars: { 'ups.status': null } }] }] },
    { schemaVersion: 1, hosts: [{ name: 'lab', lastSuccessAt: null, error: 'down', ups: [ups] }] },
    { schemaVersion: 1, hosts: [{ name: 'lab', lastSuccessAt: null, error: null, ups: [null] }] },
  ];
  try {
    for (const content of damaged) {
      await writeFile(path.join(cycler.outDir, 'status.json'), typeof content === 'string' ? content : JSON.stringify(content));
      cycler.state = initialRunState(await readPreviousSnapshot(cycler.outDir, cycler.deps.log));
      const published = await cycler.run();
      assert.is(published.host('lab').error?.code, 'CONNECTION-REFUSED', JSON.stringify(content));
    }
  } finally {
    await cycler.cleanup();
  }
});

fresh.run();

const logging = suite('log lines');

logging('quiet while all is well; one line when a host goes down and one when it is back', async () => {
  const upsd = await startUpsd([{ name: 'ups1', dev: 'ups.status: OL\n' }]);
  const cycler = await createCycler({ hosts: [{ name: 'lab', host: upsd.host, port: upsd.port }] });
  try {
    for (let i = 0; i < 3; i++) await cycler.run();
    assert.equal(cycler.logs, [], 'nothing to say');
    await upsd.stopServer();
    for (let i = 0; i < 4; i++) await cycler.run();
    await upsd.startServer();
    for (let i = 0; i < 3; i++) await cycler.run();
    assert.equal(
      cycler.logs.map((event) => `${event.kind} ${String(event.host)}`),
      ['host-unreachable lab', 'host-back lab'],
    );
    assert.is(cycler.logs[0]?.code, 'CONNECTION-REFUSED');
    assert.ok(typeof cycler.logs[0]?.time === 'string');
  } finally {
    await cycler.cleanup();
    await upsd.stop();
  }
});

logging('--verbose adds a line per cycle', async () => {
  const cycler = await createCycler({ hosts: [{ name: 'lab', host: '127.0.0.1', port: await freePort() }] }, { verbose: true });
  try {
    for (let i = 0; i < 3; i++) await cycler.run();
    assert.equal(
      cycler.logs.map((event) => event.kind),
      ['host-unreachable', 'run-finished', 'run-finished', 'run-finished'],
    );
  } finally {
    await cycler.cleanup();
  }
});

logging.run();
