// Where a cycle's CPU goes, measured in this process with process.cpuUsage() (every thread: the
// libuv pool's file writes and V8's helpers count too). Each output's build and the writing of its
// files are wrapped through RunDeps: the cycle hands each output's files to the writer as soon as
// they are built, and the writer writes them before its first await (run-once.ts), so that part
// is measured alone; their flushes and renames end while later outputs are built and the history
// is saved, and are counted with what is left of the whole cycle: the poll, the snapshot, the
// history record and save. Cycles run back to back after a warm-up, with nothing else scheduled.

import { createRunDeps } from '../src/app/deps.ts';
import { initialRunState, runOnce, type RunDeps } from '../src/app/run-once.ts';
import type { Config } from '../src/config/types.ts';

const cpuMs = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

/** Milliseconds of CPU per cycle by phase, averaged over `cycles`; keys in cycle order, `total` last. */
export async function cpuByPhase(config: Config, cycles: number, warmUp = 5): Promise<Map<string, number>> {
  const spent = new Map<string, number>();
  const add = (phase: string, ms: number) => spent.set(phase, (spent.get(phase) ?? 0) + ms);
  const plain = await createRunDeps();
  const deps: RunDeps = {
    ...plain,
    outputs: plain.outputs.map((output) => ({
      ...output,
      build(context) {
        const start = process.cpuUsage();
        const files = output.build(context);
        add(`build ${output.name}`, cpuMs(start));
        return files;
      },
    })),
    publish(dir, files) {
      const start = process.cpuUsage();
      const writing = plain.publish(dir, files);
      add('write files', cpuMs(start));
      return writing;
    },
  };
  let state = initialRunState();
  for (let i = 0; i < warmUp; i++) state = (await runOnce(config, deps, state)).state;
  spent.clear();
  const start = process.cpuUsage();
  for (let i = 0; i < cycles; i++) state = (await runOnce(config, deps, state)).state;
  const total = cpuMs(start);
  const measured = [...spent.values()].reduce((sum, ms) => sum + ms, 0);
  const result = new Map([['poll, snapshot, history record and save, flushes and renames', total - measured], ...spent]);
  result.set('total', total);
  for (const [phase, ms] of result) result.set(phase, ms / cycles);
  return result;
}
