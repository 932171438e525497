// npm run bench:history (and the tail of npm run bench): what history costs with 30 days of it
// for 4 UPSes at the default 30 s schedule. The store is seeded in its documented format, then
// real cycles run against an in-memory upsd with an injected clock. Last, the memory and start-up
// read of 30 days for 576 UPSes (issue 11, Scale). Figures only: nothing here passes or fails
// (issue 8 "Budgets").

import { execFileSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
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

interface Probe {
  rss: number;
  heap: number;
  /** The start-up read's wall time, ms. */
  ms: number;
}

/**
 * RSS and heap in use of a fresh process like `npm start` (small young generation) that has loaded
 * the job's modules, with and without 30 days of history read into memory.
 */
function memoryOfProbe(dataDir: string, load: boolean): Probe {
  const probe = `
    const { loadHistory } = await import(${JSON.stringify(new URL('../src/history/load.ts', import.meta.url).href)});
    await import(${JSON.stringify(new URL('../src/outputs/registry.ts', import.meta.url).href)});
    // Held on globalThis so the collector cannot take it before RSS is read.
    const started = performance.now();
    globalThis.history = ${load} ? await loadHistory(${JSON.stringify(dataDir)}, new Date(${NOW}), { event() {}, debug() {} }) : null;
    const ms = performance.now() - started;
    globalThis.gc(); globalThis.gc();
    process.stdout.write(JSON.stringify({ rss: process.memoryUsage().rss, heap: process.memoryUsage().heapUsed, ms }));`;
  const out = execFileSync(process.execPath, ['--expose-gc', '--max-semi-space-size=1', '--import', 'tsx', '--input-type=module', '-e', probe]);
  return JSON.parse(out.toString()) as Probe;
}

/** A probe that read the store, and what it holds beyond one that did not. */
function probeStore(dataDir: string): { loaded: Probe; rssAdded: number; heapAdded: number } {
  const [loaded, empty] = [memoryOfProbe(dataDir, true), memoryOfProbe(dataDir, false)];
  return { loaded, rssAdded: loaded.rss - empty.rss, heapAdded: loaded.heap - empty.heap };
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

  const added = [0, 1, 2].map(() => probeStore(sim.dataDir));
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
    `RSS added by 30 days in memory (fresh process, npm start's flags), median of 3: ${mb(median(added.map((probe) => probe.rssAdded)))}`,
    `heap held by 30 days in memory: ${mb(median(added.map((probe) => probe.heapAdded)))}`,
    `CPU per cycle, median of ${CYCLES}: ${withHistory.toFixed(2)} ms with history, ${without.toFixed(2)} ms without: history adds ${(withHistory - without).toFixed(2)} ms`,
    `page with 30 days of history for 4 UPSes: ${(Buffer.byteLength(page) / 1024).toFixed(1)} KB raw, ${(gzipSync(page).length / 1024).toFixed(1)} KB gzipped`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);

  // 576 UPSes: what start-up reads of 30 days (the whole store would be gigabytes), into a process of its own.
  const site = `${sim.dataDir}-576`;
  process.stdout.write('seeding what start-up reads of 30 days for 576 UPSes…\n');
  await seedStore(site, Array.from({ length: 576 }, (_, i) => ({ host: 'site', ups: `ups${i}` })), NOW - 30 * DAY, NOW, true);
  const { loaded, heapAdded } = probeStore(site);
  await rm(site, { recursive: true, force: true });
  process.stdout.write(
    `576 UPSes, 30 days in memory (fresh process, npm start's flags): heap ${mb(heapAdded)}, RSS ${mb(loaded.rss)}; start-up read ${(loaded.ms / 1000).toFixed(1)} s\n`,
  );
} finally {
  await sim.cleanup();
}
