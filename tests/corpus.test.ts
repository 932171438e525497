// Real device dumps of the NUT DDL on one upsd: every one polls, renders and round-trips. Runs on
// the bundled dumps always, and on the full library too when it is beside the repository.

import * as assert from 'uvu/assert';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '../src/config/parse.ts';
import { createRunDeps } from '../src/app/deps.ts';
import { initialRunState, runOnce } from '../src/app/run-once.ts';
import { createPublisher } from '../src/publish/skip-unchanged.ts';
import type { Snapshot } from '../src/snapshot/types.ts';
import { CROWDED_FROM } from '../src/outputs/page/view-model.ts';
import { corpora, type Corpus } from './helpers/corpus.ts';
import { pageText } from './helpers/cycle.ts';
import { promtoolCheckMetrics } from './helpers/prometheus.ts';
import { publishedFiles, type CycleResult } from './helpers/published-files.ts';
import { assertValidOutputs } from './helpers/schemas.ts';
import { suiteWith } from './helpers/suite.ts';
import { upscAll } from './helpers/upsc.ts';
import { startUpsd, type Upsd } from './helpers/upsd.ts';
import { textOf } from '../src/publish/atomic-write.ts';

interface Context {
  upsd: Upsd;
  outDir: string;
  result: CycleResult;
}

/** Each card of a page, or section of a variables page, by its id. */
function articles(html: string): Map<string, string> {
  return new Map([...html.matchAll(/<article\b[^>]*\bid="([^"]+)"[\s\S]*?<\/article>/g)].map((match) => [match[1] as string, match[0]]));
}

/** The variable rows of an article, name -> value cell as the reader sees it. */
function rowsOf(article: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const [, name = '', value = ''] of article.matchAll(/<tr><th>([^<]*)(?:<small>[\s\S]*?<\/small>)?<\/th><td>([\s\S]*?)<\/td><\/tr>/g)) {
    rows.set(pageText(name).trim(), pageText(value).trim());
  }
  return rows;
}

/** Reads the pages a test follows links to, each once. */
function linkedPages(outDir: string): (file: string) => Promise<Map<string, string>> {
  const read = new Map<string, Promise<Map<string, string>>>();
  return (file) => {
    let pages = read.get(file);
    if (!pages) read.set(file, (pages = readFile(path.join(outDir, file), 'utf8').then(articles)));
    return pages;
  };
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

function corpusSuite({ label, dir, units }: Corpus): void {
  const corpus = suiteWith<Context>(`NUT DDL corpus: ${label} (${units.length} dumps)`, {
    async before(context) {
      if (units.length === 0) throw new Error(`no .dev dumps in ${dir}`);
      context.upsd = await startUpsd(units);
      context.outDir = await mkdtemp(path.join(os.tmpdir(), 'upsview-corpus-'));
      const config = parseConfig(
        { title: 'Corpus', outDir: context.outDir, dataDir: `${context.outDir}-data`, timeoutMs: 20_000, hosts: [{ name: 'ddl', host: context.upsd.host, port: context.upsd.port }] },
        { baseDir: context.outDir, source: 'corpus test' },
      );
      const published = publishedFiles(config.outDir, createPublisher());
      context.result = published.take(await runOnce(config, await createRunDeps({ publish: published.publish }), initialRunState()));
    },
    async after({ upsd, outDir }) {
      await upsd?.stop();
      if (outDir) await rm(outDir, { recursive: true, force: true });
      if (outDir) await rm(`${outDir}-data`, { recursive: true, force: true });
    },
  });

  corpus('every dump polls without error and the outputs are written', ({ result }) => {
    assert.is(result.writeError, null);
    const host = result.snapshot.hosts[0];
    assert.is(host?.error, null);
    assert.is(host?.ups.length, units.length);
    const failed = host?.ups.filter((ups) => ups.error !== null).map((ups) => `${ups.name}: ${ups.error?.code}`);
    assert.equal(failed, []);
  });

  corpus('every JSON output matches its schema, and promtool finds nothing wrong with the metrics', async ({ result }) => {
    await assertValidOutputs(result.files);
    assert.is(Object.keys(result.snapshot.byId).length, units.length, 'one byId entry per UPS');
    const metrics = textOf(result.files.find((file) => file.name === 'metrics')?.content ?? '');
    assert.equal(promtoolCheckMetrics(metrics), { code: 0, output: '' });
  });

  corpus('status.json holds every variable of every UPS exactly as upsc prints it', async ({ upsd, outDir }) => {
    const written = JSON.parse(await readFile(path.join(outDir, 'status.json'), 'utf8')) as Snapshot;
    const byName = new Map(written.hosts[0]?.ups.map((ups) => [ups.name, ups]));
    const reference = await upscAll(units.map((unit) => unit.name), upsd.host, upsd.port);
    for (const unit of units) {
      assert.equal(byName.get(unit.name)?.vars, reference.get(unit.name), unit.file);
    }
  });

  corpus("every variable's value is on its UPS's card, or on the page the card links to", async ({ outDir, result }) => {
    const html = await readFile(path.join(outDir, 'index.html'), 'utf8');
    const cards = articles(html);
    const page = linkedPages(outDir);
    let linked = 0;
    for (const ups of result.snapshot.hosts[0]?.ups ?? []) {
      const id = new RegExp(`<h3 id="([^"]+)-h">${escapeHtml(ups.name)}</h3>`).exec(html)?.[1] ?? '';
      const card = cards.get(id);
      assert.ok(card, `a card for ${ups.name}`);
      const link = new RegExp(`href="(vars/[^"#]+)#${id}"`).exec(card)?.[1];
      if (link) linked++;
      const rows = rowsOf((link ? (await page(link)).get(id) : card) ?? '');
      assert.is(rows.size, Object.keys(ups.vars).length, `${ups.name}: one row per variable (${link ?? 'on its card'})`);
      for (const [name, raw] of Object.entries(ups.vars)) {
        // Numbers get their unit after them ("27.3 V"); the value itself comes first, as sent.
        const value = raw.replace(/\s+/g, ' ').trim();
        const shown = rows.get(name) ?? '(no row)';
        assert.ok(shown === value || shown.startsWith(`${value} `) || shown.startsWith(`${value},`), `${ups.name} ${name}: "${shown}" for "${value}"`);
      }
    }
    // From 10 UPSes on, the variables go on pages of their own and the overview stays light.
    assert.is(linked > 0, units.length >= CROWDED_FROM, 'variables on pages of their own');
    assert.ok(Buffer.byteLength(html) <= 1024 * 1024, `index.html is ${Buffer.byteLength(html)} bytes for ${units.length} UPSes`);
  });

  corpus.run();
}

corpora().forEach(corpusSuite);
