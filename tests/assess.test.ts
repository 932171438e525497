import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { assessUps } from '../src/status/assess.ts';
import { parseNumber, temperatureReading } from '../src/status/number.ts';

const ok = { 'ups.status': 'OL' };

const numbers = suite('parseNumber');

numbers('reads decimal strings with leading zeros and signs', () => {
  assert.is(parseNumber('023.4'), 23.4);
  assert.is(parseNumber('000'), 0);
  assert.is(parseNumber('-60'), -60);
  assert.is(parseNumber(' 100.00 '), 100);
});

numbers('reads a temperature from -89.2 °C up to under 100 °C', () => {
  const reading = (value: string) => temperatureReading({ 'ups.temperature': value }, 'ups.temperature');
  for (const value of ['-89.2', '0', '24.6', '99.9']) assert.is(reading(value), Number(value), value);
  for (const value of ['-89.3', '100', '302.0', '255', '3022999999999999855']) assert.is(reading(value), null, value);
});

numbers('refuses anything else', () => {
  for (const text of ['CPS', '', '1,5', '12V', '0x10', undefined]) assert.is(parseNumber(text), null, String(text));
});

numbers.run();

const severity = suite('assessUps severity');

severity('is ok on mains with nothing near a threshold', () => {
  const result = assessUps({ ...ok, 'battery.charge': '100', 'ups.load': '20' });
  assert.is(result.severity, 'ok');
  assert.equal(result.reasons, []);
});

severity('takes the worst flag', () => {
  assert.is(assessUps({ 'ups.status': 'OB DISCHRG' }).severity, 'warning');
  assert.is(assessUps({ 'ups.status': 'OB LB' }).severity, 'critical');
  assert.is(assessUps({ 'ups.status': 'OL OVER' }).severity, 'critical');
  assert.is(assessUps({ 'ups.status': 'OL BYPASS' }).severity, 'warning');
  assert.is(assessUps({ 'ups.status': 'OL TRIM' }).severity, 'info');
  assert.is(assessUps({ 'ups.status': 'OL FOO' }).severity, 'info');
});

severity('calls a UPS without ups.status unknown, as a warning', () => {
  const result = assessUps({ 'battery.charge': '90' });
  assert.is(result.state, 'Status unknown');
  assert.is(result.severity, 'warning');
  assert.equal(result.reasons, ['The UPS reports no status']);
});

severity('takes no status from a device that is not a UPS as no fault', () => {
  // An Eaton ePDU on snmp-ups (DDL) sends device.type pdu and an empty ups.status.
  const pdu = assessUps({ 'device.type': 'pdu', 'ups.status': '' });
  assert.is(pdu.severity, 'ok');
  assert.equal(pdu.reasons, []);
  assert.is(pdu.state, 'No status (a PDU)');
  // A UPS that says so, or says nothing of its type, still warns.
  for (const type of ['ups', '']) assert.equal(assessUps({ 'device.type': type }).reasons, ['The UPS reports no status'], type);
});

severity('uses the alarm text instead of the bare ALARM word', () => {
  const result = assessUps({ 'ups.status': 'ALARM OL', 'ups.alarm': '[Replace battery!] [Fan failure!]' });
  assert.is(result.severity, 'warning');
  assert.equal(result.reasons, ['Alarm: [Replace battery!] [Fan failure!]']);
});

severity('takes an ups.alarm of "0" or blank without the ALARM word as no alarm', () => {
  // As in the Ablerex GRs and MSII dumps (nutdrv_qx 2.7.4.1): a healthy UPS on mains.
  for (const text of ['0', '', '  ']) {
    const result = assessUps({ 'ups.status': 'OL', 'ups.alarm': text });
    assert.is(result.severity, 'ok', JSON.stringify(text));
    assert.equal(result.reasons, [], JSON.stringify(text));
  }
  assert.equal(assessUps({ 'ups.status': 'OL', 'ups.alarm': 'Replace battery!' }).reasons, ['Alarm: Replace battery!'], 'real text without the word');
  assert.equal(assessUps({ 'ups.status': 'ALARM OL', 'ups.alarm': '  ' }).reasons, ['Alarm active'], 'the word without text');
});

severity('warns at the charge warning mark and is critical at the low mark on battery', () => {
  const marks = { 'battery.charge.low': '10', 'battery.charge.warning': '50' };
  assert.is(assessUps({ ...ok, ...marks, 'battery.charge': '51' }).severity, 'ok');
  assert.is(assessUps({ ...ok, ...marks, 'battery.charge': '50' }).severity, 'warning');
  assert.is(assessUps({ ...ok, ...marks, 'battery.charge': '10' }).severity, 'warning', 'recharging on mains');
  const low = assessUps({ 'ups.status': 'OB', ...marks, 'battery.charge': '9' });
  assert.is(low.severity, 'critical');
  assert.equal(low.reasons, ['Battery charge 9 % is at or below the low mark (10 %)', 'On battery']);
});

severity('is critical at the runtime low mark on battery', () => {
  const result = assessUps({ 'ups.status': 'OB', 'battery.runtime': '100', 'battery.runtime.low': '120' });
  assert.is(result.severity, 'critical');
  assert.ok(result.reasons.includes('Runtime 1 min is at or below the low mark (2 min)'));
});

severity('warns when mains voltage is outside the transfer points', () => {
  const points = { 'input.transfer.low': '88', 'input.transfer.high': '144' };
  assert.is(assessUps({ ...ok, ...points, 'input.voltage': '120' }).severity, 'ok');
  assert.equal(assessUps({ ...ok, ...points, 'input.voltage': '85.5' }).reasons, ['Input voltage 85.5 V is below the transfer point (88 V)']);
  assert.equal(assessUps({ ...ok, ...points, 'input.voltage': '150' }).reasons, ['Input voltage 150 V is above the transfer point (144 V)']);
  assert.is(assessUps({ 'ups.status': 'OB', ...points, 'input.voltage': '0' }).reasons.length, 1, 'no input on battery is expected');
});

severity('draws no warning from an input far past transfer points a UPS on mains has not acted on', () => {
  const cases = [
    // APC Silcon (snmp-ups): a phase voltage against points between phases.
    { 'input.voltage': '227.0', 'input.transfer.low': '340', 'input.transfer.high': '460' },
    // CyberPower PR3000E (powerpanel): a 120 V model's points on a 230 V line.
    { 'input.voltage': '176', 'input.transfer.low': '88', 'input.transfer.high': '147' },
    // PowerWalker Basic VI 1000 SB (usbhid-ups): all three as differences from 230 V.
    { 'input.voltage': '1.2', 'input.transfer.low': '16', 'input.transfer.high': '29' },
  ];
  for (const vars of cases) {
    const result = assessUps({ ...ok, ...vars });
    assert.is(result.severity, 'ok', vars['input.voltage']);
    assert.equal(result.reasons, [], vars['input.voltage']);
  }
  // Up to a tenth past the point is taken at the UPS's word (a Mecer ME-1000-WTU on nutdrv_qx: 211.9 V, 218 V).
  const points = { 'input.transfer.low': '218', 'input.transfer.high': '242' };
  assert.equal(assessUps({ ...ok, ...points, 'input.voltage': '211.9' }).reasons, ['Input voltage 211.9 V is below the transfer point (218 V)']);
  assert.is(assessUps({ ...ok, ...points, 'input.voltage': '196.3' }).severity, 'warning', 'just within a tenth below');
  assert.is(assessUps({ ...ok, ...points, 'input.voltage': '196.1' }).severity, 'ok', 'more than a tenth below');
  assert.is(assessUps({ ...ok, ...points, 'input.voltage': '266.1' }).severity, 'warning', 'just within a tenth above');
  assert.is(assessUps({ ...ok, ...points, 'input.voltage': '266.3' }).severity, 'ok', 'more than a tenth above');
});

severity('warns at 80 % load and is critical at 100 %', () => {
  assert.is(assessUps({ ...ok, 'ups.load': '79.9' }).severity, 'ok');
  assert.is(assessUps({ ...ok, 'ups.load': '80' }).severity, 'warning');
  assert.is(assessUps({ ...ok, 'ups.load': '100' }).severity, 'critical');
  assert.equal(assessUps({ ...ok, 'ups.load': '112' }).reasons, ['Load 112 % is at or over capacity']);
  assert.equal(assessUps({ ...ok, 'ups.load': '200' }).reasons, ['Load 200 % is at or over capacity']);
});

severity('reads a load over 200 % or below 0 as a misreading: no overload, no load, no estimate from it', () => {
  for (const sent of ['520', '200.1', '562020.0', '-3']) {
    const result = assessUps({ ...ok, 'ups.load': sent, 'ups.realpower.nominal': '300' });
    assert.is(result.severity, 'ok', sent);
    assert.equal(result.reasons, [], sent);
    assert.is(result.metrics.load, null, sent);
    assert.is(result.metrics.powerWatts, null, sent);
  }
  assert.ok(assessUps({ ...ok, 'ups.load': '520', 'ups.status': 'OL OVER' }).reasons.includes('Overloaded'), "the UPS's own OVER flag still counts");
});

severity.run();

const metrics = suite('assessUps metrics');

metrics('marks a runtime of 65535, or 0 on mains, as unreliable', () => {
  assert.is(assessUps({ ...ok, 'battery.runtime': '65535' }).metrics.runtimeReliable, false);
  // 65535 minutes, in seconds.
  assert.is(assessUps({ ...ok, 'battery.runtime': '3932100' }).metrics.runtimeReliable, false);
  assert.is(assessUps({ ...ok, 'battery.runtime': '3932099' }).metrics.runtimeReliable, true);
  assert.is(assessUps({ ...ok, 'battery.runtime': '0.00' }).metrics.runtimeReliable, false);
  assert.is(assessUps({ 'ups.status': 'OB', 'battery.runtime': '0' }).metrics.runtimeReliable, true);
  assert.is(assessUps({ ...ok, 'battery.runtime': '01406' }).metrics.runtimeSeconds, 1406);
});

metrics('reads a runtime low mark of 0 s as no mark', () => {
  assert.is(assessUps({ ...ok, 'battery.runtime': '1200', 'battery.runtime.low': '0' }).metrics.runtimeLowSeconds, null);
  assert.is(assessUps({ ...ok, 'battery.runtime': '1200', 'battery.runtime.low': '120' }).metrics.runtimeLowSeconds, 120);
});

metrics('ignores a faked runtime when checking the low mark', () => {
  const result = assessUps({ 'ups.status': 'OB', 'battery.runtime': '65535', 'battery.runtime.low': '120' });
  assert.is(result.severity, 'warning');
});

metrics('prefers measured power and otherwise estimates it from the load', () => {
  const measured = assessUps({ ...ok, 'ups.realpower': '420', 'ups.load': '50', 'ups.realpower.nominal': '600' }).metrics;
  assert.equal([measured.powerWatts, measured.powerEstimated], [420, false]);
  const estimate = assessUps({ ...ok, 'ups.load': '18', 'ups.realpower.nominal': '600' }).metrics;
  assert.equal([estimate.powerWatts, estimate.powerEstimated], [108, true]);
  const fromVa = assessUps({ ...ok, 'ups.load': '26', 'ups.power.nominal': '800' }).metrics;
  assert.equal([fromVa.powerWatts, fromVa.powerEstimated], [208, true]);
  assert.is(assessUps({ ...ok, 'ups.load': '26' }).metrics.powerWatts, null);
});

metrics('adds up a three-phase UPS that measures its power only per phase, and only all three', () => {
  const phases = { 'output.L1.realpower': '383', 'output.L2.realpower': '482', 'output.L3.realpower': '374' };
  const summed = assessUps({ ...ok, ...phases, 'ups.power.nominal': '20000' }).metrics;
  assert.equal([summed.powerWatts, summed.powerEstimated], [1239, false]);
  const { 'output.L3.realpower': _missing, ...two } = phases;
  assert.is(assessUps({ ...ok, ...two }).metrics.powerWatts, null, 'two phases of three are not the total');
  assert.is(assessUps({ ...ok, ...phases, 'output.realpower': '1300' }).metrics.powerWatts, 1300, 'a total the UPS sends comes first');
  const zeros = { 'output.L1.realpower': '0.00', 'output.L2.realpower': '0.00', 'output.L3.realpower': '0.00' };
  assert.is(assessUps({ ...ok, ...zeros, 'output.L1.power.percent': '18.00' }).metrics.powerWatts, null, '0 W with a phase at 18 % is not measured');
  const live = { 'output.L1.voltage': '230', 'output.L2.voltage': '230', 'output.L3.voltage': '230' };
  assert.is(assessUps({ ...ok, ...zeros, ...live, 'output.L1.power.percent': '0.00' }).metrics.powerWatts, 0, 'nothing carried, nothing drawn');
});

metrics('takes a three-phase UPS without ups.load as loaded as its most loaded phase, and estimates no power from it', () => {
  const phases = { 'output.L1.power.percent': '25.00', 'output.L2.power.percent': '32.00', 'output.L3.power.percent': '28.00', 'ups.power.nominal': '20000' };
  const loaded = assessUps({ ...ok, ...phases });
  assert.equal([loaded.metrics.load, loaded.metrics.powerWatts, loaded.severity], [32, null, 'ok']);
  assert.equal(assessUps({ ...ok, ...phases, 'ups.L3.load': '104' }).reasons, ['Load 104 % is at or over capacity'], 'ups.Lx.load first, as the phases table');
  assert.is(assessUps({ ...ok, ...phases, 'ups.load': '20' }).metrics.load, 20, "the UPS's own figure comes first");
  assert.is(assessUps({ ...ok, 'output.L1.power.percent': '520' }).metrics.load, null, 'a phase no UPS can report is no reading either');
  assert.is(assessUps({ ...ok, 'output.L1.power.percent': '520', 'output.L2.power.percent': '20' }).metrics.load, 20, 'nor is it the busiest');
});

metrics('reads three-phase names all at 0 as a single-phase UPS filling them, as the phases table does: no load, no power', () => {
  const zeros = Object.fromEntries(['L1', 'L2', 'L3'].flatMap((p) => [[`output.${p}.power.percent`, '0.00'], [`output.${p}.realpower`, '0.00']]));
  const read = assessUps({ ...ok, ...zeros }).metrics;
  assert.equal([read.load, read.powerWatts], [null, null]);
});

metrics.run();
