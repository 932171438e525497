// Readings real drivers send that are not what their names promise, through a real upsd: a UPS
// on mains with nothing wrong must not show a warning for good because of them.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bundled } from './helpers/corpus.ts';
import { createCycler } from './helpers/cycle.ts';
import { startUpsd } from './helpers/upsd.ts';

// From Tripp_Lite__SMART1500LCDT__usbhid-ups__2.6.3__01.dev in the NUT DDL: this firmware reads
// 0 for every voltage (and 5990 Hz), while the UPS says it is on mains.
const TRIPP_LITE_SMART1500LCDT = [
  'battery.charge: 100',
  'battery.charge.low: 10',
  'battery.charge.warning: 30',
  'battery.runtime: 10800',
  'input.frequency: 5990.0',
  'input.transfer.high: 150.0',
  'input.transfer.low: 92.0',
  'input.voltage: 0.0',
  'input.voltage.nominal: 120',
  'output.voltage: 0.0',
  'ups.load: 0',
  'ups.power.nominal: 1500',
  'ups.status: OL',
  '',
].join('\n');

const readings = suite('odd readings of real drivers');

readings('a charge mark over 100 % and 0 V input on mains are no reason for a warning', async () => {
  const upsd = await startUpsd([
    // battery.charge.low: 345.6 with a charge of 99.9 %.
    { name: 'powerware', devFile: bundled('Powerware/Powerware__9355__bcmxcp__2.6.0__01.dev') },
    { name: 'tripplite', dev: TRIPP_LITE_SMART1500LCDT },
  ]);
  const cycler = await createCycler({ hosts: [{ name: 'lab', host: upsd.host, port: upsd.port }] });
  try {
    const published = await cycler.run();
    for (const id of ['lab_powerware', 'lab_tripplite']) {
      const ups = published.status.byId[id];
      assert.is(ups?.state, 'On mains power', id);
      assert.is(ups?.severity, 'ok', id);
      assert.is(ups?.reason, null, id);
    }
    assert.is(published.status.summary.headline, 'All 2 UPSes on mains power');
    assert.equal(published.status.summary.problems, []);
    // The mark is not shown as one either (the page's charge gauge draws it).
    assert.is(published.ups('lab', 'powerware').metrics?.batteryChargeLow, null);
    assert.is(published.ups('lab', 'powerware').vars['battery.charge.low'], '345.6', 'the value itself is kept as sent');
  } finally {
    await cycler.cleanup();
    await upsd.stop();
  }
});

readings.run();
