import * as assert from 'uvu/assert';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { familyHead, labelText, sampleLine } from '../src/outputs/metrics/exposition.ts';
import { createCycler, type Cycler } from './helpers/cycle.ts';
import { parseExposition, sampleValue, type ParsedSample } from './helpers/exposition.ts';
import { FOUR_UPS } from './helpers/four-ups.ts';
import { promtoolCheckMetrics, startNodeExporter } from './helpers/prometheus.ts';
import { suiteWith } from './helpers/suite.ts';
import { freePort, startUpsd, type Upsd } from './helpers/upsd.ts';

interface Context {
  upsd: Upsd;
  cycler: Cycler;
  textfileDir: string;
  text: string;
  samples: ParsedSample[];
}

const metrics = suiteWith<Context>('metrics file', {
  async before(context) {
    context.upsd = await startUpsd(FOUR_UPS);
    context.textfileDir = await mkdtemp(path.join(os.tmpdir(), 'upsview-textfile-'));
    context.cycler = await createCycler({
      hosts: [
        { name: 'nas', host: context.upsd.host, port: context.upsd.port },
        { name: 'lab', host: '127.0.0.1', port: await freePort() },
      ],
      metrics: { textfileDir: context.textfileDir },
    });
    await context.cycler.run();
    context.text = await readFile(path.join(context.cycler.outDir, 'metrics'), 'utf8');
    context.samples = parseExposition(context.text);
  },
  async after({ upsd, cycler, textfileDir }) {
    await cycler?.cleanup();
    await upsd?.stop();
    if (textfileDir) await rm(textfileDir, { recursive: true, force: true });
  },
});

metrics('promtool finds nothing to complain about in a real cycle\'s file', ({ text }) => {
  const check = promtoolCheckMetrics(text);
  assert.is(check.output, '');
  assert.is(check.code, 0);
});

metrics('one HELP and one TYPE per family', ({ text }) => {
  const helps = text.split('\n').filter((line) => line.startsWith('# HELP ')).map((line) => line.split(' ')[2]);
  const types = text.split('\n').filter((line) => line.startsWith('# TYPE ')).map((line) => line.split(' ')[2]);
  assert.equal(helps, types);
  assert.is(new Set(helps).size, helps.length);
});

metrics('hosts up and down, flags per UPS, numbers in base units', ({ samples }) => {
  assert.is(sampleValue(samples, 'upsview_host_up', { host: 'nas' }), 1);
  assert.is(sampleValue(samples, 'upsview_host_up', { host: 'lab' }), 0);
  assert.is(sampleValue(samples, 'upsview_host_last_success_timestamp_seconds', { host: 'lab' }), undefined);
  assert.is(sampleValue(samples, 'upsview_ups_status', { host: 'nas', ups: 'onbatt', flag: 'OB' }), 1);
  assert.is(sampleValue(samples, 'upsview_ups_status', { host: 'nas', ups: 'onbatt', flag: 'OL' }), 0);
  assert.is(sampleValue(samples, 'upsview_ups_status', { host: 'nas', ups: 'odd', flag: 'XYZ' }), 1);
  assert.is(sampleValue(samples, 'upsview_ups_battery_charge_ratio', { ups: 'onbatt' }), 0.54);
  assert.is(sampleValue(samples, 'upsview_ups_load_ratio', { ups: 'odd' }), 0.125);
  assert.is(sampleValue(samples, 'upsview_ups_battery_runtime_seconds', { ups: 'ups' }), 1800);
  assert.is(sampleValue(samples, 'upsview_ups_input_voltage_volts', { ups: 'ups' }), 230.4);
  assert.is(sampleValue(samples, 'upsview_ups_severity', { ups: 'low' }), 3);
  assert.is(sampleValue(samples, 'upsview_generated_timestamp_seconds'), Date.parse('2026-01-01T00:01:00Z') / 1000);
  assert.ok((sampleValue(samples, 'upsview_stale_after_timestamp_seconds') ?? 0) > Date.parse('2026-01-01T00:01:00Z') / 1000);
});

metrics('odd values are left out, not guessed', ({ samples }) => {
  assert.is(sampleValue(samples, 'upsview_ups_battery_charge_ratio', { ups: 'odd' }), undefined, 'battery.charge "n/a"');
  assert.is(sampleValue(samples, 'upsview_ups_battery_runtime_seconds', { ups: 'odd' }), undefined, 'runtime 65535');
  assert.ok(samples.every((sample) => Number.isFinite(sample.value)));
});

metrics('the info metric carries maker, model, serial and driver, escaped', ({ samples, text }) => {
  const info = samples.find((sample) => sample.name === 'upsview_ups_info' && sample.labels.ups === 'odd');
  assert.equal(info?.labels, {
    host: 'nas', ups: 'odd', id: 'nas_odd', description: 'Say "hi" \\ bye', maker: 'Dummy Manufacturer', model: 'Dummy UPS', serial: '', driver: 'dummy-ups',
  });
  assert.ok(text.includes('description="Say \\"hi\\" \\\\ bye"'));
});

metrics('a line feed in a label value is escaped and promtool accepts it', () => {
  const text = familyHead('x_info', 'a\\b\nc', 'gauge') + sampleLine('x_info', labelText({ ups: 'a\nb"\\' }), 1);
  assert.is(text, '# HELP x_info a\\\\b\\nc\n# TYPE x_info gauge\nx_info{ups="a\\nb\\"\\\\"} 1\n');
  assert.is(promtoolCheckMetrics(text).code, 0);
  assert.equal(parseExposition(text)[0]?.labels, { ups: 'a\nb"\\' });
});

metrics('node_exporter serves the textfile copy without a scrape error', async ({ textfileDir, text }) => {
  assert.is(await readFile(path.join(textfileDir, 'upsview.prom'), 'utf8'), text);
  const exporter = await startNodeExporter(textfileDir);
  try {
    const scraped = parseExposition(await exporter.get('/metrics'));
    assert.is(sampleValue(scraped, 'node_textfile_scrape_error'), 0);
    assert.is(sampleValue(scraped, 'upsview_ups_status', { host: 'nas', ups: 'onbatt', flag: 'OB' }), 1);
    assert.is(sampleValue(scraped, 'upsview_ups_battery_charge_ratio', { host: 'nas', ups: 'ups' }), 1);
    assert.is(sampleValue(scraped, 'upsview_host_up', { host: 'lab' }), 0);
  } finally {
    await exporter.stop();
  }
});

metrics.run();
