// `--once` from a crontab runs less often than `schedule` says: that spacing becomes the usual
// one and is not a monitoring gap each time, while a real pause still is (src/history/cadence.ts).

import * as assert from 'uvu/assert';
import { test } from 'uvu';
import { createSim, upsVars } from './helpers/history-sim.ts';
import { textOf } from '../src/publish/atomic-write.ts';

const T0 = Date.parse('2026-08-01T00:00:00Z');

test('cycles every 5 minutes under a 30 s schedule: one gap to learn the spacing, then only real pauses', async () => {
  const sim = await createSim({ home: { reachable: true, ups: { a: upsVars() } } }, T0, { schedule: '*/30 * * * * *' });
  try {
    // Each cycle a fresh process, as cron starts it: memory comes from the store.
    for (let t = T0; t <= T0 + 3 * 3600_000; t += 300_000) {
      sim.setClock(t);
      await sim.restart();
      await sim.cycle();
    }
    const gaps = () => sim.logs.filter((line) => line.kind === 'monitoring-gap').map((line) => line.durationSeconds);
    assert.equal(gaps(), [300], 'only the first spacing, before any was seen');
    sim.setClock(T0 + 5 * 3600_000);
    await sim.restart();
    const result = await sim.cycle(true);
    assert.equal(gaps(), [300, 7200], 'two hours without a run is a gap');
    const status = JSON.parse(textOf(result.files.find((file) => file.name === 'status.json')?.content ?? '{}'));
    assert.is(status.hosts[0].ups[0].availability.day.monitoredSeconds, 3 * 3600 - 300, 'neither pause counts as monitored');
  } finally {
    await sim.cleanup();
  }
});

test.run();
