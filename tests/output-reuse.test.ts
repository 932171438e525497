// The outputs keep last cycle's work (cards, history.json parts, metrics lines, chart series) and
// reuse it while the data it came from is the same. Whatever was reused, every file must equal what
// new outputs draw from the same cycle: through steady cycles, an outage (charts on its cards, a
// growing time on battery), 5-minute buckets closing, a value that changes, and a driver that stops for a while.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { historyView } from '../src/history/view.ts';
import { createOutputs } from '../src/outputs/registry.ts';
import { CROWDED_FROM } from '../src/outputs/page/view-model.ts';
import { createSim, upsVars, type Sim } from './helpers/history-sim.ts';
import { contentOf, isMadeOnDemand, textOf } from '../src/publish/atomic-write.ts';
import { createPublisher } from '../src/publish/skip-unchanged.ts';

const START = Date.parse('2026-06-30T10:00:00Z');
const CYCLE_MS = 30_000;

/** Enough UPSes for a crowded page (compact cards, a variables page), all on one host. */
const names = Array.from({ length: CROWDED_FROM + 2 }, (_, i) => `u${i}`);
/** Two UPSes whose driver never answers: no history at all, so their (empty) series are one object. */
const site = () => ({ ...Object.fromEntries(names.map((name) => [name, upsVars()])), x: 'no-driver' as const, y: 'no-driver' as const });
const onBattery = (charge: string) => upsVars({ 'ups.status': 'OB DISCHRG', 'battery.charge': charge });

async function filesOf(sim: Sim): Promise<{ kept: Map<string, string>; fresh: Map<string, string> }> {
  const result = await sim.cycle(true);
  const context = { snapshot: result.snapshot, config: sim.config, history: historyView(sim.state.history, result.snapshot) };
  const fresh = (await createOutputs()).flatMap((output) => output.build(context));
  return { kept: new Map(result.files.map((file) => [file.name, textOf(file.content)])), fresh: new Map(fresh.map((file) => [file.name, textOf(file.content)])) };
}

const reuse = suite('outputs that reuse last cycle’s work');

reuse('every file equals a fresh build, cycle after cycle, through an outage and closing buckets', async () => {
  const sim = await createSim({ site: { reachable: true, ups: site() } }, START);
  const host = sim.world.get(40_000);
  try {
    let outageSeen = false;
    for (let i = 0; i < 24; i++) {
      sim.setClock(START + i * CYCLE_MS);
      // From the 6th cycle u1 is on battery, its charge falling every other cycle; u2's load changes once.
      if (host && i >= 6) host.ups.u1 = onBattery(String(100 - Math.floor((i - 6) / 2)));
      if (host && i === 15) host.ups.u2 = upsVars({ 'ups.load': '44' });
      // The last UPS's driver stops for three cycles: its lines leave the families of current values, then come back.
      if (host && i === 17) host.ups.u11 = 'no-driver';
      if (host && i === 20) host.ups.u11 = upsVars();
      const { kept, fresh } = await filesOf(sim);
      assert.equal([...kept.keys()].sort(), [...fresh.keys()].sort(), `cycle ${i}: the same files`);
      for (const [name, content] of fresh) assert.ok(kept.get(name) === content, `cycle ${i}: ${name} equals a fresh build`);
      outageSeen ||= (kept.get('vars/host-1.html') ?? '').includes('Time on battery');
    }
    const { kept } = await filesOf(sim);
    assert.ok(outageSeen);
    assert.match(kept.get('index.html') ?? '', /On battery/);
    assert.match(kept.get('metrics') ?? '', /upsview_ups_status\{host="site",ups="u1",flag="OB"\} 1/);
    assert.match(kept.get('history.json') ?? '', /"ups":"u2"/);
    assert.match(kept.get('history.json') ?? '', /"ups":"y"/);
  } finally {
    await sim.cleanup();
  }
});

reuse('of the published files only status.json, which a start reads back, is to be flushed to the disk', async () => {
  const sim = await createSim({ site: { reachable: true, ups: site() } }, START);
  try {
    const { files } = await sim.cycle(true);
    assert.ok(files.some((file) => file.name === 'index.html') && files.some((file) => file.name.startsWith('vars/')));
    assert.equal(files.filter((file) => file.readBack === true).map((file) => file.name), ['status.json']);
  } finally {
    await sim.cleanup();
  }
});

reuse('history.json is made as a bucket begins and as an on-battery period begins or ends, not as the readings move', async () => {
  const sim = await createSim({ site: { reachable: true, ups: { a: upsVars(), b: upsVars() } } }, START);
  const host = sim.world.get(40_000);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-history-json-'));
  const publish = createPublisher();
  try {
    const made: number[] = [];
    let before: unknown = null;
    for (let i = 0; i < 16; i++) {
      sim.setClock(START + i * CYCLE_MS);
      // a's load moves every cycle, and with it its pending 5-minute average; b is on battery from cycle 4 to 6.
      if (host) host.ups.a = upsVars({ 'ups.load': String(20 + i) });
      if (host) host.ups.b = i >= 4 && i < 7 ? onBattery('90') : upsVars();
      const file = (await sim.cycle(true)).files.find((each) => each.name === 'history.json');
      if (!file || !isMadeOnDemand(file.content)) return assert.unreachable(`cycle ${i}: history.json is made on demand`);
      if (file.content.version !== before) made.push(i);
      before = file.content.version;
      // The same version between, which the publisher leaves on disk as it is.
      await publish(dir, [file]);
      const { generatedAt } = JSON.parse(await readFile(path.join(dir, 'history.json'), 'utf8')) as { generatedAt: string };
      assert.is(generatedAt, new Date(START + (made.at(-1) ?? 0) * CYCLE_MS).toISOString(), `cycle ${i}`);
    }
    // Cycle 10 begins the second 5-minute bucket.
    assert.equal(made, [0, 4, 7, 10]);
  } finally {
    await sim.cleanup();
    await rm(dir, { recursive: true, force: true });
  }
});

reuse('a card is drawn again when what it shows changes, not when its chart figures move within a unit of its height', async () => {
  // Runtime 20 min for 6 minutes, then 50 min: today's average runtime on the 30-day chart then
  // moves every cycle, by more than the tenth its figures are kept to, and by a unit of the chart's
  // height (30 s at 0 to 50 min) only every few cycles.
  const sim = await createSim({ site: { reachable: true, ups: { a: upsVars({ 'battery.runtime': '1200' }) } } }, START);
  const host = sim.world.get(40_000);
  const month = () => historyView(sim.state.history, sim.state.previous ?? (assert.unreachable('no snapshot') as never)).ups['site/a']?.month;
  try {
    let last: { piece: Uint8Array; text: string; month: unknown } | null = null;
    let keptThroughMovedFigures = 0;
    for (let i = 0; i < 40; i++) {
      sim.setClock(START + i * CYCLE_MS);
      if (host && i === 12) host.ups.a = upsVars({ 'battery.runtime': '3000' });
      const page = (await sim.cycle(true)).files.find((file) => file.name === 'index.html');
      const content = page ? contentOf(page.content) : [];
      const piece = (typeof content === 'string' ? [] : content).find(
        (each): each is Uint8Array => typeof each !== 'string' && textOf([each]).includes('History since'),
      );
      if (!piece) return assert.unreachable(`cycle ${i}: no card`);
      const now = { piece, text: textOf([piece]), month: month() };
      if (last) {
        assert.is(now.piece === last.piece, now.text === last.text, `cycle ${i}: drawn again exactly when the card reads differently`);
        if (now.piece === last.piece && now.month !== last.month) keptThroughMovedFigures++;
      }
      last = now;
    }
    assert.ok(keptThroughMovedFigures > 0, 'kept through cycles whose 30-day figures moved');
  } finally {
    await sim.cleanup();
  }
});

reuse.run();

const series = suite('chart series kept between cycles');

series('a series stays the same object while its figures do, and is new when they change', async () => {
  const sim = await createSim({ site: { reachable: true, ups: { a: upsVars({ 'battery.charge': '100' }) } } }, START);
  const host = sim.world.get(40_000);
  const day = () => historyView(sim.state.history, sim.state.previous ?? (assert.unreachable('no snapshot') as never)).ups['site/a']?.day;
  try {
    const seen = [];
    for (let i = 0; i < 4; i++) {
      sim.setClock(START + i * CYCLE_MS);
      await sim.cycle();
      seen.push(day());
    }
    assert.ok(seen[1] !== undefined && seen[1] === seen[2] && seen[2] === seen[3], 'the same charge: the same series');
    if (host) host.ups.a = upsVars({ 'battery.charge': '50' });
    sim.setClock(START + 4 * CYCLE_MS);
    await sim.cycle();
    assert.ok(day() !== seen[3], 'a new average in the pending slot: a new series');
    sim.setClock(START + 10 * 60_000);
    const before = day();
    await sim.cycle();
    assert.ok(day() !== before, 'a bucket closed: a new series');
  } finally {
    await sim.cleanup();
  }
});

series.run();
