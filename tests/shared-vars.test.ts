// Structural sharing across cycles (issue 11, "Scale"): a UPS whose variables did not change keeps
// the very same `vars` object in the new snapshot, and with it its flags, metrics and reasons, so
// outputs can memoize on identity; a UPS with one new value gets new objects, and the old snapshot
// keeps its old values. The scripted server, because upsd's values cannot be changed on cue.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createSessionPool } from '../src/nut/pool.ts';
import { pollHost, type LastSeen } from '../src/poll/poll-all.ts';
import { buildSnapshot } from '../src/snapshot/build.ts';
import type { Snapshot, UpsSnapshot } from '../src/snapshot/types.ts';
import { startFakeServer, type Units } from './helpers/fake-server.ts';

const sharing = suite('vars shared across cycles');

async function cycles(units: Units, change: () => void): Promise<[Snapshot, Snapshot]> {
  const server = await startFakeServer({ units });
  const sessions = createSessionPool({ keep: true });
  const host = { name: 'lab', host: server.host, port: server.port };
  try {
    let previous: Snapshot | null = null;
    const snapshots: Snapshot[] = [];
    for (const now of [new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:30Z')]) {
      const hostBefore = previous?.hosts[0];
      const seen: LastSeen | undefined = hostBefore && { listed: hostBefore.ups.map((ups) => ups.name), ups: hostBefore.ups };
      const poll = await pollHost(host, 3000, { sessions }, new Map(), seen);
      previous = buildSnapshot({ title: 'T', polls: [poll], previous, now, descriptions: new Map(), cadenceSeconds: 30 });
      snapshots.push(previous);
      change();
    }
    return snapshots as [Snapshot, Snapshot];
  } finally {
    await sessions.close();
    await server.close();
  }
}

const upsOf = (snapshot: Snapshot, name: string) => snapshot.hosts[0]?.ups.find((ups) => ups.name === name) as UpsSnapshot;

sharing('an unchanged UPS keeps its objects; a changed one gets new ones with the new value', async () => {
  const units: Units = {
    calm: { 'ups.status': 'OL', 'battery.charge': '100', 'ups.load': '20' },
    busy: { 'ups.status': 'OL', 'battery.charge': '100', 'ups.load': '20' },
    grows: { 'ups.status': 'OB', 'battery.charge': '40' },
  };
  const [first, second] = await cycles(units, () => {
    units.busy = { ...units.busy, 'ups.load': '95' };
    units.grows = { ...units.grows, 'battery.runtime': '600' };
  });

  const [calm1, calm2] = [upsOf(first, 'calm'), upsOf(second, 'calm')];
  assert.is(calm2.vars, calm1.vars, 'same vars object');
  assert.is(calm2.flags, calm1.flags);
  assert.is(calm2.metrics, calm1.metrics);
  assert.is(calm2.reasons, calm1.reasons);
  assert.is(calm2.lastSuccessAt, '2026-01-01T00:00:30.000Z', 'what belongs to this cycle is still new');

  const [busy1, busy2] = [upsOf(first, 'busy'), upsOf(second, 'busy')];
  assert.is.not(busy2.vars, busy1.vars);
  assert.is(busy2.vars['ups.load'], '95');
  assert.is(busy1.vars['ups.load'], '20', 'the old snapshot keeps its values');
  assert.is(busy2.metrics?.load, 95);
  assert.match(busy2.reasons.join(), /Load 95 % is high/);
  assert.equal(busy1.reasons, []);

  const [grows1, grows2] = [upsOf(first, 'grows'), upsOf(second, 'grows')];
  assert.is.not(grows2.vars, grows1.vars, 'a variable added is a change');
  assert.equal({ ...grows2.vars }, { 'ups.status': 'OB', 'battery.charge': '40', 'battery.runtime': '600' });
  assert.is(grows1.vars['battery.runtime'], undefined);
});

sharing('host descriptions are shared while upsd has taught nothing new', () => {
  const poll = { name: 'lab', address: 'lab:3493', error: null, ups: [], chosen: false, listed: [], learned: new Map() };
  const at = (descriptions: Map<string, string | null>, previous: Snapshot | null) =>
    buildSnapshot({ title: 'T', polls: [poll], previous, now: new Date('2026-01-01T00:00:00Z'), descriptions: new Map([['lab', descriptions]]), cadenceSeconds: 30 });
  const first = at(new Map([['ups.load', 'Load on UPS (percent of full)'], ['ups.id', null]]), null);
  const same = at(new Map([['ups.load', 'Load on UPS (percent of full)'], ['ups.id', null]]), first);
  const more = at(new Map([['ups.load', 'Load on UPS (percent of full)'], ['ups.id', 'UPS system identifier']]), same);
  assert.is(same.hosts[0]?.descriptions, first.hosts[0]?.descriptions);
  assert.is.not(more.hosts[0]?.descriptions, same.hosts[0]?.descriptions);
  assert.equal({ ...more.hosts[0]?.descriptions }, { 'ups.load': 'Load on UPS (percent of full)', 'ups.id': 'UPS system identifier' });
  assert.equal({ ...first.hosts[0]?.descriptions }, { 'ups.load': 'Load on UPS (percent of full)' });
});

sharing.run();
