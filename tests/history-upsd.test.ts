// End to end with a real upsd: a dummy-ups sequence goes OL -> OB -> OL while the real daemon runs
// on a one-second schedule. The events carry the outage's duration, availability agrees with
// them, and a daemon stopped and started again keeps what it had (issue 8 "Tests").

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startDaemon } from './helpers/daemon.ts';
import { startUpsd } from './helpers/upsd.ts';

// dummy-ups reads a .seq file top to bottom, waiting at each TIMER (NUT docs/man/dummy-ups.txt).
const SEQUENCE = [
  'ups.status: OL',
  'battery.charge: 100',
  'battery.runtime: 1800',
  'ups.load: 25',
  'ups.realpower.nominal: 400',
  'input.voltage: 231',
  'TIMER 4',
  'ups.status: OB DISCHRG',
  'battery.charge: 83',
  'battery.runtime: 900',
  'input.voltage: 0',
  'TIMER 4',
  'ups.status: OL CHRG',
  'battery.charge: 84',
  'input.voltage: 229',
  'TIMER 3600',
].join('\n');

interface Status {
  historySince: string;
  events: { type: string; ups: string | null; durationSeconds?: number; time: string; text: string }[];
  hosts: { ups: { availability: { day: { outages: number; onBatterySeconds: number; mainsPercent: number; lowestCharge: number } } }[] }[];
}

test('OL -> OB -> OL: events with the duration, availability to match, kept across a restart', async () => {
  const upsd = await startUpsd([{ name: 'sequps', dev: SEQUENCE, seq: true }]);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-history-upsd-'));
  const config = path.join(dir, 'config.json');
  // The default dataDir: "data" beside the config file.
  await writeFile(config, JSON.stringify({ schedule: '* * * * * *', outDir: 'out', timeoutMs: 800, hosts: [{ name: 'lab', host: upsd.host, port: upsd.port }] }));
  const read = async <T>(name: string) => JSON.parse(await readFile(path.join(dir, 'out', name), 'utf8')) as T;
  let daemon = startDaemon(['--config', config, '--verbose']);
  try {
    await daemon.logged('on-mains', 1, 30_000);
    await daemon.logged('run-finished', daemon.count('run-finished') + 1);
    await daemon.stop();
    const kinds = daemon.events.map((line) => line.kind).filter((kind) => kind === 'on-battery' || kind === 'on-mains');
    assert.equal(kinds, ['on-battery', 'on-mains'], 'one line when it went, one when it came back');

    const before = await read<Status>('status.json');
    const back = before.events.find((event) => event.type === 'on-mains');
    const went = before.events.find((event) => event.type === 'on-battery');
    assert.ok(back && went, JSON.stringify(before.events));
    assert.is(back.durationSeconds, Math.round((Date.parse(back.time) - Date.parse(went.time)) / 1000), 'the duration is the time between the two');
    assert.ok((back.durationSeconds ?? 0) > 0);
    assert.match(back.text, /^Back on mains: on battery for \d+ s, lowest charge 83 %, lowest runtime 15 min$/);
    assert.equal(before.events.map((event) => event.type).slice(0, 2), ['on-mains', 'on-battery'], 'newest first');
    const day = before.hosts[0]?.ups[0]?.availability.day;
    assert.is(day?.outages, 1);
    assert.is(day?.onBatterySeconds, back.durationSeconds, 'time on battery in the availability is the outage');
    assert.is(day?.lowestCharge, 83);
    assert.ok((day?.mainsPercent ?? 100) < 100);

    daemon = startDaemon(['--config', config, '--verbose']);
    await daemon.logged('run-finished', 2);
    await daemon.stop();
    assert.equal(daemon.events.filter((line) => line.kind === 'on-battery' || line.kind === 'on-mains'), [], 'no event is derived twice');
    const after = await read<Status>('status.json');
    assert.is(after.historySince, before.historySince);
    for (const event of before.events) assert.ok(after.events.some((kept) => kept.time === event.time && kept.type === event.type), `${event.type} kept`);
    const kept = after.hosts[0]?.ups[0]?.availability.day;
    assert.is(kept?.outages, 1);
    assert.is(kept?.onBatterySeconds, day?.onBatterySeconds);
    const history = await read<{ ups: { day: { charge: (number | null)[] }; onBattery: unknown[] }[] }>('history.json');
    assert.ok(history.ups[0]?.day.charge.some((value) => value !== null), 'the chart series survive the restart');
    assert.is(history.ups[0]?.onBattery.length, 1);
  } finally {
    await daemon.stop();
    await upsd.stop();
    await rm(dir, { recursive: true, force: true });
  }
});

test.run();
