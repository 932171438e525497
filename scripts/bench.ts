// npm run bench: first the round trips of 8 hosts × 4 UPSes at 100 ms RTT (bench-round-trips.ts);
// then a real upsd serving the NUT DDL dumps (the 576 of ../shared/nut-ddl when present, else the
// bundled few, and it says which): the median full cycle (poll + render + write) over 20 cycles,
// and for comparison a one-request-at-a-time client
// over the same UPSes. Figures only: nothing here passes or fails.

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '../src/config/parse.ts';
import { openSession } from '../src/nut/session.ts';
import { pollAll } from '../src/poll/poll-all.ts';
import { createPageOutput } from '../src/outputs/page/page-output.ts';
import type { Output } from '../src/outputs/types.ts';
import { statusJsonOutput } from '../src/outputs/status-json.ts';
import { createRunDeps, sessionPoolFor } from '../src/app/deps.ts';
import { initialRunState, runOnce, type RunState } from '../src/app/run-once.ts';
import type { Snapshot } from '../src/snapshot/types.ts';
import { historyView } from '../src/history/view.ts';
import { largestCorpus } from '../tests/helpers/corpus.ts';
import { startUpsd } from '../tests/helpers/upsd.ts';
import { benchRoundTrips } from './bench-round-trips.ts';

const CYCLES = 20;
const SERIAL_RUNS = 3;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const ms = (value: number) => `${value.toFixed(1)} ms`;

async function time(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/** What a client that waits for each reply before sending the next request costs. */
async function serialPoll(host: string, port: number): Promise<number> {
  const session = await openSession({ host, port, timeoutMs: 120_000 });
  const [list] = await session.send([{ line: 'LIST UPS', expect: { kind: 'list', query: ['UPS'] } }]);
  let vars = 0;
  for (const item of list?.kind === 'list' ? list.items : []) {
    const name = item[1] as string;
    const [reply] = await session.send([{ line: `LIST VAR ${name}`, expect: { kind: 'list', query: ['VAR', name] } }]);
    if (reply?.kind === 'list') vars += reply.items.length;
  }
  await session.close();
  return vars;
}

await benchRoundTrips((line) => process.stdout.write(`${line}\n`));
const { label, units } = largestCorpus();
process.stdout.write(`starting upsd with ${units.length} dummy-ups drivers (${label} dumps)…\n`);
const upsd = await startUpsd(units);
const outDir = await mkdtemp(path.join(os.tmpdir(), 'upsview-bench-'));
try {
  const config = parseConfig(
    { title: 'Bench', outDir, dataDir: `${outDir}-data`, timeoutMs: 30_000, hosts: [{ name: 'ddl', host: upsd.host, port: upsd.port }] },
    { baseDir: outDir, source: 'bench' },
  );
  // As the daemon runs it: the connection is kept between cycles (schedule every 30 s).
  const deps = await createRunDeps({ sessions: sessionPoolFor(config) });
  let state: RunState = initialRunState();
  const cycle = async (outputs: readonly Output[] = deps.outputs) => {
    state = (await runOnce(config, { ...deps, outputs }, state)).state;
  };
  const first = await time(() => cycle());
  const cycles: number[] = [];
  for (let i = 0; i < CYCLES; i++) cycles.push(await time(() => cycle()));
  const polls: number[] = [];
  for (let i = 0; i < 5; i++) polls.push(await time(() => pollAll(config, deps, state.descriptions)));
  // The page reuses the HTML of cards whose view did not change (the corpus never changes);
  // a fresh page output draws every card, as when every UPS reports a new value each cycle.
  const snapshot = state.previous as Snapshot;
  const build = (outputs: readonly Output[]) => outputs.flatMap((output) => output.build({ snapshot, config, history: historyView(state.history, snapshot) }));
  const warm: number[] = [];
  const cold: number[] = [];
  let sizes = '';
  for (let i = 0; i < 5; i++) {
    warm.push(await time(async () => build(deps.outputs)));
    const fresh = [statusJsonOutput, await createPageOutput()];
    cold.push(
      await time(async () => {
        sizes = build(fresh)
          .map((file) => `${file.name} ${(Buffer.byteLength(file.content) / 1024).toFixed(0)} KB`)
          .join(', ');
      }),
    );
  }
  const coldCycles: number[] = [];
  for (let i = 0; i < CYCLES; i++) {
    const fresh = [statusJsonOutput, await createPageOutput()];
    coldCycles.push(await time(() => cycle(fresh)));
  }

  const serial: number[] = [];
  let vars = 0;
  for (let i = 0; i < SERIAL_RUNS && !process.argv.includes('--no-serial'); i++) serial.push(await time(async () => (vars = await serialPoll(upsd.host, upsd.port))));

  const out = [
    `UPSes: ${snapshot.summary.upsCount} (${label} dumps), variables: ${vars}`,
    `first cycle (connect, LIST UPS, LIST VARs; the GET DESCs ride in the second cycle's write): ${ms(first)}`,
    `full cycle, median of ${CYCLES} (poll + render + write): ${ms(median(cycles))}  [min ${ms(Math.min(...cycles))}, max ${ms(Math.max(...cycles))}]`,
    `full cycle with every card drawn anew (every UPS changed), median of ${CYCLES}: ${ms(median(coldCycles))}`,
    `poll only, median of 5: ${ms(median(polls))}`,
    `render only, median of 5: ${ms(median(warm))} unchanged cards reused, ${ms(median(cold))} all drawn (${sizes})`,
    `one-request-at-a-time client, median of ${SERIAL_RUNS}: ${ms(median(serial))}`,
    `memory: rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(1)} MB, heap used ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(1)} MB`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  await deps.sessions.close();
} finally {
  await upsd.stop();
  await rm(outDir, { recursive: true, force: true });
  await rm(`${outDir}-data`, { recursive: true, force: true });
}
