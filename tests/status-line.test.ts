import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { lineReading } from '../src/status/line.ts';

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

line.run();
