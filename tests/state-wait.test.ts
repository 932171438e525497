// A UPS whose driver is (re)connecting: upsd answers `ups.status: WAIT` until the driver's first
// data (reference §7). Seen live after a driver restart, where it lasts about a second: too short
// to catch every time, so here the driver itself says WAIT for two seconds of each loop.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { PowerEvent } from '../src/snapshot/events.ts';
import { createCycler, type Published } from './helpers/cycle.ts';
import { startUpsd } from './helpers/upsd.ts';
import { waitUntil } from './helpers/wait.ts';

const ON_BATTERY_THEN_WAIT = ['ups.status: OB DISCHRG', 'battery.charge: 50', 'battery.runtime: 600', 'TIMER 2', 'ups.status: WAIT', 'TIMER 2', ''].join('\n');

/** A cycle taken while upsd said WAIT: shown as such, or (rightly) as the last good values with that reason. */
const duringWait = (published: Published) => {
  const rack = published.ups('lab', 'rack');
  return rack.vars['ups.status'] === 'WAIT' || rack.error?.code === 'WAIT';
};

const wait = suite('a driver that is (re)connecting');

wait('keeps the last good values of a UPS on battery, and says no "back on mains"', async () => {
  const upsd = await startUpsd([{ name: 'rack', seq: true, dev: ON_BATTERY_THEN_WAIT }]);
  const cycler = await createCycler({ hosts: [{ name: 'lab', host: upsd.host, port: upsd.port }] });
  try {
    const events: PowerEvent[] = [];
    const waits: Published[] = [];
    // Cycles until one fell in the WAIT part and one after it had data again.
    await waitUntil(async () => {
      const published = await cycler.run();
      events.push(...published.result.events);
      if (duringWait(published)) waits.push(published);
      else if (waits.length > 0) return true;
      return undefined;
    }, 'a cycle during WAIT, then one with data');

    for (const published of waits) {
      const rack = published.status.byId.lab_rack;
      assert.is(rack?.batteryCharge, 50, 'the last good charge is still shown');
      assert.is(rack?.status, 'OB DISCHRG', 'the last good status is still shown');
      assert.is(rack?.stale, true, 'marked as not current');
      assert.is(rack?.error, 'WAIT');
      // Read alone (Homepage, Glance), the state must not say the UPS is on battery now.
      assert.match(rack?.state ?? '', /^No current data \(last known: on battery/);
      assert.is(published.status.summary.severity, 'warning');
      assert.not.match(published.status.summary.headline, /fine|on mains/);
    }
    assert.equal(
      events.filter((event) => event.type === 'on-battery' || event.type === 'on-mains').map((event) => event.type),
      ['on-battery'],
      'one outage, not "back on mains" and "on battery" again',
    );
    // A driver that is connecting has not been lost: no "driver-lost" and "driver-back" each loop either.
    assert.equal(events.filter((event) => event.type.startsWith('driver-')), []);
  } finally {
    await cycler.cleanup();
    await upsd.stop();
  }
});

wait.run();
