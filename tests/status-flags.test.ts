import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { SEVERITIES } from '../src/status/severity.ts';
import { STATUS_FLAGS, decodeStatus, describeStatus } from '../src/status/flags.ts';
import { corpora } from './helpers/corpus.ts';
import { dumpsOf } from './helpers/page-dumps.ts';

/** Every word in reference §7: the standard table and the ones seen in real drivers. */
const REFERENCE_WORDS = [
  'OL', 'OB', 'LB', 'HB', 'RB', 'CHRG', 'DISCHRG', 'BYPASS', 'CAL', 'OFF', 'OVER', 'TRIM', 'BOOST', 'FSD', 'ALARM', 'WAIT',
  'TEST', 'ECO', 'OVERHEAT', 'COMMFAULT', 'DEPLETED', 'ACFAIL', 'SD', 'TIP',
];

const state = (raw: string | undefined) => describeStatus(decodeStatus(raw));

const flags = suite('decodeStatus');

flags('gives every word in the reference a label and a severity', () => {
  for (const word of REFERENCE_WORDS) {
    const [flag] = decodeStatus(word);
    assert.ok(flag, word);
    assert.ok(flag.known, word);
    assert.is.not(flag.label, word, `${word} has words of its own`);
    assert.ok(SEVERITIES.includes(flag.severity), word);
  }
  assert.ok(REFERENCE_WORDS.every((word) => Object.hasOwn(STATUS_FLAGS, word)));
});

flags('keeps unknown tokens as they are', () => {
  const decoded = decodeStatus('OL FOO xyz');
  assert.equal(
    decoded.map((flag) => [flag.token, flag.label, flag.known]),
    [['OL', 'On mains power', true], ['FOO', 'FOO', false], ['xyz', 'xyz', false]],
  );
});

flags('reads tokens in any case and ignores repeats and extra spaces', () => {
  assert.equal(decodeStatus('  ol   chrg OL ').map((flag) => flag.label), ['On mains power', 'Charging']);
});

flags('has no flags for a missing or empty status', () => {
  assert.equal(decodeStatus(undefined), []);
  assert.equal(decodeStatus('   '), []);
});

flags('makes a low battery critical on battery but only a warning on mains', () => {
  const lb = (raw: string) => decodeStatus(raw).find((flag) => flag.token === 'LB')?.severity;
  assert.is(lb('OB LB'), 'critical');
  assert.is(lb('FSD OB LB'), 'critical');
  assert.is(lb('OL CHRG LB'), 'warning');
});

flags.run();

const words = suite('describeStatus');

words('says where the power comes from first', () => {
  assert.is(state('OL'), 'On mains power');
  assert.is(state('OL CHRG'), 'On mains power');
  assert.is(state('OB DISCHRG'), 'On battery');
  assert.is(state('OB LB'), 'On battery, battery low');
  assert.is(state('OL BYPASS'), 'On bypass');
  assert.is(state('FSD OL'), 'Forced shutdown');
  assert.is(state('OFF'), 'Output off');
  assert.is(state('WAIT'), 'Waiting for driver data');
});

words('reads the combinations real dumps carry', () => {
  assert.is(state('OL LB OVER RB BOOST'), 'On mains power, overloaded, battery low, battery needs replacing');
  assert.is(state('ALARM OL'), 'On mains power, alarm active');
  assert.is(state('ALARM OL CHRG RB'), 'On mains power, battery needs replacing, alarm active');
  assert.is(state('OB LB RB'), 'On battery, battery low, battery needs replacing');
});

words('says a calibration is one, on battery or on mains', () => {
  assert.is(state('OB DISCHRG CAL'), 'On battery, calibrating runtime');
  assert.is(state('OL CAL'), 'On mains power, calibrating runtime');
  assert.is(state('OB LB CAL'), 'On battery, battery low, calibrating runtime');
  assert.is(state('CAL'), 'Calibrating');
});

words('calls a missing status unknown', () => {
  assert.is(state(undefined), 'Status unknown');
  assert.is(state(''), 'Status unknown');
});

words('shows an unknown-only status as it is', () => {
  assert.is(state('FROBNICATE'), 'FROBNICATE');
});

words('gives the same words and flags whatever the order of the tokens', () => {
  const pool = [...REFERENCE_WORDS, 'HE', 'XYZ', 'vendor:odd'];
  fc.assert(
    fc.property(fc.uniqueArray(fc.constantFrom(...pool), { minLength: 1, maxLength: 6 }), fc.integer(), (tokens, seed) => {
      const shuffled = [...tokens].sort((a, b) => ((a.charCodeAt(0) * seed) % 7) - ((b.charCodeAt(0) * seed) % 7));
      const a = decodeStatus(tokens.join(' '));
      const b = decodeStatus(shuffled.join(' '));
      assert.equal(a, b);
      assert.is(describeStatus(a), describeStatus(b));
      assert.is(a.length, tokens.length, 'no token is dropped');
    }),
  );
});

for (const corpus of corpora()) {
  words(`reads every ups.status in the ${corpus.label} DDL dumps without losing a token`, () => {
    const dumps = dumpsOf(corpus);
    assert.ok(dumps.length > 0, `no dumps in ${corpus.dir}`);
    for (const { file, vars } of dumps) {
      const raw = vars['ups.status'];
      const decoded = decodeStatus(raw);
      const tokens = new Set((raw ?? '').toUpperCase().split(' ').filter(Boolean));
      assert.is(decoded.length, tokens.size, file);
      assert.type(describeStatus(decoded), 'string');
    }
  });
}

words.run();
