// An upgrade in place: this version starts on a store an earlier version wrote (fixtures in
// tests/fixtures/upgrade/, each named by the commit that wrote it) and goes on from all it holds,
// with the first cycle's events as they would have been without the upgrade.

import { cp } from 'node:fs/promises';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { textOf } from '../src/publish/atomic-write.ts';
import { REPO } from './helpers/cli.ts';
import { createSim, upsVars } from './helpers/history-sim.ts';

const FIXTURES = path.join(REPO, 'tests', 'fixtures', 'upgrade');

interface Status {
  historySince: string;
  events: { time: string; ups: string | null; type: string }[];
}

const upgrade = suite('history written by earlier versions');

upgrade('a kill before state.json, in a store from before events were counted, does not tell an outage twice', async () => {
  // The killed 23:17 run had seen ups1 go on battery; the first run of this version, at 23:22, sees it still on battery.
  const onBattery = upsVars({ 'ups.status': 'OB DISCHRG', 'battery.charge': '80', 'battery.runtime': '900', 'ups.load': '25', 'ups.realpower.nominal': '400' });
  const sim = await createSim({ lab: { reachable: true, ups: { ups1: onBattery, ups2: upsVars() } } }, Date.parse('2026-10-31T23:22:00.000Z'));
  try {
    await cp(path.join(FIXTURES, 'c41dc61-killed'), sim.dataDir, { recursive: true });
    await sim.restart();
    const result = await sim.cycle(true);
    const status = JSON.parse(textOf(result.files.find((file) => file.name === 'status.json')?.content ?? '{}')) as Status;

    assert.equal(sim.logs.filter((line) => line.kind === 'history-damaged'), [], 'every file is read');
    assert.is(status.historySince, '2026-10-31T21:02:00.154Z', 'the history goes on from when it began');
    const outages = status.events.filter((event) => event.ups === 'ups1').map((event) => `${event.time.slice(11, 16)} ${event.type}`);
    assert.equal(outages, ['23:22 on-battery', '22:17 on-mains', '21:52 on-battery'], 'one on-battery for the outage under way');
  } finally {
    await sim.cleanup();
  }
});

upgrade.run();
