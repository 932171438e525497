// Child process for the history SIGKILL test: loads the store as a restarted job does, then runs
// real cycles (in-memory upsd, outputs off) as fast as it can, 30 s of clock each, the UPS going
// on battery and back every few cycles so events are written too, until it is killed. Prints
// "ready" after the first cycle. Usage: UPSVIEW_HISTORY_KILL=1 node bundle.mjs <dataDir> <outDir>.

import { initialRunState, runOnce, type RunDeps } from '../../src/app/run-once.ts';
import { parseConfig } from '../../src/config/parse.ts';
import { loadHistory } from '../../src/history/load.ts';
import { flushHistory, saveHistory } from '../../src/history/save.ts';
import { createHookRunner } from '../../src/hooks/runner.ts';
import { silentLogger } from '../../src/shared/log.ts';
import { worldSessions, type World } from './nut-world.ts';

const [dataDir = '', outDir = ''] = process.argv.slice(2);
export const KILL_T0 = Date.parse('2026-05-01T00:00:00Z');

async function main(): Promise<void> {
  const world: World = new Map([[40_000, { reachable: true, ups: {} }]]);
  const config = parseConfig(
    { schedule: '*/30 * * * * *', outDir, dataDir, hosts: [{ name: 'home', host: '127.0.0.1', port: 40_000 }] },
    { baseDir: outDir, source: 'kill writer' },
  );
  const loaded = await loadHistory(dataDir, new Date(KILL_T0), silentLogger);
  let clock = Date.parse(loaded.history.track.lastCycleAt ?? new Date(KILL_T0).toISOString());
  // Only the store writes: no outputs (and so no templates to find beside the bundle).
  const deps: RunDeps = { now: () => new Date(clock), monotonic: () => performance.now(), sessions: worldSessions(world), outputs: [], publish: async () => undefined, saveHistory, flushHistory, hooks: createHookRunner({ log: silentLogger }), log: silentLogger };
  let state = initialRunState(null, undefined, loaded);
  for (let cycle = 0; ; cycle++) {
    clock += 30_000;
    const onBattery = Math.floor(clock / 90_000) % 2 === 1;
    world.set(40_000, { reachable: true, ups: { a: { 'ups.status': onBattery ? 'OB' : 'OL', 'battery.charge': String(50 + (cycle % 50)), 'ups.load': '30', 'ups.realpower': '120' } } });
    state = (await runOnce(config, deps, state)).state;
    if (cycle === 0) process.stdout.write('ready\n');
  }
}

if (process.env.UPSVIEW_HISTORY_KILL === '1') void main();
