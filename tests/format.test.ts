import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { formatAge, formatDuration, formatNumber, lowerFirst, plural } from '../src/shared/format.ts';
import { formatPower } from '../src/outputs/page/facts.ts';
import { formatValue, unitFor } from '../src/outputs/page/units.ts';

const durations = suite('formatDuration');

durations('gives seconds, minutes, hours and days', () => {
  assert.is(formatDuration(0), '0 s');
  assert.is(formatDuration(45.4), '45 s');
  assert.is(formatDuration(60), '1 min');
  assert.is(formatDuration(1406), '23 min');
  assert.is(formatDuration(3900), '1 h 05 min');
  assert.is(formatDuration(19620), '5 h 27 min');
  assert.is(formatDuration(3 * 86400 + 7200), '3 d 2 h');
});

durations('never shows a negative time', () => {
  assert.is(formatDuration(-60), '0 s');
  assert.is(formatAge(-5000), '0 s ago');
  assert.is(formatAge(12_000), '12 s ago');
});

durations.run();

const numbers = suite('formatNumber');

numbers('trims trailing zeros and rounds to the given digits', () => {
  assert.is(formatNumber(100), '100');
  assert.is(formatNumber(23.45), '23.4');
  assert.is(formatNumber(0.004, 2), '0');
  assert.is(formatNumber(59.94, 2), '59.94');
  assert.is(plural(1, 'UPS', 'UPSes'), '1 UPS');
  assert.is(plural(3, 'UPS', 'UPSes'), '3 UPSes');
  assert.is(plural(2, 'host'), '2 hosts');
});

numbers.run();

const units = suite('units');

units('finds the unit from the name at any depth', () => {
  const expected: Record<string, string | null> = {
    'battery.charge': '%',
    'battery.charge.low': '%',
    'battery.charger.status': null,
    'battery.runtime': 's',
    'battery.runtime.low': 's',
    'battery.voltage.nominal': 'V',
    'battery.temperature': '°C',
    'input.voltage': 'V',
    'input.L1-N.voltage': 'V',
    'input.bypass.L2-N.voltage': 'V',
    'input.transfer.low': 'V',
    'input.transfer.reason': null,
    'input.frequency': 'Hz',
    'output.L1.current': 'A',
    'output.L1.power.percent': '%',
    'output.L1.realpower': 'W',
    'ups.load': '%',
    'ups.L2.load': '%',
    'ups.realpower.nominal': 'W',
    'ups.power.nominal': 'VA',
    'ups.delay.shutdown': 's',
    'ups.timer.reboot': 's',
    'ambient.humidity': '%',
    'ups.model': null,
    'driver.parameter.pollinterval': null,
  };
  for (const [name, unit] of Object.entries(expected)) assert.is(unitFor(name), unit, name);
});

units('keeps values as sent, adding the unit to numbers', () => {
  assert.is(formatValue('input.voltage', '230.00'), '230.00 V');
  assert.is(formatValue('input.voltage', '023.4'), '023.4 V');
  assert.is(formatValue('battery.charge', '100'), '100 %');
  assert.is(formatValue('battery.runtime', '01406'), '01406 s (23 min)');
  assert.is(formatValue('battery.runtime', '45'), '45 s');
  assert.is(formatValue('ups.delay.shutdown', '-1'), '-1 s');
  assert.is(formatValue('battery.mfr.date', 'CPS'), 'CPS');
  assert.is(formatValue('battery.voltage', 'n/a'), 'n/a');
  assert.is(formatValue('ups.serial', '000123'), '000123');
});

units.run();

const power = suite('formatPower');

power('switches to kilo for large UPSes', () => {
  assert.is(formatPower(108, 'W'), '108 W');
  assert.is(formatPower(9999.4, 'W'), '9999 W');
  assert.is(formatPower(43200, 'W'), '43.2 kW');
  assert.is(formatPower(60000, 'VA'), '60 kVA');
});

power.run();

const words = suite('lowerFirst');

words('lowers a leading word but not an acronym', () => {
  assert.is(lowerFirst('On battery'), 'on battery');
  assert.is(lowerFirst('UPS fine'), 'UPS fine');
  assert.is(lowerFirst('ECO'), 'ECO');
  assert.is(lowerFirst(''), '');
});

words.run();
