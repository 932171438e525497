// Between cycles the job is idle, and what a cycle built is garbage once it is published. V8
// collects the old generation when it reaches a limit (1.6 times what its last full collection
// kept, with npm start's flags), and it often reaches it mid-cycle, while that cycle's data is
// still alive: with 576 UPSes on a schedule of every second the daemon then held 110–120 MB for
// a heap of about 36 MB that a full collection keeps. V8's own memory reducer collects an idle
// process, but only once allocation has been slow for a while, which such a site never is
// between cycles a second apart.
//
// So after a cycle that left more than GARBAGE_BYTES of heap beyond what the last collection kept
// (and a share of it, below), the job collects at once, before the next cycle: at 576 UPSes every
// second, about 100 MB instead of 115 MB (medians) for about 25 ms of CPU per cycle, outside the
// cycle's own time (issue 11, Scale). A small site never leaves that much: V8's own collections
// keep its whole heap under 10 MB, so it never pays for one of these.

/** Heap beyond what the last collection kept that a cycle must leave before it is collected... */
export const GARBAGE_BYTES = 8 * 2 ** 20;

/**
 * ...and at least this share of what it kept. A full collection marks every object alive, so it
 * costs in proportion to what it keeps: 576 UPSes with 30 days of history keep about 210 MB, which
 * took 260-370 ms to collect, and with a fixed bound it was collected after every cycle, a second
 * apart, each time freeing about 10 MB. With the bound in proportion, each collection frees at least
 * a fifth of what it marks, whatever the heap holds; up to 40 MB a site keeps, it changes nothing.
 */
export const GARBAGE_SHARE = 0.2;

export interface IdleCollectorIo {
  /** A full, synchronous collection: node's `gc`, there under --expose-gc (npm start's flags). */
  collect(): void;
  /** Bytes of the heap in use now. */
  heapUsed(): number;
}

/** Call the result after each cycle; it collects when the cycle left enough garbage. */
export function idleCollector(io: IdleCollectorIo): () => void {
  let kept = io.heapUsed();
  return () => {
    if (io.heapUsed() - kept < Math.max(GARBAGE_BYTES, kept * GARBAGE_SHARE)) return;
    io.collect();
    kept = io.heapUsed();
  };
}
