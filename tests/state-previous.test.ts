// The previous status.json as a person may leave it: opened and saved again in an editor. Its last
// good values must still carry a UPS whose host is down at start.

import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readPreviousSnapshot } from '../src/app/read-previous.ts';
import { initialRunState } from '../src/app/run-once.ts';
import { createCycler } from './helpers/cycle.ts';
import { startUpsd } from './helpers/upsd.ts';

const previous = suite('previous status.json saved again by an editor');

previous('a byte order mark in front (Windows editors) keeps the last good values', async () => {
  const upsd = await startUpsd([{ name: 'rack', dev: 'ups.status: OL\nbattery.charge: 73\n' }]);
  const cycler = await createCycler({ hosts: [{ name: 'lab', host: upsd.host, port: upsd.port }] });
  try {
    const first = await cycler.run();
    await upsd.stop();
    const file = path.join(cycler.outDir, 'status.json');
    // Saved as "UTF-8 with BOM" and CRLF line ends, as Notepad did until Windows 10 1903.
    await writeFile(file, `\uFEFF${(await readFile(file, 'utf8')).replace(/\n/g, '\r\n')}`);
    cycler.state = initialRunState(await readPreviousSnapshot(cycler.outDir, cycler.deps.log));
    const after = await cycler.run();
    assert.equal(cycler.logs.filter((line) => line.kind === 'previous-ignored'), []);
    const rack = after.ups('lab', 'rack');
    assert.is(rack.vars['battery.charge'], '73');
    assert.is(rack.stale, true);
    assert.is(rack.lastSuccessAt, first.ups('lab', 'rack').lastSuccessAt);
    assert.is(after.status.byId.lab_rack?.batteryCharge, 73);
  } finally {
    await cycler.cleanup();
    await upsd.stop();
  }
});

previous.run();
