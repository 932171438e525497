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

corpus('the page shows every UPS and every variable value', async ({ outDir, result }) => {
  const html = await readFile(path.join(outDir, 'index.html'), 'utf8');
  const escape = (text: string) =>
    text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  for (const ups of result.snapshot.hosts[0]?.ups ?? []) {
    assert.ok(html.includes(`>${escape(ups.name)}<`), `UPS ${ups.name} on the page`);
    for (const [name, value] of Object.entries(ups.vars)) {
      assert.ok(html.includes(escape(name)) && html.includes(escape(value)), `${ups.name} ${name} on the page`);
    }
  }
});

corpus.run();
