// npm run bench: first the round trips of 8 hosts × 4 UPSes at 100 ms RTT (bench-round-trips.ts);
// then a real upsd serving the NUT DDL dumps (the 576 of ../shared/nut-ddl when present, else the
// bundled few, and it says which): the median full cycle (poll + render + write) over 20 cycles
// against the wire limit (one raw socket that writes every LIST VAR at once and reads to the last
// END), the job itself as npm start runs it, and for comparison a one-request-at-a-time client
// over the same UPSes; then the job again with the same dumps' readings moving every second, as a
// real site's do (the static dumps let every output reuse last cycle's work, which a real site
// allows far less often). Figures only: nothing here passes or fails.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../src/config/parse.ts';
import { openSession } from '../src/nut/session.ts';
import { pollAll } from '../src/poll/poll-all.ts';
import { createOutputs } from '../src/outputs/registry.ts';
import type { Output } from '../src/outputs/types.ts';
import { createRunDeps, sessionPoolFor } from '../src/app/deps.ts';
import { initialRunState, runOnce, type RunState } from '../src/app/run-once.ts';
import type { Snapshot } from '../src/snapshot/types.ts';
import { historyView } from '../src/history/view.ts';
import { byteLengthOf, contentOf, type OutputFile } from '../src/publish/atomic-write.ts';
import { createPublisher } from '../src/publish/skip-unchanged.ts';
import { BUNDLE, START_FLAGS, ensureBundle } from '../tests/helpers/bundle.ts';
import { largestCorpus } from '../tests/helpers/corpus.ts';
import { movingUnits } from '../tests/helpers/moving-units.ts';
import { startUpsd } from '../tests/helpers/upsd.ts';
import { benchRoundTrips } from './bench-round-trips.ts';

const CYCLES = 20;
const SERIAL_RUNS = 3;
/**
 * Cycles of the job measured after its first two, with their middle half shown, so that a run's
 * spread is seen. The job starts on a new history store, and in some runs its monitored time falls
 * short of the store's age. Until the store is a minute old, each card's "Monitored" row then reads
 * in seconds and changes every cycle, and every card is drawn again: at 576 UPSes (static dumps) a
 * median near 380 ms a cycle, against near 200 ms in the other runs.
 */
const JOB_CYCLES = 30;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const ms = (value: number) => `${value.toFixed(1)} ms`;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

async function time(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/** What a client that waits for each reply before sending the next request costs. */
async function serialPoll(host: string, port: number): Promise<void> {
  const session = await openSession({ host, port, timeoutMs: 120_000 });
  const [list] = await session.send([{ line: 'LIST UPS', expect: { kind: 'list', query: ['UPS'] } }]);
  for (const item of list?.kind === 'list' ? list.items : []) {
    const name = item[1] as string;
    await session.send([{ line: `LIST VAR ${name}`, expect: { kind: 'list', query: ['VAR', name] } }]);
  }
  await session.close();
}

/** The wire limit: what upsd needs to answer every LIST VAR at once, with no client work at all. */
async function wireLimit(host: string, port: number, names: readonly string[]): Promise<number> {
  const socket = net.connect({ host, port });
  socket.setNoDelay(true);
  await once(socket, 'connect');
  socket.write(names.map((name) => `LIST VAR ${name}\n`).join(''));
  let ends = 0;
  let tail = '';
  for await (const chunk of socket) {
    const text = tail + (chunk as Buffer).toString('latin1');
    const lines = text.split('\n');
    tail = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith('END LIST VAR ')) ends++;
    if (ends === names.length) break;
  }
  socket.destroy();
  return ends;
}

interface JobFigures {
  cycleMs: number;
  /** The middle half of the cycles: from the first quartile to the third. */
  middleMs: [number, number];
  rss: number;
  peak: number;
}

/**
 * The job as it runs for real (npm start: the bundle, with its flags) on a one-second schedule,
 * polling `upsd` and writing into `dir`: the median cycle it logs, and its memory after `cycles`
 * cycles, from /proc (RSS now and at its peak).
 */
async function daemon(upsd: { host: string; port: number }, dir: string, cycles: number): Promise<JobFigures> {
  const file = path.join(dir, 'config.json');
  const dataDir = `${dir}-daemon-data`;
  const hosts = [{ name: 'ddl', host: upsd.host, port: upsd.port }];
  await writeFile(file, JSON.stringify({ title: 'Bench', schedule: '* * * * * *', outDir: dir, dataDir, timeoutMs: 30_000, hosts }));
  ensureBundle();
  const child = spawn(process.execPath, [...START_FLAGS, BUNDLE, '--config', file, '--verbose'], {
    cwd: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const times: number[] = [];
  try {
    for await (const line of createInterface({ input: child.stderr as Readable })) {
      const event = JSON.parse(line) as { kind?: string; ms?: number };
      if (event.kind === 'run-finished' && typeof event.ms === 'number') times.push(event.ms);
      if (times.length >= cycles + 2) break;
    }
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    // The first cycle connects cold and the second carries the GET DESCs: leave both out.
    const measured = times.slice(2).sort((a, b) => a - b);
    const at = (share: number) => measured[Math.round((measured.length - 1) * share)] as number;
    return { cycleMs: median(measured), middleMs: [at(0.25), at(0.75)], rss: kb('VmRSS'), peak: kb('VmHWM') };
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
    await rm(dataDir, { recursive: true, force: true });
  }
}

const jobLine = (what: string, job: JobFigures) =>
  `the job itself ${what}, median of ${JOB_CYCLES} cycles as it logs them: ${ms(job.cycleMs)} (middle half ${job.middleMs.map((each) => each.toFixed(0)).join('–')} ms); rss ${mb(job.rss)}, peak ${mb(job.peak)}`;

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
  const plain = await createRunDeps({ sessions: sessionPoolFor(config) });
  // Each output's build timed inside the full cycles.
  const builds = new Map<string, number[]>();
  const deps = {
    ...plain,
    outputs: plain.outputs.map((output): Output => ({
      name: output.name,
      build(context) {
        const start = performance.now();
        const files = output.build(context);
        builds.set(output.name, [...(builds.get(output.name) ?? []), performance.now() - start]);
        return files;
      },
    })),
  };
  let state: RunState = initialRunState();
  const cycle = async (outputs: readonly Output[] = deps.outputs) => {
    state = (await runOnce(config, { ...deps, outputs }, state)).state;
  };
  const first = await time(() => cycle());
  builds.clear();
  // Taken in turns, so a busy machine weighs on both alike.
  const cycles: number[] = [];
  const wire: number[] = [];
  for (let i = 0; i < CYCLES; i++) {
    wire.push(await time(() => wireLimit(upsd.host, upsd.port, units.map((unit) => unit.name))));
    cycles.push(await time(() => cycle()));
  }
  const cycleRss = process.memoryUsage().rss;
  const polls: number[] = [];
  for (let i = 0; i < 5; i++) polls.push(await time(() => pollAll(config, deps, state.descriptions)));
  // The outputs reuse last cycle's work where the data did not change (the corpus never changes):
  // new outputs start with nothing to reuse, as when every UPS reports a new value each cycle.
  const snapshot = state.previous as Snapshot;
  const build = (outputs: readonly Output[]) => {
    const history = historyView(state.history, snapshot);
    return outputs.flatMap((output) => output.build({ snapshot, config, history }));
  };
  const warm: number[] = [];
  const cold: number[] = [];
  const writes: number[] = [];
  const publish = createPublisher();
  let files: OutputFile[] = [];
  for (let i = 0; i < 5; i++) {
    warm.push(await time(async () => build(plain.outputs)));
    const fresh = await createOutputs();
    // Texts made on demand (history.json) are made here, with the build, so that publishing is only writing.
    cold.push(await time(async () => (files = build(fresh).map((file) => ({ ...file, content: contentOf(file.content) })))));
    writes.push(await time(() => publish(outDir, files)));
  }
  const kb = (file: OutputFile | undefined) => `${((file ? byteLengthOf(file.content) : 0) / 1024).toFixed(0)} KB`;
  // Badges and schemas are many small files: counted together.
  const small = files.filter((file) => file.name.startsWith('badges/') || file.name.startsWith('schemas/'));
  const large = files.filter((file) => !small.includes(file));
  const smallBytes = small.reduce((sum, file) => sum + byteLengthOf(file.content), 0);
  const sizes = [...large.map((file) => `${file.name} ${kb(file)}`), `${small.length} badges and schemas ${(smallBytes / 1024).toFixed(0)} KB`].join(', ');
  const coldCycles: number[] = [];
  for (let i = 0; i < CYCLES; i++) {
    const fresh = await createOutputs();
    coldCycles.push(await time(() => cycle(fresh)));
  }

  const job = await daemon(upsd, outDir, JOB_CYCLES);

  const serial: number[] = [];
  for (let i = 0; i < SERIAL_RUNS && !process.argv.includes('--no-serial'); i++) serial.push(await time(() => serialPoll(upsd.host, upsd.port)));
  const vars = snapshot.hosts.reduce((sum, host) => sum + host.ups.reduce((count, ups) => count + Object.keys(ups.vars).length, 0), 0);

  const out = [
    `UPSes: ${snapshot.summary.upsCount} (${label} dumps), variables: ${vars}`,
    `first cycle (connect, LIST UPS, LIST VARs; the GET DESCs ride in the second cycle's write): ${ms(first)}`,
    `full cycle, median of ${CYCLES} (poll + render + write): ${ms(median(cycles))}  [min ${ms(Math.min(...cycles))}, max ${ms(Math.max(...cycles))}]`,
    `wire limit, median of ${CYCLES} (one socket, every LIST VAR at once, to the last END): ${ms(median(wire))}`,
    `full cycle / wire limit: ${(median(cycles) / median(wire)).toFixed(2)}×`,
    `each output's build within the full cycles, median: ${[...builds].map(([name, list]) => `${name} ${ms(median(list))}`).join(', ')}`,
    `full cycle with new outputs (nothing of the last cycle reused), median of ${CYCLES}: ${ms(median(coldCycles))}`,
    `poll only, median of 5: ${ms(median(polls))}`,
    `render only (every output), median of 5: ${ms(median(warm))} reusing the last build, ${ms(median(cold))} new outputs`,
    `publish only (every file, as the job does: an unchanged one is not written again), median of 5: ${ms(median(writes))}`,
    // What no rendering, however fast, can beat while the files are written after the poll.
    `floor, poll only + publish only: ${ms(median(polls) + median(writes))}, ${((median(polls) + median(writes)) / median(wire)).toFixed(2)}× the wire limit`,
    `files: ${sizes}`,
    jobLine('(npm start: the bundle and its flags, every second)', job),
    // The full cycles above run in this process, where V8 optimises the hot code. npm start runs
    // without that optimiser (--no-turbofan), which costs the job itself less memory and CPU, even
    // at 576 UPSes, but leaves its cycle longer than the in-process one.
    `the job's cycle / wire limit: ${(job.cycleMs / median(wire)).toFixed(2)}×`,
    ...(serial.length > 0 ? [`one-request-at-a-time client, median of ${SERIAL_RUNS}: ${ms(median(serial))}`] : []),
    `this bench process: rss ${mb(cycleRss)} after the full cycles, ${mb(process.memoryUsage().rss)} at the end, peak ${mb(process.resourceUsage().maxRSS * 1024)}; heap used ${mb(process.memoryUsage().heapUsed)}`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  await deps.sessions.close();
} finally {
  await upsd.stop();
  await rm(outDir, { recursive: true, force: true });
  await rm(`${outDir}-data`, { recursive: true, force: true });
}

process.stdout.write(`starting upsd with the same ${units.length} dumps, their readings moving every second…\n`);
const moving = await startUpsd(await movingUnits(units));
const movingDir = await mkdtemp(path.join(os.tmpdir(), 'upsview-bench-moving-'));
try {
  process.stdout.write(`${jobLine('with readings moving every second', await daemon(moving, movingDir, JOB_CYCLES))}\n`);
} finally {
  await moving.stop();
  await rm(movingDir, { recursive: true, force: true });
}
