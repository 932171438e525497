// When to write a throwaway request so that our ACK leaves at once (issue 11, "no delayed-ACK stall").
//
// upsd does not set TCP_NODELAY: once the first segment of a reply is out, Nagle holds the rest
// until our ACK. Linux delays that ACK (40 ms, up to TCP_DELACK_MAX = 200 ms) while it takes the
// exchange for interactive ("pingpong" mode), which it does as soon as we write within the
// delayed-ACK time of a read: the LIST VARs written the moment LIST UPS has answered, the GET DESCs
// after the LIST VARs, any batch after STARTTLS. Node cannot set TCP_QUICKACK, but any data we write
// carries the ACK. So, for a batch written that soon after a read: on its first chunk, a nudge at
// once; after later chunks, a nudge only when the batch is still incomplete after a short quiet
// spell (each nudge is itself a write right after a read, so a nudge per chunk would be needed
// otherwise). A batch written long after the last read (a kept connection on a schedule) never nudges.

import type { Timers } from './clock.ts';

/** Linux's longest delayed-ACK time: a write later than this after a read is not taken as interactive. */
export const DELAYED_ACK_MAX_MS = 200;
/** How long a stalled batch waits before another nudge: well under the 40 ms of a delayed ACK. */
export const QUIET_MS = 5;

export interface AckNudger {
  /** A batch was just written; `allowed`: false when nothing may follow it (STARTTLS: the next bytes are TLS). */
  started(allowed: boolean): void;
  /** A chunk was read; `waiting`: the batch still lacks replies. */
  received(waiting: boolean): void;
  /** The batch is complete or failed: no more nudges, no timer left. */
  stopped(): void;
}

export function createAckNudger(timers: Timers, nudge: () => void): AckNudger {
  let lastReadAt = -Infinity;
  let active = false;
  let nudged = false;
  // One timer for the quiet spell, moved on when it finds data came meanwhile: not one per chunk.
  let quiet: unknown;
  const stopTimer = () => {
    timers.clearTimeout(quiet);
    quiet = undefined;
  };
  const check = () => {
    quiet = undefined;
    const idle = timers.monotonic() - lastReadAt;
    if (idle >= QUIET_MS) nudge();
    else quiet = timers.setTimeout(check, QUIET_MS - idle);
  };
  return {
    started(allowed) {
      stopTimer();
      active = allowed && timers.monotonic() - lastReadAt < DELAYED_ACK_MAX_MS;
      nudged = false;
    },
    received(waiting) {
      lastReadAt = timers.monotonic();
      if (!active || !waiting) return stopTimer();
      if (!nudged) {
        nudged = true;
        nudge();
      } else if (quiet === undefined) {
        quiet = timers.setTimeout(check, QUIET_MS);
      }
    },
    stopped() {
      active = false;
      stopTimer();
    },
  };
}
