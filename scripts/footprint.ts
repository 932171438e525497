// npm run footprint: what upsview costs a small machine, tsx at run time against the bundle that
// `npm start` runs, in one run (issue 11, Footprint). A real upsd serves four real UPS dumps on
// loopback; the daemon polls it every second. Prints medians:
//   RSS and anonymous RSS of the daemon (/proc/<pid>/status, sampled once per cycle after warm-up),
//   wall time of `--help` and of `--once`,
//   CPU per cycle: the time its threads ran (/proc/<pid>/task/*/schedstat) over N cycles, divided
//     by N, twice: over the first N cycles after warm-up, while V8 still compiles what runs each
//     cycle, and over the 2N after them, the steady state of a daemon that runs for months,
// then where a cycle's CPU goes, phase by phase (scripts/cycle-cpu.ts).
// Figures only: nothing here passes or fails.
//   npm run footprint                N = 30: 95 cycles per variant
//   npm run footprint -- 60          more cycles
//   npm run footprint -- 30 --rounds 3
//                                    each daemon three times, the variants in turn: medians, and
//                                    each round's steady CPU
//   npm run footprint -- 30 --moving the four dumps' readings move every second (voltages, load,
//                                    runtime, tests/helpers/moving-units.ts), as a real UPS's do:
//                                    cards, charts and files are made again where static dumps
//                                    let each output reuse last cycle's work
//   npm run footprint -- 30 --seeded every run starts on a store with 30 days of history for the
//                                    four UPSes (tests/helpers/history-seed.ts), as a daemon that
//                                    has run for weeks does: a fresh store has no charts to draw
//   npm run footprint -- 30 --against ../old-checkout
//                                    adds that checkout's bundle (built there first), with its own
//                                    npm start flags, in the same run

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { parseConfig } from '../src/config/parse.ts';
import { DAY } from '../src/history/bucket.ts';
import { BUNDLE, START_FLAGS, ensureBundle, startFlagsOf } from '../tests/helpers/bundle.ts';
import { REPO } from '../tests/helpers/cli.ts';
import { seedStore } from '../tests/helpers/history-seed.ts';
import { movingUnits } from '../tests/helpers/moving-units.ts';
import { sampleUnits } from '../tests/helpers/sample-dumps.ts';
import { startUpsd } from '../tests/helpers/upsd.ts';
import { cpuByPhase } from './cycle-cpu.ts';

const CYCLES = /^\d+$/.test(process.argv[2] ?? '') ? Number(process.argv[2]) : 30;
const MOVING = process.argv.includes('--moving');
const SEEDED = process.argv.includes('--seeded');
const against = process.argv.includes('--against') ? path.resolve(process.argv[process.argv.indexOf('--against') + 1] ?? '.') : null;
/** Each variant's daemon runs this many times, the variants in turn; the table gives medians. */
const ROUNDS = process.argv.includes('--rounds') ? Number(process.argv[process.argv.indexOf('--rounds') + 1]) : 1;
const WARM_UP = 5;
/** Cycles measured after the first CYCLES, for the steady state. */
const STEADY = CYCLES * 2;
const RUNS = 7;
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

interface Variant {
  name: string;
  /** node arguments before upsview's own. */
  args: string[];
  /** Not upsview: a floor to compare with, measured as a daemon only. */
  floor?: boolean;
}

// What the schedule alone costs: node with node-cron loaded (as the job loads it to parse the
// expression), a timer to each next second, and an empty job.
const FLOOR = `require('node-cron');
(function next() {
  setTimeout(() => { process.stderr.write('"run-finished"\\n'); next(); }, 1000 - (Date.now() % 1000));
})();`;

/** The other checkout's bundle, run with that checkout's own npm start flags. */
function againstVariant(checkout: string): Variant {
  const flags = startFlagsOf(checkout);
  return { name: `bundle of ${checkout} (its npm start: ${flags.join(' ')})`, args: [...flags, path.join(checkout, 'dist', 'upsview.mjs')] };
}

const VARIANTS: Variant[] = [
  { name: 'tsx at run time', args: [...START_FLAGS, '--import', 'tsx', path.join(REPO, 'src', 'cli.ts')] },
  { name: `bundle (npm start: ${START_FLAGS.join(' ')})`, args: [...START_FLAGS, BUNDLE] },
  ...(against ? [againstVariant(against)] : []),
  { name: 'bundle, V8 defaults', args: [BUNDLE] },
  { name: 'floor: node + node-cron, a timer each second, empty job', args: [...START_FLAGS, '-e', FLOOR, '--'], floor: true },
];

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

function run(variant: Variant, upsviewArgs: string[]): ChildProcess {
  // cwd is the repository for tsx (it resolves `--import tsx` from there) and / for the bundle, which
  // must find its templates from any working directory.
  const cwd = variant.args.some((arg) => arg.endsWith('upsview.mjs')) ? '/' : REPO;
  return spawn(process.execPath, [...variant.args, ...upsviewArgs], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

async function wallSeconds(variant: Variant, upsviewArgs: string[]): Promise<number> {
  const started = performance.now();
  const child = run(variant, upsviewArgs);
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`${variant.name} ${upsviewArgs.join(' ')} exited with ${code}: ${stderr}`);
  return (performance.now() - started) / 1000;
}

/**
 * The process's CPU time so far, in ms: the time each of its threads has run, in nanoseconds
 * (/proc/<pid>/task/<tid>/schedstat, proc(5)). utime and stime in /proc/<pid>/stat count clock
 * ticks: 10 ms each, a quarter of a millisecond per cycle over 40 cycles, and sampled, so a cycle
 * of a few ms read 5.3 ms for two bundles that schedstat, alternating them, put 0.8 ms apart.
 * node's threads live as long as the process, so none of the time is lost with a thread. Kernels
 * without schedstat fall back to the ticks.
 */
function cpuMs(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/task`).reduce((sum, tid) => sum + Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1e6, 0);
  } catch {
    // Fields after the command name, which sits in parentheses and may hold spaces: utime is the
    // 14th field of the line, stime the 15th (proc(5)).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND) * 1000;
  }
}

function memoryMb(pid: number): { rss: number; anon: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, anon: kb('RssAnon') / 1024 };
}

interface Daemon {
  rssMb: number;
  rssMaxMb: number;
  anonMb: number;
  /** Over the CYCLES cycles after warm-up, while V8 still compiles the code that runs each cycle. */
  cpuMsFirst: number;
  /** Over the STEADY cycles after those: what a daemon that runs for months spends. */
  cpuMsSteady: number;
}

/**
 * Runs the daemon for WARM_UP + CYCLES + STEADY cycles, counting the `run-finished` lines of
 * --verbose; memory is sampled once per cycle after warm-up.
 */
async function daemon(variant: Variant, config: string): Promise<Daemon> {
  const child = run(variant, ['--config', config, '--verbose']);
  const pid = child.pid as number;
  const rss: number[] = [];
  const anon: number[] = [];
  const marks = new Map([WARM_UP, WARM_UP + CYCLES, WARM_UP + CYCLES + STEADY].map((cycle) => [cycle, 0]));
  let cycles = 0;
  for await (const line of readline.createInterface({ input: child.stderr as NodeJS.ReadableStream })) {
    if (!line.includes('"run-finished"')) continue;
    cycles += 1;
    if (marks.has(cycles)) marks.set(cycles, cpuMs(pid));
    if (cycles > WARM_UP) {
      const memory = memoryMb(pid);
      rss.push(memory.rss);
      anon.push(memory.anon);
    }
    if (cycles === WARM_UP + CYCLES + STEADY) break;
  }
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
  if (cycles < WARM_UP + CYCLES + STEADY) throw new Error(`${variant.name}: daemon stopped after ${cycles} cycles`);
  const [start, middle, end] = [...marks.values()] as [number, number, number];
  return {
    rssMb: median(rss),
    rssMaxMb: Math.max(...rss),
    anonMb: median(anon),
    cpuMsFirst: (middle - start) / CYCLES,
    cpuMsSteady: (end - middle) / STEADY,
  };
}

async function medianWall(variant: Variant, args: string[]): Promise<string> {
  if (variant.floor) return '–';
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await wallSeconds(variant, args));
  return `${median(runs).toFixed(2)} s`;
}

/** The daemons' figures, each the median over the rounds. */
function medianDaemon(runs: readonly Daemon[]): Daemon {
  const of = (field: keyof Daemon) => median(runs.map((run) => run[field]));
  return { rssMb: of('rssMb'), rssMaxMb: Math.max(...runs.map((run) => run.rssMaxMb)), anonMb: of('anonMb'), cpuMsFirst: of('cpuMsFirst'), cpuMsSteady: of('cpuMsSteady') };
}

ensureBundle();
const upsd = await startUpsd(MOVING ? await movingUnits(sampleUnits()) : sampleUnits());
const dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-footprint-'));
try {
  const host = 'loopback';
  const hosts = [{ name: host, host: upsd.host, port: upsd.port }];
  const raw = { title: 'Footprint', schedule: '* * * * * *', outDir: 'out', hosts };
  // Seeded once, up to a minute ago, and copied into each run's data/ (seeding takes seconds).
  const seed = path.join(dir, 'seed');
  if (SEEDED) {
    const units = sampleUnits().map((unit) => ({ host, ups: unit.name }));
    await seedStore(seed, units, Date.now() - 30 * DAY, Date.now() - 60_000);
  }
  // Each variant in a folder of its own (config, out/, data/): the history one left behind would
  // make the next one's cycles dearer.
  const configIn = async (name: string) => {
    const config = path.join(dir, name, 'config.json');
    await mkdir(path.dirname(config));
    await writeFile(config, JSON.stringify(raw));
    if (SEEDED) await cp(seed, path.join(dir, name, 'data'), { recursive: true });
    return config;
  };
  process.stdout.write(
    `4 UPSes on one upsd${MOVING ? ', their readings moving every second' : ''}${SEEDED ? ', 30 days of history in the store' : ''}, schedule every second; wall times are medians of ${RUNS} runs; the daemon runs ${WARM_UP} cycles of ` +
      `warm-up, then ${CYCLES} (first) and ${STEADY} (steady) measured cycles; RSS: median (and highest) once per cycle over all ` +
      `${CYCLES + STEADY}${ROUNDS > 1 ? `; each daemon ${ROUNDS} times, the variants in turn: medians (steady CPU of each round)` : ''}\n\n` +
      '| variant | daemon RSS (max) | anon RSS | --help | --once | CPU per cycle, first | CPU per cycle, steady |\n|---|---|---|---|---|---|---|\n',
  );
  const walls = [];
  for (const [i, variant] of VARIANTS.entries()) {
    walls.push({ help: await medianWall(variant, ['--help']), once: await medianWall(variant, ['--config', await configIn(`once-${i}`), '--once']) });
  }
  // The daemons in turn, round after round: a machine that gets busier weighs on every variant alike.
  const runs: Daemon[][] = VARIANTS.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, variant] of VARIANTS.entries()) runs[i]?.push(await daemon(variant, await configIn(`daemon-${i}-${round}`)));
  }
  for (const [i, variant] of VARIANTS.entries()) {
    const f = medianDaemon(runs[i] ?? []);
    const wall = walls[i];
    const each = ROUNDS > 1 ? ` (${(runs[i] ?? []).map((run) => run.cpuMsSteady.toFixed(2)).join(', ')})` : '';
    process.stdout.write(
      `| ${variant.name} | ${f.rssMb.toFixed(1)} MB (${f.rssMaxMb.toFixed(1)}) | ${f.anonMb.toFixed(1)} MB | ${wall?.help} | ${wall?.once} | ` +
        `${f.cpuMsFirst.toFixed(2)} ms | ${f.cpuMsSteady.toFixed(2)} ms${each} |\n`,
    );
  }
  process.stdout.write('| target | ≤ 60 MB | | ≤ 0.3 s | ≤ 0.5 s | | ≤ 5 ms |\n');
  const config = await configIn('phases');
  const phases = await cpuByPhase(parseConfig(raw, { baseDir: path.dirname(config), source: config }), CYCLES * 4);
  process.stdout.write(`\nCPU per cycle by phase, in this process, ${CYCLES * 4} cycles back to back (no scheduler)\n\n| phase | CPU |\n|---|---|\n`);
  for (const [phase, ms] of phases) process.stdout.write(`| ${phase} | ${ms.toFixed(2)} ms |\n`);
} finally {
  await upsd.stop();
  await rm(dir, { recursive: true, force: true });
}
