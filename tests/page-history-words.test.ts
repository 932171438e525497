// The words under each history chart, as a reader (and a screen reader) gets them: a figure is
// "steady for 24 hours" only when the history covers the 24 hours, not on a young install.

import * as assert from 'uvu/assert';
import { textOf } from '../src/publish/atomic-write.ts';
import { createSim, upsVars, type Sim } from './helpers/history-sim.ts';
import { suiteWith } from './helpers/suite.ts';

const START = Date.parse('2026-06-10T00:00:00Z');
const FIVE_MINUTES = 300_000;

interface Context {
  sims: Sim[];
}

const words = suiteWith<Context>('history chart words', {
  before(context) {
    context.sims = [];
  },
  async after(context) {
    for (const sim of context.sims ?? []) await sim.cleanup();
  },
});

/** A new install polled every 5 minutes until `until`; the page's chart captions, by chart name. */
async function captionsAfter(context: Context, until: number): Promise<Map<string, string[]>> {
  const sim = await createSim({ home: { reachable: true, ups: { a: upsVars() } } }, START);
  context.sims.push(sim);
  await sim.runUntil(until - FIVE_MINUTES, FIVE_MINUTES);
  sim.setClock(until);
  const html = textOf((await sim.cycle(true)).files.find((file) => file.name === 'index.html')?.content ?? '');
  const captions = new Map<string, string[]>();
  for (const [, name, summary] of html.matchAll(/<figcaption><strong>([^<]*)<\/strong> <span>([^<]*)<\/span><\/figcaption>/g)) {
    captions.set(name as string, [...(captions.get(name as string) ?? []), summary as string]);
  }
  return captions;
}

words('an install two hours old does not call its figures steady for 24 hours or 30 days', async (context) => {
  const captions = await captionsAfter(context, START + 2 * 3600_000);
  assert.equal(captions.get('Charge'), ['steady at 100 % in the last 24 hours', 'steady at 100 % in the last 30 days']);
  assert.equal(captions.get('Load'), ['steady at 20 % in the last 24 hours', 'steady at 20 % in the last 30 days']);
});

words('after a whole day of data, the 24-hour charts say the figure held for 24 hours', async (context) => {
  const captions = await captionsAfter(context, START + 25 * 3600_000);
  assert.equal(captions.get('Charge'), ['steady at 100 % for 24 hours', 'steady at 100 % in the last 30 days']);
  assert.equal(captions.get('Input voltage'), ['steady at 230 V for 24 hours', 'steady at 230 V in the last 30 days']);
});

words.run();
