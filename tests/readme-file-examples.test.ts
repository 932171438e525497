// The README's annotated examples of status.json (with the fields history adds) and history.json,
// against the files real cycles write from a real upsd: every field the README shows is in the
// files, and every field in the files is shown, at the same place. Scripts and dashboards are
// written from these examples.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as assert from 'uvu/assert';
import { REPO } from './helpers/cli.ts';
import { createCycler, type Cycler } from './helpers/cycle.ts';
import { FOUR_UPS } from './helpers/four-ups.ts';
import { suiteWith } from './helpers/suite.ts';
import { freePort, startUpsd, type Upsd } from './helpers/upsd.ts';
import { OUTAGE_SEQUENCE } from './helpers/outage-sequence.ts';
import { waitUntil } from './helpers/wait.ts';

/**
 * The one field of a place whose fields the example leaves to words: `{ … }` (as the one before
 * it), or null and `[]` with the shape in a comment beside them.
 */
const SAME = '…';

interface Context {
  upsd: Upsd;
  cycler: Cycler;
  readme: string;
}

const examples = suiteWith<Context>('README: the status.json and history.json examples', {
  async before(context) {
    context.readme = await readFile(path.join(REPO, 'README.md'), 'utf8');
    // On battery, then back: an on-mains event, with the fields only it has.
    context.upsd = await startUpsd([...FOUR_UPS, { name: 'outage', dev: OUTAGE_SEQUENCE, seq: true }]);
    // A host that cannot be polled, for the fields only a failure has (an event's code).
    const closed = await freePort();
    context.cycler = await createCycler({
      hosts: [
        { name: 'NAS', host: context.upsd.host, port: context.upsd.port },
        { name: 'lab', host: '127.0.0.1', port: closed },
      ],
    });
    // Cycles until the outage has ended: by then energy, an outage under way and a host's failure show too.
    await waitUntil(
      async () => ((await context.cycler.run()).result.events.some((event) => event.type === 'on-mains') ? true : undefined),
      'the on-mains event',
      30_000,
    );
  },
  async after(context) {
    await context.cycler?.cleanup();
    await context.upsd?.stop();
  },
});

/**
 * The README's `jsonc` block after `marker`, as JSON: comments dropped, `…` (more of the same) left
 * out, and an object that holds only `…` ("the same as above") kept as `{"…": null}`.
 */
function exampleAfter(readme: string, marker: string): unknown {
  const start = readme.indexOf(marker);
  assert.ok(start >= 0, `README has ${marker}`);
  const block = /```jsonc\n([\s\S]*?)```/.exec(readme.slice(start))?.[1];
  assert.ok(block, `README has a jsonc block after ${marker}`);
  let json = '';
  let inString = false;
  for (let i = 0; i < block.length; i++) {
    const char = block[i] as string;
    if (inString) {
      json += char;
      if (char === '\\') json += block[++i] ?? '';
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
      json += char;
    } else if (char === '/' && block[i + 1] === '/') {
      while (i < block.length && block[i] !== '\n') i++;
      json += '\n';
    } else if (char !== '…') json += char;
  }
  return JSON.parse(json.replace(/\{\s*\}/g, `{"${SAME}": null}`).replace(/,(\s*[\]}])/g, '$1'));
}

/**
 * Every field's place, as `hosts[].ups[].metrics.load`. Array items share one place; objects keyed
 * by data (ids, variable names) are `*`. In an example (`example`), a field shown as null or `[]`
 * has its shape in words beside it (`"error": null, // or {"code": …}`): its fields are open.
 */
function fieldPaths(value: unknown, at: string, keyedByData: readonly string[], example: boolean, into = new Set<string>()): Set<string> {
  if (example && at !== '' && (value === null || (Array.isArray(value) && value.length === 0))) into.add(`${at}${Array.isArray(value) ? '[]' : ''}.${SAME}`);
  if (Array.isArray(value)) {
    for (const item of value) fieldPaths(item, `${at}[]`, keyedByData, example, into);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      const place = keyedByData.includes(at) ? `${at}.*` : at === '' ? key : `${at}.${key}`;
      into.add(place);
      fieldPaths(inner, place, keyedByData, example, into);
    }
  }
  return into;
}

const sorted = (paths: Iterable<string>) => [...paths].sort();

/** Fields the files have and the README does not show, but for those inside an open place (`{ … }`, null, `[]`). */
const unshown = (real: ReadonlySet<string>, shown: ReadonlySet<string>) =>
  sorted([...real].filter((place) => !shown.has(place) && ![...shown].some((open) => open.endsWith(`.${SAME}`) && place.startsWith(open.slice(0, -SAME.length)))));

examples('status.json has exactly the fields the README shows', async ({ readme, cycler }) => {
  const keyedByData = ['byId', 'hosts[].descriptions', 'hosts[].ups[].vars'];
  const shown = fieldPaths(exampleAfter(readme, '## status.json'), '', keyedByData, true);
  fieldPaths(exampleAfter(readme, 'History adds these fields'), '', keyedByData, true, shown);
  const written = JSON.parse(await readFile(path.join(cycler.outDir, 'status.json'), 'utf8')) as unknown;
  const real = fieldPaths(written, '', keyedByData, false);
  assert.equal(sorted([...shown].filter((place) => !real.has(place) && !place.endsWith(SAME))), [], 'shown in the README, not in status.json');
  assert.equal(unshown(real, shown), [], 'in status.json, not shown in the README');
});

examples('history.json has exactly the fields the README shows', async ({ readme, cycler }) => {
  const shown = fieldPaths(exampleAfter(readme, '## history.json'), '', [], true);
  const written = JSON.parse(await readFile(path.join(cycler.outDir, 'history.json'), 'utf8')) as unknown;
  const real = fieldPaths(written, '', [], false);
  assert.equal(sorted([...shown].filter((place) => !real.has(place) && !place.endsWith(SAME))), [], 'shown in the README, not in history.json');
  assert.equal(unshown(real, shown), [], 'in history.json, not shown in the README');
});

examples.run();
