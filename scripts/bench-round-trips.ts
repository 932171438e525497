// Round trips per cycle (issue 11): 8 hosts × 4 UPSes, each host 100 ms away through a userspace
// delay proxy (this kernel has no netem), and the same 4 UPSes on loopback. Prints upsview's
// cycle cold (first cycle of a process, nothing known), at a restart (first cycle of a process that
// reads the last status.json: each cron run), on a new connection (schedules of 60 s and longer) and in
// steady state (kept connection), against a one-request-at-a-time client, in ms and in RTTs. Each
// upsview figure is split into the poll (from the cycle's start until the last host is done: mostly
// waiting on the network) and the rest (snapshot and outputs: local CPU), with the CPU time used.

import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRunDeps } from '../src/app/deps.ts';
import { initialRunState, runOnce, type RunDeps, type RunState } from '../src/app/run-once.ts';
import { parseConfig } from '../src/config/parse.ts';
import type { Config } from '../src/config/types.ts';
import { createSessionPool, type SessionPool } from '../src/nut/pool.ts';
import { STATUS_FILE } from '../src/outputs/status-json.ts';
import { textOf, type FileContent } from '../src/publish/atomic-write.ts';
import { restoreSnapshot } from '../src/snapshot/restore.ts';
import { startUpsd } from '../tests/helpers/upsd.ts';
import { startDelayProxy, type DelayProxy } from './delay-proxy.ts';

const RTT_MS = 100;
const HOSTS = 8;
const UPS_NAMES = ['ups1', 'ups2', 'ups3', 'ups4'];
const STEADY_CYCLES = 10;
const COLD_RUNS = 5;
/** Cycles start a second apart, as with the fastest schedule: back-to-back cycles would measure the
 * kernel's delayed-ACK heuristics for interactive traffic, not what a scheduled job sees. */
const SPACING_MS = 1000;
const DEV = path.resolve(import.meta.dirname, '..', 'tests', 'fixtures', 'page', 'closet.dev');

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function time(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/** Writes `request` and resolves with the reply's lines up to `last` (a plain socket, as PyNUT's). */
function ask(socket: net.Socket, request: string, last: string): Promise<string[]> {
  return new Promise((resolve) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (!text.endsWith(`${last}\n`)) return;
      socket.off('data', onData);
      resolve(text.split('\n'));
    };
    socket.on('data', onData);
    socket.write(`${request}\n`);
  });
}

/**
 * Like PyNUT or a shell loop over upsc: one host after another, each request waiting for its reply,
 * on a plain socket (not upsview's session, which would spare it the delayed-ACK stalls).
 */
async function serialClient(ports: readonly number[]): Promise<void> {
  for (const port of ports) {
    const socket = net.connect({ host: '127.0.0.1', port });
    await once(socket, 'connect');
    const listed = await ask(socket, 'LIST UPS', 'END LIST UPS');
    for (const line of listed.filter((text) => text.startsWith('UPS '))) {
      const name = line.split(' ')[1] as string;
      await ask(socket, `LIST VAR ${name}`, `END LIST VAR ${name}`);
    }
    socket.destroy();
  }
}

/** One cycle: its wall time, how much of it the poll took, and the CPU time the process used. */
interface Cycle {
  ms: number;
  pollMs: number;
  cpuMs: number;
}

interface Cycles {
  cold: Cycle[];
  restart: Cycle[];
  newConnection: Cycle[];
  steady: Cycle[];
}

/** The pool, noting when a host's poll last ended (its connection released) since `reset`. */
function timedPool(pool: SessionPool): { pool: SessionPool; lastRelease: () => number; reset: () => void } {
  let last = 0;
  return {
    pool: {
      ...pool,
      release(key, lease) {
        last = performance.now();
        pool.release(key, lease);
      },
    },
    lastRelease: () => last,
    reset: () => void (last = 0),
  };
}

async function upsviewCycles(config: Config): Promise<Cycles> {
  const outputs = (await createRunDeps()).outputs;
  let status: FileContent | null = null;
  const run = async (keep: boolean, state: RunState, count: number) => {
    const sessions = timedPool(createSessionPool({ keep }));
    // Files are built but not written: disk flushes on a shared machine would drown the network figures.
    // The last status.json is kept, as a restart reads it back.
    const publish: RunDeps['publish'] = async (_, files) => void (status = files.find((file) => file.name === STATUS_FILE)?.content ?? status);
    const deps = await createRunDeps({ sessions: sessions.pool, outputs, publish });
    const cycles: Cycle[] = [];
    for (let i = 0; i < count; i++) {
      sessions.reset();
      const cpu = process.cpuUsage();
      const start = performance.now();
      state = (await runOnce(config, deps, state)).state;
      const ms = performance.now() - start;
      const used = process.cpuUsage(cpu);
      cycles.push({ ms, pollMs: Math.max(0, sessions.lastRelease() - start), cpuMs: (used.user + used.system) / 1000 });
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, SPACING_MS - ms)));
    }
    await sessions.pool.close();
    return { cycles, state };
  };
  // Cold: a new process's first cycle (no connection, no UPS names, no descriptions), several times.
  const colds = [];
  for (let i = 0; i < COLD_RUNS; i++) colds.push(await run(true, initialRunState(), 1));
  const warm = colds.at(-1)?.state ?? initialRunState();
  // A restart: a new process whose first cycle knows the UPSes from the last status.json (app/read-previous.ts).
  const restarts = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const previous = status === null ? null : restoreSnapshot(JSON.parse(textOf(status)));
    restarts.push(await run(true, initialRunState(previous), 1));
  }
  // Warm state (descriptions known, UPS names known), a new connection each cycle.
  const fresh = await run(false, warm, STEADY_CYCLES);
  // The first cycle on a new pool opens the connection; the rest reuse it.
  const kept = await run(true, warm, STEADY_CYCLES + 1);
  const first = (runs: { cycles: Cycle[] }[]) => runs.map((each) => each.cycles[0] as Cycle);
  return { cold: first(colds), restart: first(restarts), newConnection: fresh.cycles, steady: kept.cycles.slice(1) };
}

/** "436 ms = 4.4 RTT (poll 420 ms, the rest 16 ms; CPU 20 ms)" from the medians of each part. */
function describe(cycles: readonly Cycle[], rttMs?: number): string {
  const ms = median(cycles.map((cycle) => cycle.ms));
  const poll = median(cycles.map((cycle) => cycle.pollMs));
  const rest = median(cycles.map((cycle) => cycle.ms - cycle.pollMs));
  const cpu = median(cycles.map((cycle) => cycle.cpuMs));
  const total = rttMs === undefined ? `${ms.toFixed(1)} ms` : `${ms.toFixed(0)} ms = ${(ms / rttMs).toFixed(1)} RTT`;
  return `${total} (poll, mostly network: ${poll.toFixed(1)} ms; snapshot and outputs: ${rest.toFixed(1)} ms; CPU ${cpu.toFixed(1)} ms)`;
}

export async function benchRoundTrips(print: (line: string) => void): Promise<void> {
  const upsd = await startUpsd(UPS_NAMES.map((name) => ({ name, devFile: DEV })));
  // The outputs are never written; the history store is, into dataDir, removed at the end.
  const outDir = path.join(os.tmpdir(), 'upsview-bench-rtt');
  const proxies: DelayProxy[] = [];
  try {
    for (let i = 0; i < HOSTS; i++) proxies.push(await startDelayProxy(upsd, RTT_MS));
    const configFor = (ports: readonly number[]) =>
      parseConfig(
        { title: 'Bench', outDir, dataDir: `${outDir}-data`, schedule: '*/5 * * * * *', timeoutMs: 30_000, hosts: ports.map((port, i) => ({ name: `h${i}`, host: '127.0.0.1', port })) },
        { baseDir: outDir, source: 'bench' },
      );
    // One throwaway cycle first, so "cold" means no connection and nothing known, not unjitted code.
    await upsviewCycles(configFor([upsd.port]));
    const local = await upsviewCycles(configFor([upsd.port]));
    const far = await upsviewCycles(configFor(proxies.map((proxy) => proxy.port)));
    const serial = await time(() => serialClient(proxies.map((proxy) => proxy.port)));
    const localSerial: number[] = [];
    for (let i = 0; i < STEADY_CYCLES; i++) localSerial.push(await time(() => serialClient([upsd.port])));

    const rtt = (value: number) => `${value.toFixed(0)} ms = ${(value / RTT_MS).toFixed(1)} RTT`;
    print(`${HOSTS} hosts × ${UPS_NAMES.length} UPSes, each ${RTT_MS} ms RTT away (cycle: poll and build the outputs):`);
    print(`  upsview cold (first cycle: connect, LIST UPS, LIST VARs), median of ${COLD_RUNS}: ${describe(far.cold, RTT_MS)}`);
    print(`  upsview at a restart (first cycle of a process that read the last status.json, as each cron run), median of ${COLD_RUNS}: ${describe(far.restart, RTT_MS)}`);
    print(`  upsview on a new connection each cycle, median of ${STEADY_CYCLES}: ${describe(far.newConnection, RTT_MS)}`);
    print(`  upsview steady state (kept connections), median of ${STEADY_CYCLES}: ${describe(far.steady, RTT_MS)}`);
    print(`  one-request-at-a-time client, one host after another: ${rtt(serial)}`);
    print(`1 host × ${UPS_NAMES.length} UPSes on loopback, cycle:`);
    print(`  upsview cold, median of ${COLD_RUNS}: ${describe(local.cold)}`);
    print(`  upsview at a restart, median of ${COLD_RUNS}: ${describe(local.restart)}`);
    print(`  upsview on a new connection, median of ${STEADY_CYCLES}: ${describe(local.newConnection)}`);
    print(`  upsview steady state, median of ${STEADY_CYCLES}: ${describe(local.steady)}`);
    print(`  one-request-at-a-time client, median of ${STEADY_CYCLES}: ${median(localSerial).toFixed(1)} ms`);
  } finally {
    await Promise.all(proxies.map((proxy) => proxy.close()));
    await upsd.stop();
    await rm(`${outDir}-data`, { recursive: true, force: true });
  }
}
