// Virtual time for code that takes a Clock: timers fire only when the test advances the clock,
// and the wall clock can be stepped apart from the monotonic one, as NTP does.

import type { Clock } from '../../src/shared/clock.ts';

export interface FakeClock extends Clock {
  /** Moves both clocks forward by `ms`, firing each due timer at its time and letting the promises it starts settle. */
  advance(ms: number): Promise<void>;
  /** Steps the wall clock alone by `ms` (negative: backwards). */
  stepWall(ms: number): void;
  /** Timers not yet fired or cleared. */
  pending(): number;
}

interface Timer {
  at: number;
  seq: number;
  run: () => void;
}

/** Lets every promise chain that is ready run to its next real wait. */
const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

export function createFakeClock(wallStart: string): FakeClock {
  let wall = Date.parse(wallStart);
  let mono = 0;
  let seq = 0;
  const timers = new Set<Timer>();
  return {
    now: () => wall,
    monotonic: () => mono,
    setTimeout(run, ms) {
      const timer = { at: mono + Math.max(0, ms), seq: seq++, run };
      timers.add(timer);
      return timer;
    },
    clearTimeout: (handle) => void timers.delete(handle as Timer),
    async advance(ms) {
      const end = mono + ms;
      await settle();
      for (;;) {
        const next = [...timers].filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
        if (!next) break;
        timers.delete(next);
        wall += next.at - mono;
        mono = next.at;
        next.run();
        await settle();
      }
      wall += end - mono;
      mono = end;
    },
    stepWall(ms) {
      wall += ms;
    },
    pending: () => timers.size,
  };
}
