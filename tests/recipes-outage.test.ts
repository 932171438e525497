// The recipes in docs/recipes.md when something is wrong, which is when they matter: a UPS on
// battery, a host that stops answering, one that never answered, upsview itself stopped. Home
// Assistant's sensors are read as Home Assistant reads them, and the Prometheus alert rules run in
// promtool's rule tests on the metrics upsview wrote, with a real upsd behind both.

import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import jsonata from 'jsonata';
import type { Snapshot } from '../src/snapshot/types.ts';
import { homeAssistantTemplate } from './helpers/consumer-paths.ts';
import { createCycler, type Cycler } from './helpers/cycle.ts';
import { recipe, yamlValues } from './helpers/recipe-blocks.ts';
import { parseExposition } from './helpers/exposition.ts';
import { FOUR_UPS } from './helpers/four-ups.ts';
import { PROMTOOL, promtoolCheckMetrics } from './helpers/prometheus.ts';
import { suiteWith } from './helpers/suite.ts';
import { freePort, startUpsd, type Upsd } from './helpers/upsd.ts';

// ---- Home Assistant ----

type Json = unknown;

/** `value_json.a.b` looked up in the status; a missing key is an error, as in the strict rendering HA uses for availability. */
function lookup(status: Json, dotted: string): Json {
  return dotted.split('.').slice(1).reduce<Json>((value, key) => {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) throw new Error(`${dotted}: no key ${key}`);
    return (value as Record<string, Json>)[key];
  }, status);
}

const PATH = 'value_json(?:\\.[A-Za-z_][A-Za-z0-9_]*)+';

/**
 * A Home Assistant `availability` template of the terms the recipe uses, joined by `and`:
 * `not <path>`, `<path> is not none`, `as_datetime(<path>) > now()`, with `now` given. Any other
 * syntax throws, so the recipe cannot rely on something this does not check.
 */
function available(status: Json, template: string, now: number): boolean {
  const body = /^\{\{ (.*) \}\}$/.exec(template)?.[1];
  if (body === undefined) throw new Error(`availability not supported by this test: ${template}`);
  return body.split(' and ').every((term) => {
    let match = new RegExp(`^not (${PATH})$`).exec(term);
    if (match) return [false, null, 0, ''].includes(lookup(status, match[1] as string) as never);
    match = new RegExp(`^(${PATH}) is not none$`).exec(term);
    if (match) return lookup(status, match[1] as string) !== null;
    match = new RegExp(`^as_datetime\\((${PATH})\\) > now\\(\\)$`).exec(term);
    if (match) return Date.parse(String(lookup(status, match[1] as string))) > now;
    throw new Error(`availability term not supported by this test: ${term}`);
  });
}

/** What Home Assistant shows for each sensor of the recipe, with the UPS's id put in as the reader would. */
async function homeAssistantStates(status: Snapshot, id: string, now: number): Promise<string[]> {
  const yaml = (await recipe('home-assistant')).replaceAll('nas_ups', id);
  return yaml.split(/\n\s*- name: /).slice(1).map((sensor) => {
    const availability = yamlValues(sensor, 'availability')[0];
    if (availability !== undefined && !available(status, availability, now)) return 'unavailable';
    return homeAssistantTemplate(status, yamlValues(sensor, 'value_template')[0] ?? '');
  });
}

// ---- Prometheus ----

const SCRAPE = { job: 'upsview', instance: 'ups-web.local:80' };
const STEP_SECONDS = 30;

/** A label set in PromQL's series syntax. */
const series = (name: string, labels: Record<string, string>) =>
  `${name}{${Object.entries(labels).map(([key, value]) => `${key}=${JSON.stringify(value)}`).join(',')}}`;

/**
 * promtool's input series for a metrics file scraped every 30 s, as Prometheus stores it: the
 * scrape's labels added, and times counted from when the file was written (promtool's clock starts
 * at 0). `scrapes` samples, then, with `thenGone`, a stale marker (the file can no longer be read).
 */
function inputSeries(metrics: string, scrapes: number, thenGone = false) {
  const samples = parseExposition(metrics);
  const written = samples.find((sample) => sample.name === 'upsview_generated_timestamp_seconds')?.value ?? 0;
  return samples.map((sample) => {
    const value = sample.name.endsWith('_timestamp_seconds') ? sample.value - written : sample.value;
    return { series: series(sample.name, { ...sample.labels, ...SCRAPE }), values: `${value}x${scrapes - 1}${thenGone ? ' stale' : ''}` };
  });
}

/**
 * Runs promtool's rule test that exactly the `expected` alerts fire at `atSeconds` under the
 * recipe's rules; its exit code and what it printed (the alerts it found instead).
 */
async function alertsFiring(dir: string, input: ReturnType<typeof inputSeries>, atSeconds: number, expected: string[]): Promise<{ code: number | null; output: string }> {
  await writeFile(path.join(dir, 'rules.yml'), await recipe('prometheus-rules'));
  const exp = expected.map((alert) => {
    // "name host/ups", "name host", "name scrape" (only the scrape's labels) or "name" (none at all).
    const [alertname, subject] = alert.split(' ');
    const [host, ups] = (subject ?? '').split('/');
    const labels: Record<string, string> = { alertname: alertname as string, alertstate: 'firing', ...(subject ? SCRAPE : {}) };
    if (host && host !== 'scrape') labels.host = host;
    if (ups) Object.assign(labels, { ups }, alertname === 'UpsOnBattery' ? { flag: 'OB' } : {});
    return { labels: series('ALERTS', labels), value: 1 };
  });
  const test = {
    rule_files: ['rules.yml'],
    evaluation_interval: `${STEP_SECONDS}s`,
    tests: [{
      interval: `${STEP_SECONDS}s`,
      input_series: input,
      promql_expr_test: [{ expr: 'ALERTS{alertstate="firing"}', eval_time: `${atSeconds}s`, exp_samples: exp }],
    }],
  };
  // JSON is YAML: no quoting of label values to get wrong.
  await writeFile(path.join(dir, 'test.yml'), JSON.stringify(test));
  const run = spawnSync(PROMTOOL, ['test', 'rules', path.join(dir, 'test.yml')], { encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, output: `${run.stdout}${run.stderr}`.trim() };
}

// ---- the suite ----

interface Context {
  upsd: Upsd;
  cycler: Cycler;
  /** Both hosts configured: nas answering, lab never. */
  up: { status: Snapshot; metrics: string };
  /** The next cycle, with nas's upsd stopped. */
  down: { status: Snapshot; metrics: string };
  dir: string;
}

const outage = suiteWith<Context>('recipes when a UPS is on battery or a host is down', {
  async before(context) {
    context.dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-recipe-outage-'));
    // Beside the four, a UPS whose driver never starts: upsd lists it, with no data.
    context.upsd = await startUpsd([...FOUR_UPS, { name: 'nodriver', noDriver: true }]);
    // A port nothing listens on: a host that has never answered since upsview started.
    const never = await freePort();
    context.cycler = await createCycler({
      hosts: [{ name: 'nas', host: context.upsd.host, port: context.upsd.port }, { name: 'lab', host: '127.0.0.1', port: never }],
    });
    const cycle = async () => ({
      status: (await context.cycler.run()).status,
      metrics: await readFile(path.join(context.cycler.outDir, 'metrics'), 'utf8'),
    });
    context.up = await cycle();
    await context.upsd.stopServer();
    context.down = await cycle();
  },
  async after({ upsd, cycler, dir }) {
    await cycler?.cleanup();
    await upsd?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  },
});

outage('Home Assistant: a UPS on mains and one on battery read as such', async ({ up }) => {
  const now = Date.parse(up.status.generatedAt);
  assert.equal(await homeAssistantStates(up.status, 'nas_ups', now), ['100', '1800', 'On mains power', 'False']);
  assert.equal(await homeAssistantStates(up.status, 'nas_onbatt', now), ['54', '720', 'On battery', 'True']);
});

outage('Home Assistant: a UPS with no charge or runtime reading leaves those sensors unavailable, not "None"', async ({ up }) => {
  const states = await homeAssistantStates(up.status, 'nas_odd', Date.parse(up.status.generatedAt));
  assert.equal(states.slice(0, 2), ['unavailable', 'unavailable']);
  assert.is(states[3], 'False');
});

outage('Home Assistant: once the host stops answering, no sensor shows the last figures as current', async ({ down }) => {
  const now = Date.parse(down.status.generatedAt);
  // The file keeps the last good values (stale), and onBattery goes false: neither is the UPS now.
  assert.is(down.status.byId.nas_onbatt?.batteryCharge, 54);
  for (const id of ['nas_ups', 'nas_onbatt']) {
    assert.equal(await homeAssistantStates(down.status, id, now), ['unavailable', 'unavailable', 'unavailable', 'unavailable'], id);
  }
});

outage('Home Assistant: past staleAfter (upsview stopped writing), no sensor shows the file\'s figures', async ({ up }) => {
  const states = await homeAssistantStates(up.status, 'nas_onbatt', Date.parse(up.status.staleAfter) + 1000);
  assert.equal(states, ['unavailable', 'unavailable', 'unavailable', 'unavailable']);
});

outage('Uptime Kuma: the UPS query is "true" for the UPS on mains, "false" on battery and once its host is down', async ({ up, down }) => {
  // Uptime Kuma compares the query's result, as a string, with the expected value "true".
  const query = jsonata(await recipe('uptime-kuma-ups'));
  const answer = async (status: Snapshot, id: string) => String(await query.evaluate({ ...status, byId: { nas_ups: status.byId[id] } }));
  assert.equal([await answer(up.status, 'nas_ups'), await answer(up.status, 'nas_onbatt'), await answer(down.status, 'nas_ups')], ['true', 'false', 'false']);
});

outage('Prometheus: promtool accepts the alert rules and the metrics they read', async ({ dir, up, down }) => {
  // promtoolCheckMetrics installs promtool first where it can.
  for (const { metrics } of [up, down]) assert.is(promtoolCheckMetrics(metrics).code, 0);
  const rules = path.join(dir, 'check-rules.yml');
  await writeFile(rules, await recipe('prometheus-rules'));
  const check = spawnSync(PROMTOOL, ['check', 'rules', rules], { encoding: 'utf8', timeout: 30_000 });
  assert.is(check.status, 0, `${check.stdout}${check.stderr}`);
});

outage('Prometheus: the UPSes on battery alert, and so do the UPS without data and the host that never answered', async ({ dir, up }) => {
  const result = await alertsFiring(dir, inputSeries(up.metrics, 6), 150, [
    'UpsOnBattery nas/onbatt', 'UpsOnBattery nas/low', 'UpsNoData nas/nodriver', 'UpsHostDown lab',
  ]);
  assert.is(result.code, 0, result.output);
});

outage('Prometheus: a host that stops answering alerts once, not once per UPS, and its UPSes no longer read as on battery', async ({ dir, down }) => {
  const result = await alertsFiring(dir, inputSeries(down.metrics, 6), 150, ['UpsHostDown nas', 'UpsHostDown lab']);
  assert.is(result.code, 0, result.output);
});

outage('Prometheus: a file that stops changing alerts after its staleAfter', async ({ dir, up }) => {
  const staleAfter = (Date.parse(up.status.staleAfter) - Date.parse(up.status.generatedAt)) / 1000;
  const at = Math.ceil(staleAfter / STEP_SECONDS) * STEP_SECONDS + STEP_SECONDS;
  const result = await alertsFiring(dir, inputSeries(up.metrics, at / STEP_SECONDS + 1), at, [
    'UpsOnBattery nas/onbatt', 'UpsOnBattery nas/low', 'UpsNoData nas/nodriver', 'UpsHostDown lab', 'UpsviewStale scrape',
  ]);
  assert.is(result.code, 0, result.output);
});

outage('Prometheus: a file that can no longer be scraped alerts as well', async ({ dir, up }) => {
  // Two scrapes, then the web server is gone: Prometheus marks every series stale.
  const result = await alertsFiring(dir, inputSeries(up.metrics, 2, true), 90, ['UpsviewStale']);
  assert.is(result.code, 0, result.output);
});

outage.run();
