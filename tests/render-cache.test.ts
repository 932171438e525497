// The renderer reuses the HTML of cards whose UPS did not change; what did change must show.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { HostPoll } from '../src/poll/poll-all.ts';
import { createPageOutput } from '../src/outputs/page/page-output.ts';
import { CROWDED_FROM } from '../src/outputs/page/view-model.ts';
import { createPageRenderer, outputContext, type RenderPage } from './helpers/page-render.ts';
import { buildSnapshot } from '../src/snapshot/build.ts';
import type { Snapshot } from '../src/snapshot/types.ts';
import { onMains } from './helpers/page-snapshot.ts';
import { textOf } from '../src/publish/atomic-write.ts';

const T0 = new Date('2026-11-25T08:00:00Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

function cycle(previous: Snapshot | null, now: Date, ups: HostPoll['ups'], descriptions: Record<string, string> = {}): Snapshot {
  return buildSnapshot({
    title: 'T',
    polls: [{ name: 'nas', address: '127.0.0.1:3493', error: null, ups, chosen: false, listed: ups.map((unit) => unit.name), learned: new Map() }],
    previous,
    now,
    descriptions: new Map([['nas', new Map(Object.entries(descriptions))]]),
    cadenceSeconds: 30,
  });
}

const page = (render: RenderPage, snapshot: Snapshot) => render(snapshot);

const reuse = suite('card reuse across cycles');

reuse('an unchanged card is the same HTML, and a changed value shows at once', async () => {
  const renderer = await createPageRenderer();
  const a = { name: 'a', description: '', error: null, vars: onMains({ 'input.voltage': '230.0' }) };
  const b = { name: 'b', description: '', error: null, vars: onMains({ 'input.voltage': '120.0' }) };
  const first = cycle(null, T0, [a, b]);
  const html1 = page(renderer, first);
  const second = cycle(first, minutes(1), [a, { ...b, vars: onMains({ 'input.voltage': '118.5' }) }]);
  const html2 = page(renderer, second);
  assert.ok(html1.includes('120.0 V'));
  assert.ok(html2.includes('118.5 V'));
  assert.not.ok(html2.includes('120.0 V'), 'the changed card is drawn anew');
  assert.ok(html2.includes('230.0 V'));
  assert.is(page(await createPageRenderer(), second), html2, 'a reused card equals a freshly drawn one');
});

reuse('a card showing old data tells its growing age every cycle', async () => {
  const renderer = await createPageRenderer();
  const ok = { name: 'a', description: '', error: null, vars: onMains() };
  const failed = { name: 'a', description: '', vars: null, error: { code: 'DATA-STALE', message: 'stale' } };
  const first = cycle(null, T0, [ok]);
  page(renderer, first);
  const second = cycle(first, minutes(2), [failed]);
  assert.match(page(renderer, second), /from 2 min ago/);
  assert.match(page(renderer, cycle(second, minutes(5), [failed])), /from 5 min ago/);
});

reuse('descriptions learned later reach cards drawn before', async () => {
  const renderer = await createPageRenderer();
  const ups = { name: 'a', description: '', error: null, vars: onMains() };
  const first = cycle(null, T0, [ups]);
  assert.not.match(page(renderer, first), /Battery charge \(percent of full\)/);
  const second = cycle(first, minutes(1), [ups], { 'battery.charge': 'Battery charge (percent of full)' });
  assert.match(page(renderer, second), /Battery charge \(percent of full\)/);
});

reuse('on a crowded page, a changed value reaches the variables page and the rest is reused', async () => {
  const output = await createPageOutput();
  const files = (snapshot: Snapshot) => new Map(output.build(outputContext(snapshot)).map((file) => [file.name, textOf(file.content)]));
  const units = Array.from({ length: CROWDED_FROM }, (_, i) => ({ name: `u${i}`, description: '', error: null, vars: onMains({ 'input.voltage': '230.0' }) }));
  const first = cycle(null, T0, units);
  files(first);
  const second = cycle(first, minutes(1), units.map((unit, i) => (i === 3 ? { ...unit, vars: onMains({ 'input.voltage': '118.5' }) } : unit)));
  const drawn = files(second);
  assert.match(drawn.get('vars/host-1.html') ?? '', '118.5 V');
  assert.equal(drawn, files(second), 'the same files again');
  const fresh = new Map((await createPageOutput()).build(outputContext(second)).map((file) => [file.name, textOf(file.content)]));
  assert.equal(drawn, fresh, 'reused cards and sections equal freshly drawn ones');
});

reuse.run();

const since = suite('since when');

since('a host that stays down says for how long', async () => {
  const renderer = await createPageRenderer();
  const down = (previous: Snapshot | null, now: Date) =>
    buildSnapshot({
      title: 'T',
      polls: [{ name: 'nas', address: '127.0.0.1:9', error: { code: 'CONNECTION-REFUSED', message: 'refused' }, ups: [], chosen: false, listed: [], learned: new Map() }],
      previous,
      now,
      descriptions: new Map(),
      cadenceSeconds: 30,
    });
  const first = down(null, T0);
  assert.not.match(page(renderer, first), /Failing for/);
  assert.match(page(renderer, down(first, minutes(7))), /Failing for 7 min\./);
});

since.run();
