// Timers in virtual time for the session: nothing fires until the test moves the clock.

import type { Timers } from '../../src/nut/clock.ts';

export interface VirtualTimers extends Timers {
  /** Moves the clock forward, firing every timer that falls due on the way, in order. */
  advance(ms: number): void;
  /** Timers armed and not yet fired or cleared. */
  readonly armed: number;
}

export function createVirtualTimers(): VirtualTimers {
  let clock = 0;
  let nextId = 1;
  const due = new Map<number, { at: number; callback: () => void }>();
  return {
    monotonic: () => clock,
    setTimeout(callback, ms) {
      const id = nextId++;
      due.set(id, { at: clock + Math.max(0, ms), callback });
      return id;
    },
    clearTimeout(handle) {
      due.delete(handle as number);
    },
    advance(ms) {
      const end = clock + ms;
      for (;;) {
        const next = [...due.entries()].filter(([, timer]) => timer.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!next) break;
        due.delete(next[0]);
        clock = next[1].at;
        next[1].callback();
      }
      clock = end;
    },
    get armed() {
      return due.size;
    },
  };
}
