// npx tsx scripts/output-sizes.ts: the size of every output, and the median time to build it, for
// the four test UPSes and for the largest dump corpus (the 576 of ../shared/nut-ddl when present).
// Figures only: nothing here passes or fails.

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRunDeps } from '../src/app/deps.ts';
import { initialRunState, runOnce } from '../src/app/run-once.ts';
import { parseConfig } from '../src/config/parse.ts';
import { historyView } from '../src/history/view.ts';
import { largestCorpus } from '../tests/helpers/corpus.ts';
import { FOUR_UPS } from '../tests/helpers/four-ups.ts';
import { startUpsd, type UnitSpec } from '../tests/helpers/upsd.ts';
import { byteLengthOf } from '../src/publish/atomic-write.ts';

const BUILDS = 5;
const kb = (bytes: number) => (bytes < 10_240 ? `${(bytes / 1024).toFixed(1)} KB` : `${Math.round(bytes / 1024)} KB`);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function measure(label: string, units: readonly UnitSpec[]): Promise<string[]> {
  const upsd = await startUpsd(units);
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'upsview-sizes-'));
  try {
    const config = parseConfig(
      { outDir, dataDir: `${outDir}-data`, timeoutMs: 30_000, hosts: [{ name: 'nas', host: upsd.host, port: upsd.port }] },
      { baseDir: outDir, source: 'sizes' },
    );
    const deps = await createRunDeps();
    const { snapshot, state } = await runOnce(config, deps, initialRunState());
    const context = { snapshot, config, history: historyView(state.history, snapshot) };
    const lines = [`${label}: ${snapshot.summary.upsCount} UPSes`];
    for (const output of deps.outputs) {
      const times: number[] = [];
      let files = output.build(context);
      for (let i = 0; i < BUILDS; i++) {
        const start = performance.now();
        files = output.build(context);
        times.push(performance.now() - start);
      }
      const bytes = files.map((file) => byteLengthOf(file.content));
      const total = bytes.reduce((sum, size) => sum + size, 0);
      const each = files.length > 1 ? ` in ${files.length} files (largest ${kb(Math.max(...bytes))})` : '';
      lines.push(`  ${output.name.padEnd(12)} ${kb(total).padStart(9)}${each}, built in ${median(times).toFixed(1)} ms (median of ${BUILDS})`);
    }
    const byId = Buffer.byteLength(JSON.stringify(snapshot.byId, null, 2));
    lines.push(`  (byId inside status.json: ${kb(byId)})`);
    return lines;
  } finally {
    await upsd.stop();
    await rm(outDir, { recursive: true, force: true });
    await rm(`${outDir}-data`, { recursive: true, force: true });
  }
}

const corpus = largestCorpus();
const report = [...(await measure('four test UPSes', FOUR_UPS)), ...(await measure(`corpus (${corpus.label} dumps)`, corpus.units))];
process.stdout.write(`${report.join('\n')}\n`);
