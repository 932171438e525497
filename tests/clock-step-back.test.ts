// The wall clock stepped back while something was under way (NTP correcting a clock that ran
// ahead): the period began that much earlier on the clock that now runs, so its duration counts
// the time before the step too.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { emptyTrack, type PowerEvent } from '../src/snapshot/events.ts';
import { deriveEvents } from '../src/snapshot/power-events.ts';
import { onMains, snapshotOf, type FakeHost } from './helpers/page-snapshot.ts';

const T0 = Date.parse('2026-09-01T23:00:30Z');
const MINUTE = 60_000;

/** Cycles at the given wall-clock times (ms after T0, as the clock read them); every event said. */
function eventsAt(cycles: readonly [number, FakeHost[]][]): PowerEvent[] {
  let track = emptyTrack();
  const events: PowerEvent[] = [];
  for (const [at, hosts] of cycles) {
    const derived = deriveEvents(track, { ...snapshotOf(hosts), generatedAt: new Date(T0 + at).toISOString() }, { gapSeconds: 180 });
    events.push(...derived.events);
    track = derived.track;
  }
  return events;
}

const ups = (status: string | null): FakeHost[] => [{ name: 'nas', ups: [{ name: 'ups', vars: status === null ? null : onMains({ 'ups.status': status }) }] }];
const down: FakeHost[] = [{ name: 'nas', error: { code: 'CONNECTION-REFUSED', message: 'refused' } }];

const stepBack = suite('a clock stepped back during an outage');

stepBack('15 min on battery with the clock stepped back 10 min meanwhile is told as 14 min (the minute of the step is lost), not 4', () => {
  // A cycle a minute; at 23:10:30 the clock is set back to 23:00:30 (the minute between is lost).
  const cycles: [number, FakeHost[]][] = [[0, ups('OL')], [MINUTE, ups('OB')]];
  for (let minute = 2; minute <= 10; minute++) cycles.push([minute * MINUTE, ups('OB')]);
  for (let minute = 0; minute <= 5; minute++) cycles.push([minute * MINUTE, ups(minute < 5 ? 'OB' : 'OL')]);
  const back = eventsAt(cycles).find((event) => event.type === 'on-mains');
  assert.match(back?.text ?? '', /^Back on mains: on battery for 14 min,/);
  assert.is(back?.durationSeconds, 14 * 60);
});

stepBack('a host and a driver out across a step back of 3 h: their outages are not "0 s"', () => {
  const hour = 60 * MINUTE;
  const hostBack = eventsAt([[0, ups('OL')], [MINUTE, down], [2 * MINUTE, down], [2 * MINUTE - 3 * hour, down], [3 * MINUTE - 3 * hour, ups('OL')]]).find((event) => event.type === 'host-back');
  assert.is(hostBack?.durationSeconds, 2 * 60);
  const driverBack = eventsAt([[0, ups('OL')], [MINUTE, ups(null)], [2 * MINUTE, ups(null)], [2 * MINUTE - 3 * hour, ups(null)], [3 * MINUTE - 3 * hour, ups('OL')]]).find((event) => event.type === 'driver-back');
  assert.is(driverBack?.durationSeconds, 2 * 60);
});

stepBack.run();
