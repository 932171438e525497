import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { batteryVoltageReading, nominalBatteryVoltage } from '../src/status/battery-voltage.ts';

const battery = suite('battery voltage readings');

battery('reads a battery from 0 to 1500 V, and none negative or over', () => {
  for (const volts of ['13.5', '054.5', '829.0', '1500']) assert.is(batteryVoltageReading({ 'ups.status': 'OL', 'battery.voltage': volts }), Number(volts), volts);
  for (const volts of ['10000000.', '1500.1', '-12.0', 'n/a']) assert.is(batteryVoltageReading({ 'ups.status': 'OL', 'battery.voltage': volts }), null, volts);
});

battery('reads no 0 V from a battery that holds charge or carries the load', () => {
  assert.is(batteryVoltageReading({ 'ups.status': 'OL CHRG', 'battery.charge': '100', 'battery.voltage': '0.0' }), null, 'charged, on mains');
  assert.is(batteryVoltageReading({ 'ups.status': 'OB DISCHRG', 'battery.voltage': '0.00' }), null, 'on battery');
  assert.is(batteryVoltageReading({ 'ups.status': 'OB DISCHRG', 'battery.charge': '47', 'battery.voltage': '0.00' }), null, 'on battery, charge 47 %');
});

battery('keeps 0 V from a battery with no charge, or none reported, on mains: flat or missing', () => {
  assert.is(batteryVoltageReading({ 'ups.status': 'OL', 'battery.charge': '000.0', 'battery.voltage': '000.0' }), 0);
  assert.is(batteryVoltageReading({ 'ups.status': 'OL', 'battery.voltage': '0.00' }), 0);
  // A charge no battery can hold is no charge reading, and says nothing of the voltage.
  assert.is(batteryVoltageReading({ 'ups.status': 'OL RB', 'battery.charge': '255', 'battery.voltage': '0' }), 0);
});

battery('takes a nominal voltage above 0 and up to 1500 V', () => {
  assert.is(nominalBatteryVoltage({ 'battery.voltage.nominal': '24.0' }), 24);
  for (const volts of ['0.0', '-1', '1600', '']) assert.is(nominalBatteryVoltage({ 'battery.voltage.nominal': volts }), null, volts);
});

battery.run();
