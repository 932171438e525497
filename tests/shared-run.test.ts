// Work that callers arriving together must not start twice (the output folder's lock taken
// again, by each output's write of one cycle at once).

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { sharedRun } from '../src/shared/shared-run.ts';

const shared = suite('work shared by callers arriving together');

/** Work that ends when the test says, counting its starts. */
function controlled() {
  const ends: { resolve: (value: number) => void; reject: (error: Error) => void }[] = [];
  const work = () => new Promise<number>((resolve, reject) => ends.push({ resolve, reject }));
  return { work, ends };
}

shared('callers while it is under way share one run; the first after it ends starts another', async () => {
  const { work, ends } = controlled();
  const run = sharedRun(work);
  const first = run();
  const second = run();
  assert.is(ends.length, 1, 'one run for both');
  ends[0]?.resolve(1);
  assert.equal(await Promise.all([first, second]), [1, 1]);
  const third = run();
  assert.is(ends.length, 2, 'a new run after the first ended');
  ends[1]?.resolve(2);
  assert.is(await third, 2);
});

shared('a failed run fails every caller that shared it, and the next call tries again', async () => {
  const { work, ends } = controlled();
  const run = sharedRun(work);
  const both = [run(), run()].map((call) => call.then(() => 'ended', (error: Error) => error.message));
  ends[0]?.reject(new Error('OUTPUT-LOCKED'));
  assert.equal(await Promise.all(both), ['OUTPUT-LOCKED', 'OUTPUT-LOCKED']);
  const again = run();
  assert.is(ends.length, 2);
  ends[1]?.resolve(3);
  assert.is(await again, 3);
});

shared.run();
