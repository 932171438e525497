// npm run bench:history (and the tail of npm run bench): what history costs with 30 days of it
// for 4 UPSes at the default 30 s schedule. The store is seeded in its documented format, then
// real cycles run against an in-memory upsd with an injected clock. Figures only: nothing here
// passes or fails (issue 8 "Budgets").

import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { initialRunState, runOnce, type RunDeps } from '../src/app/run-once.ts';
import { DAY } from '../src/history/bucket.ts';
import { loadHistory } from '../src/history/load.ts';
import { emptyHistory } from '../src/history/model.ts';
import { textOf } from '../src/publish/atomic-write.ts';
import { silentLogger } from '../src/shared/log.ts';
import { seedStore } from '../tests/helpers/history-seed.ts';
import { createSim, upsVars, type Sim } from '../tests/helpers/history-sim.ts';

const NOW = Date.parse('2026-06-30T12:00:00Z');
const CYCLES = 200;
const UNITS = [
  { host: 'home', ups: 'a' },
  { host: 'home', ups: 'b' },
  { host: 'lab', ups: 'c' },
  { host: 'lab', ups: 'd' },
];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

/** CPU (user + system) of one full cycle (outputs drawn), median over CYCLES cycles 30 s of clock apart. */
async function cpuPerCycle(sim: Sim, withHistory: boolean): Promise<number> {
  // Without history: an empty one each cycle and nothing stored; the rest of the cycle is the same.
  const deps: RunDeps = { ...sim.deps, outputs: sim.outputs, ...(!withHistory && { saveHistory: async ({ store }) => store }) };
  const samples: number[] = [];
  for (let i = 0; i < CYCLES; i++) {
    sim.setClock(sim.now() + 30_000);
    const state = withHistory ? sim.state : { ...sim.state, history: emptyHistory() };
    const before = process.cpuUsage();
    sim.state = (await runOnce(sim.config, deps, state)).state;
    const used = process.cpuUsage(before);
    samples.push((used.user + used.system) / 1000);
  }
  return median(samples);
}

/**
 * RSS of a fresh process like `npm start` (small young generation) that has loaded the job's
 * modules, with and without 30 days of history read into memory.
 */
function rssOfProbe(dataDir: string, load: boolean): number {
  const probe = `
    const { loadHistory } = await import(${JSON.stringify(new URL('../src/history/load.ts', import.meta.url).href)});
    await import(${JSON.stringify(new URL('../src/outputs/registry.ts', import.meta.url).href)});
    // Held on globalThis so the collector cannot take it before RSS is read.
    globalThis.history = ${load} ? await loadHistory(${JSON.stringify(dataDir)}, new Date(${NOW}), { event() {}, debug() {} }) : null;
    globalThis.gc(); globalThis.gc();
    process.stdout.write(String(process.memoryUsage().rss));`;
  const out = execFileSync(process.execPath, ['--expose-gc', '--max-semi-space-size=1', '--import', 'tsx', '--input-type=module', '-e', probe]);
  return Number(out.toString());
}

const vars = (name: string) => upsVars(name === 'a' ? { 'ups.realpower': '120' } : {});
const sim = await createSim(
  { home: { reachable: true, ups: { a: vars('a'), b: vars('b') } }, lab: { reachable: true, ups: { c: vars('c'), d: vars('d') } } },
  NOW,
  { schedule: '*/30 * * * * *' },
);
try {
  process.stdout.write('seeding 30 days of history for 4 UPSes at 30 s…\n');
  await seedStore(sim.dataDir, UNITS, NOW - 30 * DAY, NOW);
  const disk = Number(execFileSync('du', ['-sb', sim.dataDir]).toString().split('\t')[0]);

  const rss = [0, 1, 2].map(() => rssOfProbe(sim.dataDir, true) - rssOfProbe(sim.dataDir, false));
  const loads: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    await loadHistory(sim.dataDir, new Date(NOW), silentLogger);
    loads.push(performance.now() - started);
  }
  sim.setClock(NOW);
  sim.state = initialRunState(null, undefined, await loadHistory(sim.dataDir, new Date(NOW), silentLogger));

  const page = textOf((await sim.cycle(true)).files.find((file) => file.name === 'index.html')?.content ?? '');
  const withHistory = await cpuPerCycle(sim, true);
  const without = await cpuPerCycle(sim, false);
  const out = [
    `disk for 30 days (4 UPSes, 30 s): ${mb(disk)}`,
    `start-up read of the store: first ${loads[0]?.toFixed(0)} ms, median of 5 ${median(loads).toFixed(0)} ms`,
    `RSS added by 30 days in memory (fresh process, npm start's flags), median of 3: ${mb(median(rss))}`,
    `CPU per cycle, median of ${CYCLES}: ${withHistory.toFixed(2)} ms with history, ${without.toFixed(2)} ms without: history adds ${(withHistory - without).toFixed(2)} ms`,
    `page with 30 days of history for 4 UPSes: ${(Buffer.byteLength(page) / 1024).toFixed(1)} KB raw, ${(gzipSync(page).length / 1024).toFixed(1)} KB gzipped`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
} finally {
  await sim.cleanup();
}
