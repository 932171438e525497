// Between cycles the daemon collects the garbage a large cycle left, and only then: a small site's
// cycles never pay for a collection of their own.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { GARBAGE_BYTES, idleCollector } from '../src/app/idle-collect.ts';

const MB = 2 ** 20;
const idle = suite('collecting between cycles');

/** A heap that grows by what each cycle leaves and falls back to `live` when collected. */
function fakeHeap(live: number) {
  const heap = { used: live, live, collections: 0 };
  const io = {
    collect: () => {
      heap.collections++;
      heap.used = heap.live;
    },
    heapUsed: () => heap.used,
  };
  return { heap, io };
}

idle('a cycle that left more garbage than the bound is collected before the next; less waits for more', () => {
  const { heap, io } = fakeHeap(40 * MB);
  const afterCycle = idleCollector(io);
  heap.used += GARBAGE_BYTES - 1;
  afterCycle();
  assert.is(heap.collections, 0, 'just under the bound');
  heap.used += 2;
  afterCycle();
  assert.is(heap.collections, 1, 'the next cycle took it over');
  assert.is(heap.used, 40 * MB);
  // Counted from what the collection kept, which grew with the data.
  heap.live = 50 * MB;
  heap.used = 45 * MB + GARBAGE_BYTES;
  afterCycle();
  assert.is(heap.collections, 2);
  heap.used = 50 * MB + GARBAGE_BYTES - 1;
  afterCycle();
  assert.is(heap.collections, 2, 'measured from the 50 MB the last collection kept, not from 40');
});

idle('a heap that holds much (a month of history for hundreds of UPSes) is collected once its garbage is a fifth of it', () => {
  const { heap, io } = fakeHeap(200 * MB);
  const afterCycle = idleCollector(io);
  const collectedAt: number[] = [];
  for (let cycle = 1; cycle <= 12; cycle++) {
    heap.used += 10 * MB;
    afterCycle();
    if (heap.used === heap.live) collectedAt.push(cycle);
  }
  // Each collection marks all 200 MB: after every 10 MB cycle, it cost more than the cycles did.
  assert.equal(collectedAt, [4, 8, 12], 'every 40 MB');
});

idle('a small site, whose cycles leave well under a megabyte each, never collects on its own', () => {
  const { heap, io } = fakeHeap(6 * MB);
  const afterCycle = idleCollector(io);
  for (let cycle = 0; cycle < 1000; cycle++) {
    heap.used += 0.5 * MB;
    // V8 collects by itself long before: at 1.6 times what it kept.
    if (heap.used > heap.live * 1.6) heap.used = heap.live;
    afterCycle();
  }
  assert.is(heap.collections, 0);
});

idle.run();
