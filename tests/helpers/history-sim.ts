// Weeks of cycles in seconds: the real cycle (runOnce) and the real history store on disk, with an
// injected clock and an in-memory upsd (nut-world.ts). Outputs are built only when asked for,
// since drawing the page for every one of thousands of cycles would only cost time.

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRunDeps } from '../../src/app/deps.ts';
import type { LogEvent } from '../../src/app/log-events.ts';
import { initialRunState, runOnce, type RunDeps, type RunState } from '../../src/app/run-once.ts';
import { publishedFiles, type CycleResult } from './published-files.ts';
import { parseConfig } from '../../src/config/parse.ts';
import type { Config } from '../../src/config/types.ts';
import { loadHistory } from '../../src/history/load.ts';
import { createOutputs } from '../../src/outputs/registry.ts';
import type { Output } from '../../src/outputs/types.ts';
import { createLogger, type LogLine } from '../../src/shared/log.ts';
import { worldSessions, type World, type WorldHost } from './nut-world.ts';

export interface Sim {
  config: Config;
  dataDir: string;
  world: World;
  logs: LogLine[];
  state: RunState;
  deps: RunDeps;
  /** The real outputs, which cycle(true) builds. */
  outputs: readonly Output[];
  now(): number;
  /** Sets the clock (a step back or forward is allowed: that is the point). */
  setClock(ms: number): void;
  /** One cycle at the clock's time; with `render`, the outputs' files are returned. */
  cycle(render?: boolean): Promise<CycleResult>;
  /** Cycles every `stepMs` up to and including `until`, from the clock's time (or one step on if a cycle just ran then). */
  runUntil(until: number, stepMs: number, before?: (t: number) => void): Promise<void>;
  /**
   * As a stopped and restarted process: the store saves what the last cycles left in memory, as the
   * daemon's stop does, and memory is read back from it, the last snapshot from status.json. With
   * `killed`, nothing is saved first: memory is what the last save left.
   */
  restart(options?: { killed?: boolean }): Promise<void>;
  cleanup(): Promise<void>;
}

export interface Outage {
  port: number;
  ups: readonly string[];
  start: number;
  seconds: number;
  /** Charge and runtime at the end, falling in a straight line from 100 % and 30 min. */
  lowestCharge: number;
  lowestRuntime: number;
  /** The UPS's variables on mains, for the return. */
  onMains(name: string, charge: string): Record<string, string>;
}

/** On battery from `start`, a cycle every 30 s, back on mains `seconds` later (a cycle then too). */
export async function runOutage(sim: Sim, outage: Outage): Promise<void> {
  const host = sim.world.get(outage.port);
  if (!host) throw new Error(`no host on ${outage.port}`);
  for (let s = 0; s < outage.seconds; s += 30) {
    sim.setClock(outage.start + s * 1000);
    const charge = String(Math.round(100 - ((100 - outage.lowestCharge) * s) / (outage.seconds - (outage.seconds % 30 || 30))));
    const runtime = String(Math.round(1800 - ((1800 - outage.lowestRuntime) * s) / (outage.seconds - (outage.seconds % 30 || 30))));
    for (const name of outage.ups) host.ups[name] = { ...outage.onMains(name, charge), 'ups.status': 'OB DISCHRG', 'battery.runtime': runtime };
    await sim.cycle();
  }
  sim.setClock(outage.start + outage.seconds * 1000);
  for (const name of outage.ups) host.ups[name] = outage.onMains(name, String(outage.lowestCharge));
  await sim.cycle();
  for (const name of outage.ups) host.ups[name] = outage.onMains(name, '100');
}

/** A UPS on mains with the usual figures; `extra` overrides or adds variables. */
export function upsVars(extra: Record<string, string> = {}): Record<string, string> {
  return {
    'ups.status': 'OL',
    'battery.charge': '100',
    'battery.runtime': '1800',
    'ups.load': '20',
    'input.voltage': '230',
    'output.voltage': '230',
    'ups.realpower.nominal': '500',
    ...extra,
  };
}

/** Config fields beyond the hosts, e.g. { dataDir } or { refreshSeconds: 0 }; the schedule defaults to every 5 minutes. */
export async function createSim(hosts: Record<string, WorldHost>, start: number, options: Record<string, unknown> = {}): Promise<Sim> {
  const base = await mkdtemp(path.join(os.tmpdir(), 'upsview-sim-'));
  const world: World = new Map();
  const hostConfigs = Object.entries(hosts).map(([name, host], i) => {
    world.set(40_000 + i, host);
    return { name, host: '127.0.0.1', port: 40_000 + i };
  });
  const config = parseConfig(
    { title: 'Sim', schedule: '0 */5 * * * *', ...options, hosts: hostConfigs },
    { baseDir: base, source: 'sim' },
  );
  let clock = start;
  let lastCycle: number | null = null;
  const now = () => new Date(clock);
  const logs: LogLine[] = [];
  const log = createLogger<LogEvent>({ verbose: false, now, write: (line) => logs.push(JSON.parse(line) as LogLine) });
  const outputs: Output[] = await createOutputs();
  const published = publishedFiles(config.outDir);
  const deps = await createRunDeps({ now, sessions: worldSessions(world), log, outputs: [], publish: published.publish });
  const sim: Sim = {
    config,
    dataDir: config.dataDir,
    world,
    logs,
    deps,
    outputs,
    state: initialRunState(),
    now: () => clock,
    setClock(ms) {
      clock = ms;
    },
    async cycle(render = false) {
      lastCycle = clock;
      const result = published.take(await runOnce(config, { ...deps, outputs: render ? outputs : [] }, sim.state));
      sim.state = result.state;
      return result;
    },
    async runUntil(until, stepMs, before) {
      for (let t = lastCycle === clock ? clock + stepMs : clock; t <= until; t += stepMs) {
        clock = t;
        before?.(t);
        await sim.cycle();
      }
    },
    async restart({ killed = false } = {}) {
      if (!killed) await deps.flushHistory({ dataDir: config.dataDir, history: sim.state.history, store: sim.state.store, now: now() }, log);
      sim.state = initialRunState(sim.state.previous, undefined, await loadHistory(config.dataDir, now(), log));
    },
    cleanup: () => rm(base, { recursive: true, force: true }),
  };
  return sim;
}
