// status.json goes to the writer in pieces, per top-level field and per UPS: their text must be exactly
// what JSON.stringify(document, null, 2) gives, whatever the document holds.

import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createStatusJsonOutput, jsonPieces, statusDocument } from '../src/outputs/status-json.ts';
import type { HistoryView } from '../src/history/view.ts';
import type { Config } from '../src/config/types.ts';
import { snapshotAt } from './helpers/page-snapshot.ts';
import { textOf } from '../src/publish/atomic-write.ts';
import { upsKey } from '../src/snapshot/events.ts';

const pieces = suite('status.json in pieces');

/** Objects with JSON values, undefined ones (JSON.stringify leaves them out) and text beyond Latin-1. */
const documents = fc.dictionary(
  fc.oneof(fc.string(), fc.constantFrom('summary', 'hosts', '—', '')),
  fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.constantFrom('3 UPSes on battery — about 11 min left', { text: '°C' })),
  { maxKeys: 8 },
);

pieces('the pieces are JSON.stringify(document, null, 2) and a newline, for any document', () => {
  fc.assert(
    fc.property(documents, (document) => {
      assert.is(jsonPieces(document).join(''), `${JSON.stringify(document, null, 2)}\n`);
    }),
    { numRuns: 2000 },
  );
});

/** Variables of any text: line breaks, quotes, text beyond Latin-1, and the look of status.json's own lines. */
const varsOf = fc.dictionary(
  fc.oneof(fc.string(), fc.constantFrom('ups.status', 'vars', '"vars": 0')),
  fc.oneof(fc.string(), fc.constantFrom('OL', '\n          "vars": 0', '0', '°C —')),
  { maxKeys: 6 },
);

/** A host's descriptions of any text, and the look of status.json's own lines. */
const descriptionsOf = fc.dictionary(
  fc.oneof(fc.string(), fc.constantFrom('ups.status', 'descriptions', '"descriptions": 1')),
  fc.oneof(fc.string(), fc.constantFrom('Status', '\n      "descriptions": 1', '1', '°C —')),
  { maxKeys: 4 },
);

/** What the history says of a UPS in status.json, changing or not from cycle to cycle. */
const keptOf = fc.record({
  availability: fc.oneof(fc.constant({ day: { mainsPercent: 100, outages: 0 } }), fc.jsonValue()),
  energy: fc.record({ days: fc.array(fc.jsonValue(), { maxLength: 3 }), months: fc.oneof(fc.constant([]), fc.jsonValue()) }),
});

pieces('status.json is JSON.stringify of the document, cycle after cycle, as variables, descriptions and history change or stay the same', () => {
  const described = fc.array(fc.tuple(descriptionsOf, descriptionsOf, fc.boolean()), { minLength: 3, maxLength: 3 });
  fc.assert(
    fc.property(fc.array(fc.tuple(varsOf, varsOf, fc.boolean(), keptOf, keptOf), { maxLength: 4 }), fc.boolean(), described, (units, twoHosts, texts) => {
      const output = createStatusJsonOutput();
      const hostsAt = (cycle: 0 | 1) => {
        // The second cycle keeps the very object of a UPS whose values stayed, as the poll does.
        const ups = units.map(([first, second, stays], i) => ({ name: `ups${i}`, vars: cycle === 0 || stays ? first : second }));
        return twoHosts ? [{ name: 'a', ups: ups.slice(0, 1) }, { name: 'b', ups: ups.slice(1) }, { name: 'c' }] : [{ name: 'a', ups }];
      };
      for (const cycle of [0, 1] as const) {
        const now = new Date(Date.UTC(2026, 10, 25, 8, 46, cycle));
        // The snapshot keeps a host's very descriptions object while they stay the same, as for variables.
        const made = snapshotAt(hostsAt(cycle), now);
        const hosts = made.hosts.map((host, i) => {
          const [first, second, stays] = texts[i] ?? [{}, {}, true];
          return { ...host, descriptions: cycle === 0 || stays ? first : second };
        });
        const snapshot = { ...made, hosts };
        const kept = snapshot.hosts.flatMap((host) => host.ups.map((ups, i) => [upsKey(host.name, ups.name), units[Number(ups.name.slice(3))]?.[cycle === 0 ? 3 : 4 - (i % 2)]] as const));
        const history = { since: '2026-11-25T08:00:00.000Z', now: now.getTime(), events: [], ups: Object.fromEntries(kept) } as unknown as HistoryView;
        const [file] = output.build({ snapshot, history, config: {} as Config });
        assert.is(textOf(file?.content ?? ''), `${JSON.stringify(statusDocument(snapshot, history), null, 2)}\n`);
      }
    }),
    { numRuns: 500 },
  );
});

pieces.run();
