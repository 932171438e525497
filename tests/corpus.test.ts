// The 576 real device dumps of the NUT DDL on one upsd: every one polls, renders and round-trips.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '../src/config/parse.ts';
import { createRunDeps } from '../src/app/deps.ts';
import { initialRunState, runOnce, type RunResult } from '../src/app/run-once.ts';
import type { Snapshot } from '../src/snapshot/types.ts';
import { CORPUS_DIR, corpusUnits } from './helpers/corpus.ts';
import { upscAll } from './helpers/upsc.ts';
import { startUpsd, type Upsd } from './helpers/upsd.ts';

const units = corpusUnits();
const corpus = suite<{ upsd: Upsd; outDir: string; result: RunResult }>('NUT DDL corpus');

if (units.length === 0) {
  // Said out loud, not skipped silently: the corpus ships beside the repository, not in it.
  process.stdout.write(`\n!! corpus not found at ${CORPUS_DIR}: the DDL corpus tests did not run\n`);
}

corpus.before(async (context) => {
  context.upsd = await startUpsd(units);
  context.outDir = await mkdtemp(path.join(os.tmpdir(), 'upsview-corpus-'));
  const config = parseConfig(
    { title: 'Corpus', outDir: context.outDir, timeoutMs: 20_000, hosts: [{ name: 'ddl', host: context.upsd.host, port: context.upsd.port }] },
    { baseDir: context.outDir, source: 'corpus test' },
  );
  context.result = await runOnce(config, await createRunDeps(), initialRunState());
});

corpus.after(async ({ upsd, outDir }) => {
  await upsd?.stop();
  await rm(outDir, { recursive: true, force: true });
});

corpus('every dump polls without error and the outputs are written', ({ result }) => {
  assert.is(result.writeError, null);
  const host = result.snapshot.hosts[0];
  assert.is(host?.error, null);
  assert.is(host?.ups.length, units.length);
  const failed = host?.ups.filter((ups) => ups.error !== null).map((ups) => `${ups.name}: ${ups.error?.code}`);
  assert.equal(failed, []);
});

corpus('status.json holds every variable of every UPS exactly as upsc prints it', async ({ upsd, outDir }) => {
  const written = JSON.parse(await readFile(path.join(outDir, 'status.json'), 'utf8')) as Snapshot;
  const byName = new Map(written.hosts[0]?.ups.map((ups) => [ups.name, ups]));
  const reference = await upscAll(units.map((unit) => unit.name), upsd.host, upsd.port);
  for (const unit of units) {
    assert.equal(byName.get(unit.name)?.vars, reference.get(unit.name), unit.file);
  }
});

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Each card (or variables-page section) of a page by its id: `<article … id="ups-1-5">…</article>`. */
function articles(html: string): Map<string, string> {
  return new Map([...html.matchAll(/<article\b[^>]*\bid="([^"]+)"[\s\S]*?<\/article>/g)].map((match) => [match[1] as string, match[0]]));
}

corpus('the page shows every UPS, and every variable value is on its card or one link away', async ({ outDir, result }) => {
  const html = await readFile(path.join(outDir, 'index.html'), 'utf8');
  assert.ok(Buffer.byteLength(html) <= 1024 * 1024, `index.html is ${Buffer.byteLength(html)} bytes for ${units.length} UPSes`);
  const cards = articles(html);
  const linked = new Map<string, Map<string, string>>();
  const varsOf = async (file: string) => linked.get(file) ?? linked.set(file, articles(await readFile(path.join(outDir, file), 'utf8'))).get(file);
  const ups = result.snapshot.hosts[0]?.ups ?? [];
  assert.is(cards.size, ups.length);
  for (const unit of ups) {
    const [id, card] = [...cards].find(([, text]) => text.includes(`>${escape(unit.name)}</h3>`)) ?? [];
    assert.ok(id && card, `UPS ${unit.name} has a card`);
    const link = new RegExp(`href="(vars/[^"#]+)#${id}"`).exec(card)?.[1];
    const table = link ? (await varsOf(link))?.get(id) : card;
    assert.ok(table, `${unit.name}: its variables are where the card says (${link ?? 'on the card'})`);
    for (const [name, value] of Object.entries(unit.vars)) {
      assert.ok(table.includes(`<th>${escape(name)}`) && table.includes(escape(value)), `${unit.name} ${name} shown`);
    }
  }
  assert.ok(linked.size > 0, 'a crowded page puts the variables on pages of their own');
});

corpus.run();
