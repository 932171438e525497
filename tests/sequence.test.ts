// A UPS played by dummy-ups from a real dump turned into a sequence (tests/fixtures/ddl, the .seq
// beside its .dev): the power goes, then comes back, and what the job publishes follows it.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bundled } from './helpers/corpus.ts';
import { createCycler, pageNowText, pageText, type Published } from './helpers/cycle.ts';
import { startUpsd } from './helpers/upsd.ts';
import { waitUntil } from './helpers/wait.ts';

const SEQUENCE = bundled('APC/APC__Back-UPS_RS_1000MS__usbhid-ups__2.7.4__01.seq');

const sequence = suite('a power cut played from a sequence');

sequence('status.json and the page go from mains to battery and back', async () => {
  const upsd = await startUpsd([{ name: 'br1000', devFile: SEQUENCE, desc: 'Back-UPS RS 1000MS' }]);
  const cycler = await createCycler({ hosts: [{ name: 'lab', host: upsd.host, port: upsd.port }] });
  // dummy-ups moves on every 2 s and announces nothing: run cycles until the state shows.
  const until = (status: string) =>
    waitUntil(async () => {
      const published = await cycler.run();
      return published.ups('lab', 'br1000').vars['ups.status'] === status ? published : undefined;
    }, `the sequence reaching ${status}`);
  const card = (published: Published) => pageNowText(published.html);
  try {
    const cut = await until('OB DISCHRG');
    const ups = cut.ups('lab', 'br1000');
    assert.is(ups.vars['battery.charge'], '93');
    assert.is(ups.vars['input.voltage'], '0.0');
    assert.is(ups.vars['device.model'], 'Back-UPS RS 1000MS', 'the rest of the dump stays');
    assert.is(cut.status.summary.severity, 'warning', 'on battery with charge left: a warning');
    assert.match(card(cut), /On battery/);

    const back = await until('OL CHRG');
    assert.is(back.status.summary.severity, 'ok');
    assert.match(card(back), /On mains power/);
    assert.not.match(card(back), /On battery/);
    // How long depends on how fast the cycles ran (a minute of clock each); the words are the point.
    assert.match(pageText(back.html), /Back on mains(, noticed after a gap)?: on battery for (at least )?\d[\d hmins]*, lowest charge 93 %/, 'the events say what happened');
  } finally {
    await cycler.cleanup();
    await upsd.stop();
  }
});

sequence.run();
