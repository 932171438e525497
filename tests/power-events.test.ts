// Power events from successive snapshots, one condition at a time: each flag with its own event,
// the alarm text, the self-test result, a host and a driver that go and come back, and what a
// first look at a UPS says (issue 8 "Power events").

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { emptyTrack, type EventTrack, type PowerEvent } from '../src/snapshot/events.ts';
import { deriveEvents } from '../src/snapshot/power-events.ts';
import { onMains, snapshotOf, type FakeHost } from './helpers/page-snapshot.ts';

const T0 = Date.parse('2026-09-01T12:00:00Z');

/** Runs the derivation over states a minute apart; returns every event as "type text". */
function eventsOver(states: readonly FakeHost[][], gapSeconds = 180): { events: PowerEvent[]; track: EventTrack } {
  let track = emptyTrack();
  const events: PowerEvent[] = [];
  states.forEach((hosts, i) => {
    const snapshot = { ...snapshotOf(hosts), generatedAt: new Date(T0 + i * 60_000).toISOString() };
    const derived = deriveEvents(track, snapshot, { gapSeconds });
    events.push(...derived.events);
    track = derived.track;
  });
  return { events, track };
}

const one = (vars: Record<string, string> | null, extra: Partial<FakeHost> = {}): FakeHost[] => [{ name: 'nas', ups: [{ name: 'ups', vars }], ...extra }];
const words = (events: readonly PowerEvent[]) => events.map((event) => `${event.type}: ${event.text}`);

const events = suite('power events');

events('each flag with an event of its own is said when it comes and when it goes', () => {
  for (const [token, set, cleared] of [
    ['LB', 'low-battery: Battery low', 'low-battery-cleared: Battery no longer low'],
    ['RB', 'replace-battery: Battery needs replacing', 'replace-battery-cleared: Battery replacement no longer requested'],
    ['OVER', 'overload: Overloaded', 'overload-cleared: No longer overloaded'],
    ['BYPASS', 'bypass: On bypass, no battery protection', 'bypass-cleared: Off bypass'],
    ['FSD', 'forced-shutdown: Forced shutdown', 'forced-shutdown-cleared: Forced shutdown cleared'],
  ] as const) {
    const { events: found } = eventsOver([one(onMains()), one(onMains({ 'ups.status': `OL ${token}` })), one(onMains({ 'ups.status': `OL ${token}` })), one(onMains())]);
    assert.equal(words(found), [set, cleared], token);
  }
});

events('on battery and back: the duration and the lowest charge and runtime reached', () => {
  const ob = (charge: string, runtime: string) => one(onMains({ 'ups.status': 'OB DISCHRG', 'battery.charge': charge, 'battery.runtime': runtime }));
  const { events: found } = eventsOver([one(onMains()), ob('90', '1200'), ob('70', '600'), ob('75', '700'), one(onMains({ 'battery.charge': '76' }))]);
  assert.equal(words(found), ['on-battery: On battery, charge 90 %, runtime 20 min', 'on-mains: Back on mains: on battery for 3 min, lowest charge 70 %, lowest runtime 10 min']);
  assert.is(found[1]?.durationSeconds, 180);
  assert.is(found[1]?.lowestCharge, 70);
  assert.is(found[1]?.lowestRuntimeSeconds, 600);
});

events('alarm text changes and self-test results after the first reading', () => {
  const { events: found } = eventsOver([
    one(onMains({ 'ups.test.result': 'Done and passed' })),
    one(onMains({ 'ups.test.result': 'Done and passed', 'ups.alarm': 'Fan failure' })),
    one(onMains({ 'ups.test.result': 'Done and passed', 'ups.alarm': 'Fan failure, Overheat' })),
    one(onMains({ 'ups.test.result': 'Done and warning' })),
  ]);
  assert.equal(words(found), ['alarm: Alarm: Fan failure', 'alarm: Alarm: Fan failure, Overheat', 'alarm-cleared: Alarm cleared', 'self-test: Self-test result: Done and warning']);
});

events('a host unreachable and back, a driver lost and back, each once, with how long', () => {
  // A down host without a previous snapshot lists no UPS: its UPS is still not "appeared" when it is back.
  const down: FakeHost[] = [{ name: 'nas', error: { code: 'CONNECTION-REFUSED', message: 'refused' } }];
  const { events: found } = eventsOver([one(onMains()), down, down, one(onMains()), one(null), one(null), one(null), one(onMains())]);
  assert.equal(found.map((event) => `${event.type} ${event.ups ?? '-'} ${event.durationSeconds ?? ''}`), [
    'host-unreachable - ',
    'host-back - 120',
    'driver-lost ups ',
    'driver-back ups 180',
  ]);
  assert.is(found[0]?.code, 'CONNECTION-REFUSED');
  assert.is(found[2]?.code, 'DRIVER-NOT-CONNECTED');
});

events('a gap in the middle of an outage is left out of its duration, which says "at least"', () => {
  const ob = one(onMains({ 'ups.status': 'OB DISCHRG', 'battery.charge': '80', 'battery.runtime': '900' }));
  const down: FakeHost[] = [{ name: 'nas', error: { code: 'CONNECTION-REFUSED', message: 'refused' } }];
  // The job stopped for an hour while on battery, and it was still on battery after.
  let track = emptyTrack();
  const stopped: PowerEvent[] = [];
  for (const [minute, hosts] of [[0, one(onMains())], [1, ob], [2, ob], [62, ob], [63, one(onMains())]] as const) {
    const derived = deriveEvents(track, { ...snapshotOf(hosts), generatedAt: new Date(T0 + minute * 60_000).toISOString() }, { gapSeconds: 180 });
    stopped.push(...derived.events);
    track = derived.track;
  }
  const back = stopped.filter((event) => event.type === 'on-mains');
  assert.equal(words(back), ['on-mains: Back on mains, with a gap in monitoring during the outage: on battery for at least 2 min, lowest charge 80 %, lowest runtime 15 min']);
  assert.is(back[0]?.durationSeconds, 120);
  // The host unreachable for 5 min (longer than the gap limit) while on battery: the same.
  const { events: found } = eventsOver([one(onMains()), ob, down, down, down, down, ob, one(onMains())]);
  const mains = found.filter((event) => event.type === 'on-mains');
  assert.equal(words(mains), ['on-mains: Back on mains, with a gap in monitoring during the outage: on battery for at least 1 min, lowest charge 80 %, lowest runtime 15 min']);
  assert.is(mains[0]?.durationSeconds, 60);
  // The next outage, seen whole, counts whole again.
  const { events: again } = eventsOver([one(onMains()), ob, down, down, down, down, ob, one(onMains()), ob, ob, one(onMains())]);
  assert.is(again.filter((event) => event.type === 'on-mains')[1]?.text, 'Back on mains: on battery for 2 min, lowest charge 80 %, lowest runtime 15 min');
});

events('a host unreachable from its first cycle: its UPSes are not "appeared" when it answers', () => {
  const down: FakeHost[] = [{ name: 'nas', error: { code: 'CONNECTION-REFUSED', message: 'refused' } }];
  assert.equal(eventsOver([down, down, one(onMains())]).events.map((event) => event.type), ['host-unreachable', 'host-back']);
  // A host that answered before still tells of a UPS it starts listing, even after being down.
  const { events: found } = eventsOver([[{ name: 'nas', ups: [] }], one(onMains()), down, [{ name: 'nas', ups: [{ name: 'ups', vars: onMains() }, { name: 'ups2', vars: onMains() }] }]]);
  assert.equal(found.map((event) => `${event.type} ${event.ups ?? '-'}`), ['ups-appeared ups', 'host-unreachable -', 'host-back -', 'ups-appeared ups2']);
});

events('an ups.alarm of "0" without the ALARM word is no alarm (Ablerex, nutdrv_qx)', () => {
  const { events: found } = eventsOver([one(onMains({ 'ups.alarm': '0' })), one(onMains({ 'ups.alarm': ' ' })), one(onMains({ 'ups.alarm': 'Fan failure' })), one(onMains({ 'ups.alarm': '0' }))]);
  assert.equal(words(found), ['alarm: Alarm: Fan failure', 'alarm-cleared: Alarm cleared']);
});

events('a first look says what needs saying now, not the past', () => {
  const { events: found } = eventsOver([one(onMains({ 'ups.status': 'OB RB', 'ups.test.result': 'Done and passed' }))]);
  assert.equal(found.map((event) => event.type), ['on-battery', 'replace-battery']);
});

events('a pause longer than the limit is a monitoring gap; the clock stepping back is not', () => {
  let track = emptyTrack();
  const at = (ms: number) => ({ ...snapshotOf(one(onMains())), generatedAt: new Date(ms).toISOString() });
  const types: string[] = [];
  for (const ms of [T0, T0 + 60_000, T0 + 3_660_000, T0 + 60_000, T0 + 120_000]) {
    const derived = deriveEvents(track, at(ms), { gapSeconds: 180 });
    types.push(...derived.events.map((event) => `${event.type} ${event.durationSeconds}`));
    track = derived.track;
  }
  assert.equal(types, ['monitoring-gap 3600']);
});

events.run();
