// What docs/recipes.md tells Prometheus users to alert on when a UPS's data stops being current:
// its status and figures leave the file, `upsview_ups_up` says 0, and the file stays valid.

import * as assert from 'uvu/assert';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO } from './helpers/cli.ts';
import { createCycler, type Cycler } from './helpers/cycle.ts';
import { parseExposition, sampleValue } from './helpers/exposition.ts';
import { FOUR_UPS } from './helpers/four-ups.ts';
import { promtoolCheckMetrics } from './helpers/prometheus.ts';
import { suiteWith } from './helpers/suite.ts';
import { startUpsd, upsdSeesDriver, type Upsd } from './helpers/upsd.ts';

const metrics = suiteWith<{ upsd: Upsd; cycler: Cycler }>('metrics of a UPS on battery whose data stops', {
  async before(context) {
    context.upsd = await startUpsd(FOUR_UPS);
    context.cycler = await createCycler({ hosts: [{ name: 'nas', host: context.upsd.host, port: context.upsd.port }] });
  },
  async after({ upsd, cycler }) {
    await cycler?.cleanup();
    await upsd?.stop();
  },
});

metrics('the on-battery series goes, upsview_ups_up == 0 is what the recipe alerts on', async ({ upsd, cycler }) => {
  const scrape = async () => {
    const text = await readFile(path.join(cycler.outDir, 'metrics'), 'utf8');
    assert.equal(promtoolCheckMetrics(text), { code: 0, output: '' });
    return parseExposition(text);
  };
  await cycler.run();
  const before = await scrape();
  assert.is(sampleValue(before, 'upsview_ups_status', { ups: 'onbatt', flag: 'OB' }), 1);
  assert.is(sampleValue(before, 'upsview_ups_up', { ups: 'onbatt' }), 1);
  await upsd.stopDriver('onbatt');
  try {
    await cycler.run();
    const after = await scrape();
    assert.is(sampleValue(after, 'upsview_ups_status', { ups: 'onbatt', flag: 'OB' }), undefined);
    assert.is(sampleValue(after, 'upsview_ups_up', { ups: 'onbatt' }), 0);
  } finally {
    await upsd.startDriver('onbatt');
    await upsdSeesDriver(upsd, 'onbatt');
  }
  const recipes = await readFile(path.join(REPO, 'docs', 'recipes.md'), 'utf8');
  assert.ok(recipes.includes('expr: upsview_ups_up == 0'), "docs/recipes.md's alert rules alert on upsview_ups_up == 0");
});

metrics.run();
