// status.json goes to the writer in pieces, one per top-level field: their text must be exactly
// what JSON.stringify(document, null, 2) gives, whatever the document holds.

import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { jsonPieces } from '../src/outputs/status-json.ts';

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

pieces.run();
