// Every recipe in docs/recipes.md, read from the file and evaluated against a real status.json
// the way the consumer evaluates it (tests/helpers/consumer-paths.ts), so the docs cannot drift.

import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import jsonata from 'jsonata';
import type { Snapshot } from '../src/snapshot/types.ts';
import { gjson, homeAssistantTemplate, homepageField, renderGlance } from './helpers/consumer-paths.ts';
import { createCycler, type Cycler } from './helpers/cycle.ts';
import { recipe, yamlValues } from './helpers/recipe-blocks.ts';
import { parseExposition, sampleValue } from './helpers/exposition.ts';
import { FOUR_UPS } from './helpers/four-ups.ts';
import { serveFolder } from './helpers/page-server.ts';
import { NODE_EXPORTER, ensureNodeExporter, promtoolCheckConfig, startNodeExporter, startPrometheus } from './helpers/prometheus.ts';
import { suiteWith } from './helpers/suite.ts';
import { startUpsd, type Upsd } from './helpers/upsd.ts';
import { waitUntil } from './helpers/wait.ts';

interface Context {
  upsd: Upsd;
  cycler: Cycler;
  status: Snapshot;
  textfileDir: string;
}

const recipes = suiteWith<Context>('recipes in docs/recipes.md', {
  async before(context) {
    context.upsd = await startUpsd(FOUR_UPS);
    context.textfileDir = await mkdtemp(path.join(os.tmpdir(), 'upsview-recipe-textfile-'));
    const snippet = JSON.parse(await recipe('node-exporter')) as { metrics: { textfileDir: string } };
    context.cycler = await createCycler({
      hosts: [{ name: 'nas', host: context.upsd.host, port: context.upsd.port }],
      // The recipe's config, pointed at a private folder instead of the system's.
      metrics: { ...snippet.metrics, textfileDir: context.textfileDir },
    });
    context.status = (await context.cycler.run()).status;
  },
  async after({ upsd, cycler, textfileDir }) {
    await cycler?.cleanup();
    await upsd?.stop();
    if (textfileDir) await rm(textfileDir, { recursive: true, force: true });
  },
});

recipes('Home Assistant: every value_template renders the UPS\'s values', async ({ status }) => {
  const templates = yamlValues(await recipe('home-assistant'), 'value_template');
  assert.equal(templates.map((template) => homeAssistantTemplate(status, template)), ['100', '1800', 'On mains power', 'False']);
});

recipes('Homepage: every field resolves, and the vars path it cannot follow does not', async ({ status }) => {
  const fields = yamlValues(await recipe('homepage'), 'field');
  assert.equal(fields.map((field) => homepageField(status, field)), ['On mains power', 100, 1800, 23]);
  assert.is(homepageField(status, 'hosts[0].ups[0].vars.battery.charge'), null);
});

recipes('Uptime Kuma: the JSONata queries give "true" for a good UPS and a fresh file, "false" otherwise', async ({ status }) => {
  // Uptime Kuma compares the query's result, as a string, with the expected value "true".
  const ups = jsonata(await recipe('uptime-kuma-ups'));
  assert.is(String(await ups.evaluate(status)), 'true');
  const low = { ...status, byId: { ...status.byId, nas_ups: status.byId.nas_low } };
  assert.is(String(await ups.evaluate(low)), 'false');
  // The file's clock is the test's; $millis() is bound to just before and just after staleAfter.
  const fresh = jsonata(await recipe('uptime-kuma-fresh'));
  const limit = Date.parse(status.staleAfter);
  assert.ok(limit > Date.parse(status.generatedAt));
  assert.is(String(await fresh.evaluate(status, { millis: () => limit - 1000 })), 'true');
  assert.is(String(await fresh.evaluate(status, { millis: () => limit + 1000 })), 'false');
});

recipes('Glance: the template renders the UPS\'s state, charge and load', async ({ status }) => {
  const yaml = await recipe('glance');
  const template = yaml.split('template: |\n')[1] ?? '';
  assert.equal(renderGlance(status, template).trim().split('\n').map((line) => line.trim()), [
    '<p class="size-h4 color-highlight">On mains power</p>',
    '<p>Battery 100 %, load 23 %</p>',
  ]);
  assert.is(gjson(status, 'byId.nas_onbatt.onBattery'), true);
});

recipes('Prometheus: the scrape config is valid and a real Prometheus scrapes the served file', async ({ cycler }) => {
  const yaml = await recipe('prometheus');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-recipe-prom-'));
  // As the recipe tells nginx to serve it.
  const web = await serveFolder(cycler.outDir, { metrics: 'text/plain; version=0.0.4' });
  try {
    await writeFile(path.join(dir, 'prometheus.yml'), yaml);
    const check = promtoolCheckConfig(path.join(dir, 'prometheus.yml'));
    assert.is(check.code, 0, check.output);
    // Only the address and, to keep the test short, the interval differ from the recipe.
    const local = yaml.replace('ups-web.local:80', new URL(web.url).host).replace('scrape_interval: 30s', 'scrape_interval: 1s');
    const prometheus = await startPrometheus(local);
    try {
      // The first scrape comes within one interval; nothing announces it but the query.
      await waitUntil(async () => ((await prometheus.queryValue('up{job="upsview"}')) === 1 ? true : undefined), 'a scrape of upsview', 20_000);
      assert.is(await prometheus.queryValue('upsview_ups_battery_charge_ratio{host="nas",ups="ups"}'), 1);
      assert.is(await prometheus.queryValue('upsview_ups_status{flag="OB",ups="onbatt"}'), 1);
      assert.ok(web.requested.includes('/metrics'));
    } finally {
      await prometheus.stop();
    }
  } finally {
    await web.close();
    await rm(dir, { recursive: true, force: true });
  }
});

recipes('node_exporter: the recipe\'s folder is Debian\'s default, and node_exporter serves the file', async ({ textfileDir }) => {
  const snippet = JSON.parse(await recipe('node-exporter')) as { metrics: { textfileDir: string } };
  ensureNodeExporter();
  const help = execFileSync(NODE_EXPORTER, ['--help'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.match(help, new RegExp(`--collector\\.textfile\\.directory="${snippet.metrics.textfileDir}"`));
  const exporter = await startNodeExporter(textfileDir);
  try {
    const samples = parseExposition(await exporter.get('/metrics'));
    assert.is(sampleValue(samples, 'node_textfile_scrape_error'), 0);
    assert.is(sampleValue(samples, 'upsview_ups_up', { host: 'nas', ups: 'ups' }), 1);
  } finally {
    await exporter.stop();
  }
});

recipes.run();
