import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { MOST_LINE_AMPS, lineCurrent, lineReading } from '../src/status/line.ts';

const line = suite('input and output line readings');

line('reads a voltage up to 1000 V, on any line, and none over it', () => {
  assert.is(lineReading({ 'ups.status': 'OL', 'input.voltage': '480' }, 'input', 'voltage'), 480);
  assert.is(lineReading({ 'ups.status': 'OL', 'output.voltage': '1000' }, 'output', 'voltage'), 1000);
  for (const status of ['OL', 'OB', 'OFF']) {
    assert.is(lineReading({ 'ups.status': status, 'input.voltage': '2320.00' }, 'input', 'voltage'), null, status);
    assert.is(lineReading({ 'ups.status': status, 'output.voltage': '41216.0' }, 'output', 'voltage'), null, status);
  }
});

line('reads a live line at 40-70 Hz, and none outside', () => {
  for (const hertz of ['40', '49.9', '60.0', '70']) assert.is(lineReading({ 'ups.status': 'OL', 'input.frequency': hertz }, 'input', 'frequency'), Number(hertz), hertz);
  for (const hertz of ['5990.0', '2000.00', '20.0', '5.0', '39.9', '70.1']) {
    assert.is(lineReading({ 'ups.status': 'OL', 'input.frequency': hertz }, 'input', 'frequency'), null, `input ${hertz}`);
    assert.is(lineReading({ 'ups.status': 'OB', 'output.frequency': hertz }, 'output', 'frequency'), null, `output ${hertz}`);
  }
});

line('keeps what a line the UPS is not using reads: the input on battery, the output off', () => {
  // A generator spinning up, or nothing at all.
  assert.is(lineReading({ 'ups.status': 'OB', 'input.frequency': '23.5' }, 'input', 'frequency'), 23.5);
  assert.is(lineReading({ 'ups.status': 'OB', 'input.frequency': '0' }, 'input', 'frequency'), 0);
  assert.is(lineReading({ 'ups.status': 'OL OFF', 'output.frequency': '0' }, 'output', 'frequency'), 0);
});

line('reads a current up to twice what the rating carries at 100 V, and none past it', () => {
  // 1300 VA at 100 V is 13 A: a Tripp Lite SMART1300LCDT's 100 A is a misreading.
  const smart1300 = { 'ups.status': 'OL', 'ups.power.nominal': '1300' };
  assert.is(lineCurrent({ ...smart1300, 'output.current': '11.2' }, 'output'), 11.2);
  assert.is(lineCurrent({ ...smart1300, 'output.current': '26' }, 'output'), 26);
  assert.is(lineCurrent({ ...smart1300, 'output.current': '100.00' }, 'output'), null);
  // Rated in watts only: at most twice that in VA.
  assert.is(lineCurrent({ 'ups.realpower.nominal': '900', 'input.current': '30' }, 'input'), 30);
  assert.is(lineCurrent({ 'ups.realpower.nominal': '900', 'input.current': '40' }, 'input'), null);
  // A large three-phase UPS's line (Eaton 9395, 450 kVA).
  assert.is(lineCurrent({ 'ups.power.nominal': '450000.00', 'input.current': '184.00' }, 'input'), 184);
});

line('reads no current below 0, nor past the largest UPS without a rating; 0 A is a line without load', () => {
  assert.is(lineCurrent({ 'output.current': '-1.5' }, 'output'), null);
  assert.is(lineCurrent({ 'output.current': '2700.0' }, 'output'), null);
  assert.is(lineCurrent({ 'input.current': '835406.4' }, 'input'), null);
  assert.is(lineCurrent({ 'output.current': String(MOST_LINE_AMPS) }, 'output'), MOST_LINE_AMPS);
  assert.is(lineCurrent({ 'ups.power.nominal': '0', 'output.current': '154' }, 'output'), 154, 'a rating of 0 is "not known"');
  assert.is(lineCurrent({ 'ups.status': 'OL', 'output.current': '0.00' }, 'output'), 0);
  assert.is(lineCurrent({ 'ups.status': 'OL' }, 'output'), null);
});

line.run();
